import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { serviceItem } from '../db/schema';

export type ItemRow = typeof serviceItem.$inferSelect;
export type NewItem = typeof serviceItem.$inferInsert;

export function listItems(db: DbOrTx, activeOnly: boolean): Promise<ItemRow[]> {
  const q = db.select().from(serviceItem);
  return (activeOnly ? q.where(eq(serviceItem.active, true)) : q).orderBy(asc(serviceItem.id));
}

export async function findItemByCode(db: DbOrTx, code: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(serviceItem).where(eq(serviceItem.code, code));
  return row;
}

export async function findItemById(db: DbOrTx, id: number): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(serviceItem).where(eq(serviceItem.id, id));
  return row;
}

export async function insertItems(db: DbOrTx, items: NewItem[]): Promise<ItemRow[]> {
  return db.insert(serviceItem).values(items).returning();
}

export async function updateItem(db: DbOrTx, id: number, patch: Partial<NewItem>): Promise<ItemRow | undefined> {
  const [row] = await db.update(serviceItem).set({ ...patch, updatedAt: new Date() }).where(eq(serviceItem.id, id)).returning();
  return row;
}
