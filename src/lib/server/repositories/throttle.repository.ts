import { asc, eq, inArray, sql } from 'drizzle-orm';
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
export async function recordFailure(db: DbOrTx, key: string, now: Date): Promise<number> {
  const streakStart = new Date(now.getTime() - STREAK_GAP_MS).toISOString();
  const failures = sql`case when ${loginThrottle.updatedAt} < ${streakStart}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ key, failures: 1, updatedAt: now })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, updatedAt: now } })
    .returning({ failures: loginThrottle.failures });
  return row.failures;
}

export async function lock(db: DbOrTx, key: string, until: Date): Promise<void> {
  await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.key, key));
}

export async function clear(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/**
 * Takes one attempt under every key at once, before the password is checked: refused (the latest lock
 * returned) while any key is locked; otherwise counted as a failure in advance, and locked for as long as
 * `lockMs` says of the new count. The rows are held for update, so a burst of guesses sent together is
 * counted one by one and gets no more checks than guesses sent in turn. A success gives its count back
 * (`refund`).
 */
export async function reserve(tx: Tx, keys: string[], now: Date, lockMs: (failures: number, key: string) => number | null): Promise<Date | null> {
  const sorted = [...new Set(keys)].sort();
  await tx.insert(loginThrottle).values(sorted.map((key) => ({ key, failures: 0, updatedAt: now }))).onConflictDoNothing();
  const held = await tx.select().from(loginThrottle).where(inArray(loginThrottle.key, sorted)).orderBy(asc(loginThrottle.key)).for('update');
  const locks = held.map((r) => r.lockedUntil).filter((d): d is Date => d !== null && d > now);
  if (locks.length) return new Date(Math.max(...locks.map((d) => d.getTime())));
  const streakStart = now.getTime() - STREAK_GAP_MS;
  for (const r of held) {
    const failures = r.updatedAt.getTime() < streakStart ? 1 : r.failures + 1;
    const ms = lockMs(failures, r.key);
    await tx.update(loginThrottle).set({ failures, updatedAt: now, lockedUntil: ms === null ? null : new Date(now.getTime() + ms) }).where(eq(loginThrottle.key, r.key));
  }
  return null;
}

/** A reserved attempt that succeeded: its failure is taken back, and a lock it alone earned lifted. */
export async function refund(db: DbOrTx, key: string, lockFrom: number): Promise<void> {
  await db
    .update(loginThrottle)
    .set({ failures: sql`greatest(${loginThrottle.failures} - 1, 0)`, lockedUntil: sql`case when ${loginThrottle.failures} - 1 < ${lockFrom} then null else ${loginThrottle.lockedUntil} end` })
    .where(eq(loginThrottle.key, key));
}
