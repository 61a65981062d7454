import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notification } from '../db/schema';

export type NotificationRow = typeof notification.$inferSelect;

export async function enqueue(tx: DbOrTx, n: typeof notification.$inferInsert): Promise<void> {
  await tx.insert(notification).values(n);
}

/** Unsent notifications, locked for this transaction; another process skips them rather than waiting. */
export function claimPending(tx: DbOrTx, limit = 20): Promise<NotificationRow[]> {
  return tx
    .select()
    .from(notification)
    .where(and(isNull(notification.sentAt), lt(notification.attempts, 10)))
    .orderBy(asc(notification.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markSent(db: DbOrTx, id: number, at: Date): Promise<void> {
  await db.update(notification).set({ sentAt: at, attempts: sql`${notification.attempts} + 1` }).where(eq(notification.id, id));
}

export async function markFailed(db: DbOrTx, id: number): Promise<void> {
  await db.update(notification).set({ attempts: sql`${notification.attempts} + 1` }).where(eq(notification.id, id));
}
