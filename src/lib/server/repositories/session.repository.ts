import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { statement } from '../db/statement';
import { session, staffUser } from '../db/schema';
import type { StaffRow } from './staff.repository';

export interface SessionRow {
  idHash: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  display: boolean;
}

export async function insertSession(db: DbOrTx, s: { idHash: string; userId: number; expiresAt: Date; now: Date }): Promise<void> {
  await db.insert(session).values({ idHash: s.idHash, userId: s.userId, expiresAt: s.expiresAt, createdAt: s.now, lastSeenAt: s.now });
}

// Every signed-in request needs one: looked up many at a time (services/auth.service.ts), one statement
// whatever the number, its keys in one jsonb parameter; built once (db/statement.ts).
const withUser = statement('sessions_with_user', (db) =>
  db
    .select({ session, user: staffUser })
    .from(session)
    .innerJoin(staffUser, eq(staffUser.id, session.userId))
    .where(sql`${session.idHash} = any(array(select jsonb_array_elements_text(${sql.placeholder('idHashes')}::jsonb)))`)
);
export function findSessionsWithUser(db: DbOrTx, idHashes: string[]): Promise<{ session: SessionRow; user: StaffRow }[]> {
  return withUser(db, { idHashes: JSON.stringify(idHashes) });
}

export async function touchSession(db: DbOrTx, idHash: string, now: Date): Promise<void> {
  await db.update(session).set({ lastSeenAt: now }).where(eq(session.idHash, idHash));
}

/** 大屏: the session becomes a wall screen's (read-only, no idle end) for the rest of its life. */
export async function markDisplay(db: DbOrTx, idHash: string): Promise<void> {
  await db.update(session).set({ display: true }).where(eq(session.idHash, idHash));
}

export async function deleteSession(db: DbOrTx, idHash: string): Promise<boolean> {
  const rows = await db.delete(session).where(eq(session.idHash, idHash)).returning({ idHash: session.idHash });
  return rows.length > 0;
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: number): Promise<string[]> {
  const rows = await db.delete(session).where(eq(session.userId, userId)).returning({ idHash: session.idHash });
  return rows.map((r) => r.idHash);
}

/** The rows of those of the given sessions that still exist. */
export async function findSessions(db: DbOrTx, idHashes: string[]): Promise<SessionRow[]> {
  if (idHashes.length === 0) return [];
  return db.select().from(session).where(inArray(session.idHash, idHashes));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date, idleBefore: Date): Promise<number> {
  const rows = await db
    .delete(session)
    .where(or(lt(session.expiresAt, now), and(lt(session.lastSeenAt, idleBefore), eq(session.display, false))))
    .returning({ idHash: session.idHash });
  return rows.length;
}
