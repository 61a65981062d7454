import { eq, inArray, sql } from 'drizzle-orm';
import { lockFor, type Limit } from '../../domain/throttle';
import type { DbOrTx, Tx } from '../db/client';
import { loginThrottle } from '../db/schema';

export async function lockedUntil(db: DbOrTx, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(inArray(loginThrottle.key, keys));
  const until = rows.map((r) => r.lockedUntil).filter((d): d is Date => d !== null && d > now);
  return until.length ? new Date(Math.max(...until.map((d) => d.getTime()))) : null;
}

/**
 * A streak of failures ends after this long without one. Counted forever, a shared address (an office
 * behind one NAT) would collect its staff's occasional typos until every single typo locked all of them out.
 */
const STREAK_GAP_MS = 15 * 60_000;

/** Counts one more failure atomically and returns the new count (1 when the previous streak has ended). */
async function recordFailure(db: DbOrTx, key: string, now: Date): Promise<number> {
  const streakStart = new Date(now.getTime() - STREAK_GAP_MS).toISOString();
  const failures = sql`case when ${loginThrottle.updatedAt} < ${streakStart}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, updatedAt: now })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, updatedAt: now } })
    .returning({ failures: loginThrottle.failures });
  return row.failures;
}

async function lock(db: DbOrTx, key: string, until: Date): Promise<void> {
  await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.key, key));
}

export async function clear(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/**
 * One guess against a subject (an account, a case number, a pairing client), taken before it is checked:
 * refused — the latest lock returned — while the subject or any `watched` key (a client's, a device's, the whole
 * door's) is locked; otherwise counted as a miss in advance under the subject, whose row is held for update, so
 * guesses sent at once are checked no more often than guesses sent in turn. A success clears the subject
 * (`clear`); a miss is already counted there, and the caller counts it under the watched keys (`recordMiss`).
 * Watched keys count misses only: successes, which any holder of a valid credential can make at will, never
 * lower them.
 */
export async function reserve(tx: Tx, subject: { key: string; limit: Limit }, watched: string[], now: Date): Promise<Date | null> {
  await tx.insert(loginThrottle).values({ key: subject.key, failures: 0, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, subject.key)).for('update');
  const locked = [row.lockedUntil, await lockedUntil(tx, watched, now)].filter((d): d is Date => d !== null && d > now);
  if (locked.length) return new Date(Math.max(...locked.map((d) => d.getTime())));
  const failures = row.updatedAt.getTime() < now.getTime() - STREAK_GAP_MS ? 1 : row.failures + 1;
  const ms = lockFor(subject.limit, failures);
  await tx.update(loginThrottle).set({ failures, updatedAt: now, lockedUntil: ms === null ? null : new Date(now.getTime() + ms) }).where(eq(loginThrottle.key, subject.key));
  return null;
}

/** A miss, counted under each key, locking a key whose streak has reached its limit. */
export async function recordMiss(db: DbOrTx, keys: { key: string; limit: Limit }[], now: Date): Promise<void> {
  for (const { key, limit } of keys) {
    const ms = lockFor(limit, await recordFailure(db, key, now));
    if (ms !== null) await lock(db, key, new Date(now.getTime() + ms));
  }
}
