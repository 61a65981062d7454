// The association (一会): members, charter versions, meetings with attendees, decisions and references.
import { and, asc, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
  agreement,
  associationAttendee,
  associationCharter,
  associationDecision,
  associationDecisionRef,
  associationMeeting,
  associationMember,
  company,
  serviceItem,
  staffUser
} from '../db/schema';

export type MemberRow = typeof associationMember.$inferSelect;
export type CharterRow = typeof associationCharter.$inferSelect;
export type MeetingRow = typeof associationMeeting.$inferSelect;
export type DecisionRow = typeof associationDecision.$inferSelect;

// ---- members

export async function memberCompanyIds(db: DbOrTx, streetId: number): Promise<Set<number>> {
  const rows = await db.select({ id: associationMember.companyId }).from(associationMember).where(and(eq(associationMember.streetId, streetId), isNull(associationMember.leftOn)));
  return new Set(rows.map((r) => r.id));
}

export function membersOfStreet(db: DbOrTx, streetId: number) {
  return db
    .select({ m: associationMember, nameZh: company.nameZh, nameEn: company.nameEn })
    .from(associationMember)
    .innerJoin(company, eq(company.id, associationMember.companyId))
    .where(eq(associationMember.streetId, streetId))
    .orderBy(asc(associationMember.id));
}

export async function findMember(db: DbOrTx, streetId: number, companyId: number, lock = false): Promise<MemberRow | undefined> {
  const q = db.select().from(associationMember).where(and(eq(associationMember.streetId, streetId), eq(associationMember.companyId, companyId)));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

/** The current president unit other than `exceptCompanyId`, locked: a second writer waits here. */
export async function otherPresident(tx: DbOrTx, streetId: number, exceptCompanyId: number): Promise<MemberRow | undefined> {
  const [row] = await tx
    .select()
    .from(associationMember)
    .where(and(eq(associationMember.streetId, streetId), eq(associationMember.role, 'president'), ne(associationMember.companyId, exceptCompanyId)))
    .for('update');
  return row;
}

export async function insertMember(tx: DbOrTx, m: typeof associationMember.$inferInsert): Promise<MemberRow> {
  const [row] = await tx.insert(associationMember).values(m).returning();
  return row;
}

export async function updateMember(tx: DbOrTx, id: number, patch: Partial<typeof associationMember.$inferInsert>): Promise<MemberRow> {
  const [row] = await tx.update(associationMember).set(patch).where(eq(associationMember.id, id)).returning();
  return row;
}

// ---- charter

export function charterVersions(db: DbOrTx, streetId: number): Promise<CharterRow[]> {
  return db.select().from(associationCharter).where(eq(associationCharter.streetId, streetId)).orderBy(desc(associationCharter.adoptedOn), desc(associationCharter.version));
}

/** The next version number; two writers at once collide on the unique index (a 409, nothing written). */
export async function nextCharterVersion(tx: DbOrTx, streetId: number): Promise<number> {
  const [row] = await tx.select({ v: sql<number>`coalesce(max(${associationCharter.version}), 0)::int` }).from(associationCharter).where(eq(associationCharter.streetId, streetId));
  return Number(row?.v ?? 0) + 1;
}

export async function insertCharter(tx: DbOrTx, c: typeof associationCharter.$inferInsert): Promise<CharterRow> {
  const [row] = await tx.insert(associationCharter).values(c).returning();
  return row;
}

// ---- what a meeting may name, checked against the street

/** Of `ids`, those that are companies of the street. */
export async function companiesIn(db: DbOrTx, streetId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: company.id }).from(company).where(and(eq(company.streetId, streetId), inArray(company.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Of `ids`, those that are staff accounts of the street. */
export async function staffIn(db: DbOrTx, streetId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: staffUser.id }).from(staffUser).where(and(eq(staffUser.streetId, streetId), inArray(staffUser.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Of `ids`, those that are agreements of the street. */
export async function agreementsIn(db: DbOrTx, streetId: number, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: agreement.id }).from(agreement).where(and(eq(agreement.streetId, streetId), inArray(agreement.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Of `ids`, those that are items of the catalogue (one catalogue serves every street: it has no street column). */
export async function serviceItemsIn(db: DbOrTx, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: serviceItem.id }).from(serviceItem).where(inArray(serviceItem.id, ids));
  return new Set(rows.map((r) => r.id));
}

// ---- meetings

export async function insertMeeting(tx: DbOrTx, m: typeof associationMeeting.$inferInsert): Promise<MeetingRow> {
  const [row] = await tx.insert(associationMeeting).values(m).returning();
  return row;
}

export async function updateMeeting(tx: DbOrTx, id: number, patch: Partial<typeof associationMeeting.$inferInsert>): Promise<void> {
  await tx.update(associationMeeting).set(patch).where(eq(associationMeeting.id, id));
}

export async function findMeeting(db: DbOrTx, id: number, lock = false): Promise<MeetingRow | undefined> {
  const q = db.select().from(associationMeeting).where(eq(associationMeeting.id, id));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export function meetingsOfStreet(db: DbOrTx, streetId: number): Promise<MeetingRow[]> {
  return db.select().from(associationMeeting).where(eq(associationMeeting.streetId, streetId)).orderBy(desc(associationMeeting.heldOn), desc(associationMeeting.id));
}

export async function replaceAttendees(tx: DbOrTx, meetingId: number, companyIds: number[], staffIds: number[]): Promise<void> {
  await tx.delete(associationAttendee).where(eq(associationAttendee.meetingId, meetingId));
  const rows = [...companyIds.map((companyId) => ({ meetingId, companyId })), ...staffIds.map((staffUserId) => ({ meetingId, staffUserId }))];
  if (rows.length) await tx.insert(associationAttendee).values(rows);
}

export async function nextDecisionPosition(tx: DbOrTx, meetingId: number): Promise<number> {
  const [row] = await tx.select({ p: sql<number>`coalesce(max(${associationDecision.position}), 0)::int` }).from(associationDecision).where(eq(associationDecision.meetingId, meetingId));
  return Number(row?.p ?? 0) + 1;
}

export async function insertDecision(
  tx: DbOrTx,
  d: typeof associationDecision.$inferInsert,
  refs: { serviceItemIds: number[]; agreementIds: number[] }
): Promise<DecisionRow> {
  const [row] = await tx.insert(associationDecision).values(d).returning();
  const refRows = [...refs.serviceItemIds.map((serviceItemId) => ({ decisionId: row.id, serviceItemId })), ...refs.agreementIds.map((agreementId) => ({ decisionId: row.id, agreementId }))];
  if (refRows.length) await tx.insert(associationDecisionRef).values(refRows);
  return row;
}

/** Attendees, decisions and decision references of the given meetings, each in one query. */
export async function meetingDetails(db: DbOrTx, meetingIds: number[]) {
  if (!meetingIds.length) return { attendees: [], decisions: [], refs: [] };
  const [attendees, decisions] = await Promise.all([
    db
      .select({
        meetingId: associationAttendee.meetingId,
        companyId: associationAttendee.companyId,
        staffUserId: associationAttendee.staffUserId,
        companyZh: company.nameZh,
        companyEn: company.nameEn,
        staffName: staffUser.displayName
      })
      .from(associationAttendee)
      .leftJoin(company, eq(company.id, associationAttendee.companyId))
      .leftJoin(staffUser, eq(staffUser.id, associationAttendee.staffUserId))
      .where(inArray(associationAttendee.meetingId, meetingIds))
      .orderBy(asc(associationAttendee.id)),
    db.select().from(associationDecision).where(inArray(associationDecision.meetingId, meetingIds)).orderBy(asc(associationDecision.meetingId), asc(associationDecision.position))
  ]);
  const decisionIds = decisions.map((d) => d.id);
  const refs = decisionIds.length
    ? await db
        .select({
          decisionId: associationDecisionRef.decisionId,
          serviceItemId: associationDecisionRef.serviceItemId,
          agreementId: associationDecisionRef.agreementId,
          itemCode: serviceItem.code,
          itemZh: serviceItem.nameZh,
          itemEn: serviceItem.nameEn,
          agreementTitle: agreement.title
        })
        .from(associationDecisionRef)
        .leftJoin(serviceItem, eq(serviceItem.id, associationDecisionRef.serviceItemId))
        .leftJoin(agreement, eq(agreement.id, associationDecisionRef.agreementId))
        .where(inArray(associationDecisionRef.decisionId, decisionIds))
        .orderBy(asc(associationDecisionRef.id))
    : [];
  return { attendees, decisions, refs };
}

/** The options of the meeting form: staff of the street (names only) and its agreements. */
export async function formOptions(db: DbOrTx, streetId: number) {
  const [staff, agreements, items] = await Promise.all([
    db.select({ id: staffUser.id, displayName: staffUser.displayName, role: staffUser.role }).from(staffUser).where(and(eq(staffUser.streetId, streetId), sql`${staffUser.disabledAt} is null`)).orderBy(asc(staffUser.id)),
    db.select({ id: agreement.id, title: agreement.title }).from(agreement).where(eq(agreement.streetId, streetId)).orderBy(asc(agreement.id)),
    db.select({ id: serviceItem.id, code: serviceItem.code, nameZh: serviceItem.nameZh, nameEn: serviceItem.nameEn }).from(serviceItem).orderBy(asc(serviceItem.id))
  ]);
  return { staff, agreements, items };
}
