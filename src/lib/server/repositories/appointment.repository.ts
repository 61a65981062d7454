import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { booking, proxyCase, serviceItem, slot, staffUser } from '../db/schema';

export type SlotRow = typeof slot.$inferSelect;

/** undefined: the point already has this slot (same kind and times). */
export async function insertSlot(db: DbOrTx, s: typeof slot.$inferInsert): Promise<SlotRow | undefined> {
  const [row] = await db.insert(slot).values(s).onConflictDoNothing({ target: [slot.pointId, slot.kind, slot.startsAt, slot.endsAt] }).returning();
  return row;
}

/** Takes one place in the slot if one is left; the row lock makes two last-place bookings race safely. */
export async function takePlace(tx: DbOrTx, slotId: number, pointId: number): Promise<SlotRow | 'full' | undefined> {
  const [s] = await tx.select().from(slot).where(and(eq(slot.id, slotId), eq(slot.pointId, pointId))).for('update');
  if (!s) return undefined;
  if (s.booked >= s.capacity) return 'full';
  await tx.update(slot).set({ booked: sql`${slot.booked} + 1` }).where(eq(slot.id, slotId));
  return s;
}

export async function insertBooking(tx: DbOrTx, b: typeof booking.$inferInsert): Promise<void> {
  await tx.insert(booking).values(b);
}

export function slotsOf(db: DbOrTx, pointId: number, from: Date, to: Date): Promise<SlotRow[]> {
  return db
    .select()
    .from(slot)
    .where(and(eq(slot.pointId, pointId), gte(slot.startsAt, from), lt(slot.startsAt, to)))
    .orderBy(asc(slot.startsAt));
}

export function agendaOf(db: DbOrTx, pointId: number, from: Date, to: Date) {
  return db
    .select({ slot, booking, assignedName: staffUser.displayName, caseNo: proxyCase.caseNo, caseId: proxyCase.id, state: proxyCase.state, applicantName: proxyCase.applicantName, itemZh: serviceItem.nameZh, itemEn: serviceItem.nameEn })
    .from(booking)
    .innerJoin(slot, eq(slot.id, booking.slotId))
    .innerJoin(proxyCase, eq(proxyCase.id, booking.caseId))
    .innerJoin(serviceItem, eq(serviceItem.id, proxyCase.itemId))
    .leftJoin(staffUser, eq(staffUser.id, booking.assignedUserId))
    .where(and(eq(slot.pointId, pointId), gte(slot.startsAt, from), lt(slot.startsAt, to)))
    .orderBy(asc(slot.startsAt));
}

/** A case's booked time (appointment or home visit) and who goes, if it has one. */
export async function bookingOfCase(db: DbOrTx, caseId: number) {
  const [row] = await db
    .select({ kind: slot.kind, startsAt: slot.startsAt, endsAt: slot.endsAt, assignedTo: staffUser.displayName })
    .from(booking)
    .innerJoin(slot, eq(slot.id, booking.slotId))
    .leftJoin(staffUser, eq(staffUser.id, booking.assignedUserId))
    .where(eq(booking.caseId, caseId));
  return row;
}

/** The booked start of each of these cases that has one, for the board's cards. */
export async function bookedTimes(db: DbOrTx, caseIds: number[]): Promise<Map<number, Date>> {
  if (!caseIds.length) return new Map();
  const rows = await db.select({ caseId: booking.caseId, startsAt: slot.startsAt }).from(booking).innerJoin(slot, eq(slot.id, booking.slotId)).where(inArray(booking.caseId, caseIds));
  return new Map(rows.map((r) => [r.caseId, r.startsAt]));
}

/** Gives a cancelled or moved case's place back to its slot. */
export async function releasePlace(tx: DbOrTx, caseId: number): Promise<void> {
  const [b] = await tx.delete(booking).where(eq(booking.caseId, caseId)).returning({ slotId: booking.slotId });
  if (b) await tx.update(slot).set({ booked: sql`${slot.booked} - 1` }).where(eq(slot.id, b.slotId));
}

/** Assigns a home visit of this point to a staff member; false when there is no such booking here. */
export async function assignBooking(tx: DbOrTx, caseId: number, pointId: number, userId: number): Promise<boolean> {
  const rows = await tx
    .update(booking)
    .set({ assignedUserId: userId })
    .where(and(eq(booking.caseId, caseId), sql`${booking.slotId} in (select id from slot where point_id = ${pointId} and kind = 'home_visit')`))
    .returning({ id: booking.id });
  return rows.length > 0;
}
