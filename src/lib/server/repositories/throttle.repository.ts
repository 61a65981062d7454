import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
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
