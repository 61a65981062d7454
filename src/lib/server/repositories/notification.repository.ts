import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { notification } from '../db/schema';

export type NotificationRow = typeof notification.$inferSelect;

export async function enqueue(tx: DbOrTx, n: typeof notification.$inferInsert): Promise<void> {
  await tx.insert(notification).values(n);
}

export function pending(db: DbOrTx, limit = 50): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notification)
    .where(and(isNull(notification.sentAt), lt(notification.attempts, 10)))
    .orderBy(asc(notification.id))
    .limit(limit);
}

export async function markSent(db: DbOrTx, id: number, at: Date): Promise<void> {
  await db.update(notification).set({ sentAt: at, attempts: sql`${notification.attempts} + 1` }).where(eq(notification.id, id));
}

export async function markFailed(db: DbOrTx, id: number): Promise<void> {
  await db.update(notification).set({ attempts: sql`${notification.attempts} + 1` }).where(eq(notification.id, id));
}
