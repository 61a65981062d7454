import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { assessment, pledge, staffUser, trainingAttendance, trainingSession } from '../db/schema';
import { idArray, statement } from '../db/statement';

export interface Certification {
  certifiedUntil: Date | null;
  pledgeSignedAt: Date | null;
}

/**
 * The latest assessment decides (a failed re-assessment withdraws the certificate), plus the pledge, as the
 * case machine needs them: one statement for any number of agents (a group commit reads all of its agents').
 */
// Every transition an agent makes reads them: built once (db/statement.ts).
const certifications = statement('certifications', (db) =>
  db
    .select({
      userId: staffUser.id,
      // The outer row qualified by its table: drizzle writes a selected column unqualified ("id"), which inside
      // the subquery would be the assessment's own id.
      certifiedUntil: sql`(select case when a.passed then a.valid_until end from ${assessment} a where a.user_id = ${staffUser}.id order by a.assessed_on desc, a.id desc limit 1)`.mapWith(assessment.validUntil),
      pledgeSignedAt: sql`(select p.signed_at from ${pledge} p where p.user_id = ${staffUser}.id)`.mapWith(pledge.signedAt)
    })
    .from(staffUser)
    .where(sql`${staffUser.id} = any(${idArray(sql.placeholder('ids'))})`)
);

const NONE: Certification = { certifiedUntil: null, pledgeSignedAt: null };

export async function certificationsOf(db: DbOrTx, userIds: number[]): Promise<Map<number, Certification>> {
  const rows = userIds.length ? await certifications(db, { ids: JSON.stringify(userIds) }) : [];
  const found = new Map(rows.map((r) => [r.userId, { certifiedUntil: r.certifiedUntil ?? null, pledgeSignedAt: r.pledgeSignedAt ?? null }]));
  return new Map(userIds.map((u) => [u, found.get(u) ?? NONE]));
}

export async function certificationOf(db: DbOrTx, userId: number): Promise<Certification> {
  return (await certificationsOf(db, [userId])).get(userId)!;
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
  // Disabled accounts are off the roster: nobody trains or certifies a person who has left.
  const agents = await db.select().from(staffUser).where(and(eq(staffUser.streetId, streetId), eq(staffUser.role, 'agent'), isNull(staffUser.disabledAt)));
  const attended = new Map(
    agents.length
      ? (await db.select({ userId: trainingAttendance.userId, n: sql<number>`count(*)::int` }).from(trainingAttendance).where(inArray(trainingAttendance.userId, agents.map((u) => u.id))).groupBy(trainingAttendance.userId)).map((r) => [r.userId, Number(r.n)])
      : []
  );
  const certs = await certificationsOf(db, agents.map((u) => u.id));
  return agents.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, pointId: u.pointId, sessions: attended.get(u.id) ?? 0, ...certs.get(u.id)! }));
}
