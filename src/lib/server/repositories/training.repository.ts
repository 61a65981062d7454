import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { assessment, pledge, staffUser, trainingAttendance, trainingSession } from '../db/schema';
import { statement } from '../db/statement';

export interface Certification {
  certifiedUntil: Date | null;
  pledgeSignedAt: Date | null;
}

/**
 * The latest assessment decides (a failed re-assessment withdraws the certificate), plus the pledge,
 * as the case machine needs them.
 */
// Every transition an agent makes reads both: built once (db/statement.ts).
const latestAssessment = statement('latest_assessment', (db) =>
  db
    .select({ passed: assessment.passed, validUntil: assessment.validUntil })
    .from(assessment)
    .where(eq(assessment.userId, sql.placeholder('userId')))
    .orderBy(desc(assessment.assessedOn), desc(assessment.id))
    .limit(1)
);
const pledgeOf = statement('pledge_of', (db) => db.select({ signedAt: pledge.signedAt }).from(pledge).where(eq(pledge.userId, sql.placeholder('userId'))));

export async function certificationOf(db: DbOrTx, userId: number): Promise<Certification> {
  // Both issued at once: pipelined on a transaction's connection, so one round trip.
  const [[a], [p]] = await Promise.all([latestAssessment(db, { userId }), pledgeOf(db, { userId })]);
  return { certifiedUntil: a?.passed ? (a.validUntil ?? null) : null, pledgeSignedAt: p?.signedAt ?? null };
}

export async function insertSession(db: DbOrTx, s: { title: string; heldOn: string }) {
  const [row] = await db.insert(trainingSession).values(s).returning();
  return row;
}

export async function insertAttendance(db: DbOrTx, sessionId: number, userId: number): Promise<void> {
  await db.insert(trainingAttendance).values({ sessionId, userId }).onConflictDoNothing();
}

export async function insertAssessment(db: DbOrTx, a: typeof assessment.$inferInsert) {
  const [row] = await db.insert(assessment).values(a).returning();
  return row;
}

export async function upsertPledge(db: DbOrTx, userId: number, signedAt: Date, text: string): Promise<void> {
  await db.insert(pledge).values({ userId, signedAt, text }).onConflictDoUpdate({ target: pledge.userId, set: { signedAt, text } });
}

/** Agents of a street with their certification, for the admin's training page. */
export async function agentsWithTraining(db: DbOrTx, streetId: number) {
  const agents = await db.select().from(staffUser).where(and(eq(staffUser.streetId, streetId), eq(staffUser.role, 'agent')));
  return Promise.all(agents.map(async (u) => ({ id: u.id, username: u.username, displayName: u.displayName, pointId: u.pointId, ...(await certificationOf(db, u.id)) })));
}
