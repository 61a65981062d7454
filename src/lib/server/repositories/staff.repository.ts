import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { staffUser } from '../db/schema';

export type StaffRow = typeof staffUser.$inferSelect;
export type NewStaff = typeof staffUser.$inferInsert;

export async function findStaffByUsername(db: DbOrTx, username: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staffUser).where(eq(staffUser.username, username));
  return row;
}

export async function findStaffById(db: DbOrTx, id: number): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staffUser).where(eq(staffUser.id, id));
  return row;
}

export async function insertStaff(db: DbOrTx, s: NewStaff): Promise<StaffRow> {
  const [row] = await db.insert(staffUser).values(s).returning();
  return row;
}

export async function updateStaff(db: DbOrTx, id: number, patch: Partial<NewStaff>): Promise<void> {
  await db.update(staffUser).set(patch).where(eq(staffUser.id, id));
}
