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

/** undefined: the username is taken. */
export async function insertStaffIfNew(db: DbOrTx, s: NewStaff): Promise<StaffRow | undefined> {
  const [row] = await db.insert(staffUser).values(s).onConflictDoNothing({ target: staffUser.username }).returning();
  return row;
}

/** The street's accounts, for the admin's list: no password hashes leave here. */
export function staffOfStreet(db: DbOrTx, streetId: number) {
  return db
    .select({ id: staffUser.id, username: staffUser.username, displayName: staffUser.displayName, role: staffUser.role, communityId: staffUser.communityId, pointId: staffUser.pointId, companyId: staffUser.companyId, disabledAt: staffUser.disabledAt })
    .from(staffUser)
    .where(eq(staffUser.streetId, streetId))
    .orderBy(staffUser.id);
}
