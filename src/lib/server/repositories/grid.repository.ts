// Grid records and their photos. Reads return raw rows; masking is the service's job.
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { community, company, gridPhoto, gridRecord, point, property, reviewClaim } from '../db/schema';

export type RecordRow = typeof gridRecord.$inferSelect;
export type NewRecord = typeof gridRecord.$inferInsert;
export type PhotoRow = typeof gridPhoto.$inferSelect;

export interface RecordWithPlace {
  r: RecordRow;
  streetId: number;
  propertyNameZh: string;
  propertyNameEn: string;
  companyNameZh: string;
  companyNameEn: string;
}

export interface BoardRow extends RecordWithPlace {
  holderId: number | null;
  holderName: string | null;
  claimExpiresAt: Date | null;
  knownMatch: { id: number; label: { zh: string; en: string } } | null;
  pendingMatch: number | null;
  photoCount: number;
}

export interface BoardFilter {
  kind?: string;
  propertyId?: number;
  companyId?: number;
}

const place = {
  r: gridRecord,
  streetId: community.streetId,
  propertyNameZh: property.nameZh,
  propertyNameEn: property.nameEn,
  companyNameZh: company.nameZh,
  companyNameEn: company.nameEn
};

function selectWithPlace(db: DbOrTx) {
  return db
    .select(place)
    .from(gridRecord)
    .innerJoin(property, eq(property.id, gridRecord.propertyId))
    .innerJoin(company, eq(company.id, gridRecord.companyId))
    .innerJoin(community, eq(community.id, gridRecord.communityId));
}

export async function insertRecord(tx: DbOrTx, r: NewRecord): Promise<RecordRow> {
  const [row] = await tx.insert(gridRecord).values(r).returning();
  return row;
}

/** With `lock`, two verifiers deciding at once are serialised on the row. */
export async function findRecord(db: DbOrTx, id: number, lock = false): Promise<RecordWithPlace | undefined> {
  const q = selectWithPlace(db).where(eq(gridRecord.id, id));
  const [row] = await (lock ? q.for('update', { of: gridRecord }) : q);
  return row;
}

export async function updateRecord(tx: DbOrTx, id: number, patch: Partial<NewRecord>): Promise<void> {
  await tx
    .update(gridRecord)
    .set({ ...patch, version: sql`${gridRecord.version} + 1` })
    .where(eq(gridRecord.id, id));
}

const OPEN = ['pending', 'needs_visit'];

/** The oldest open record of the same community, kind and key, other than `selfId`. */
export async function pendingDuplicate(db: DbOrTx, communityId: number, kind: string, key: string, selfId: number | null): Promise<number | null> {
  const [row] = await db
    .select({ id: gridRecord.id })
    .from(gridRecord)
    .where(
      and(
        eq(gridRecord.communityId, communityId),
        eq(gridRecord.kind, kind),
        eq(gridRecord.matchKey, key),
        inArray(gridRecord.state, OPEN),
        selfId === null ? undefined : sql`${gridRecord.id} <> ${selfId}`
      )
    )
    .orderBy(asc(gridRecord.id))
    .limit(1);
  return row?.id ?? null;
}

function filterOf(communityId: number, f: BoardFilter): SQL | undefined {
  return and(
    eq(gridRecord.communityId, communityId),
    inArray(gridRecord.state, OPEN),
    f.kind ? eq(gridRecord.kind, f.kind) : undefined,
    f.propertyId ? eq(gridRecord.propertyId, f.propertyId) : undefined,
    f.companyId ? eq(gridRecord.companyId, f.companyId) : undefined
  );
}

function cardSelect(db: DbOrTx, now: Date) {
  return db
    .select({
      ...place,
      holderId: reviewClaim.holderId,
      holderName: reviewClaim.holderName,
      claimExpiresAt: reviewClaim.expiresAt,
      knownMatch: sql<{ id: number; label: { zh: string; en: string } } | null>`(select json_build_object('id', k.id, 'label', json_build_object('zh', k.label, 'en', coalesce(k.label_en, k.label))) from known_entry k
        where k.community_id = ${gridRecord.communityId} and k.kind = ${gridRecord.kind} and k.match_key = ${gridRecord.matchKey}
        and k.source_record_id is distinct from ${gridRecord.id} limit 1)`,
      pendingMatch: sql<number | null>`(select min(o.id) from grid_record o where o.community_id = ${gridRecord.communityId}
        and o.kind = ${gridRecord.kind} and o.match_key = ${gridRecord.matchKey} and o.id <> ${gridRecord.id} and o.state in ('pending', 'needs_visit'))`,
      photoCount: sql<number>`(select count(*)::int from grid_photo p where p.record_id = ${gridRecord.id})`
    })
    .from(gridRecord)
    .innerJoin(property, eq(property.id, gridRecord.propertyId))
    .innerJoin(company, eq(company.id, gridRecord.companyId))
    .innerJoin(community, eq(community.id, gridRecord.communityId))
    .leftJoin(reviewClaim, and(eq(reviewClaim.subjectType, 'record'), eq(reviewClaim.subjectId, gridRecord.id), gt(reviewClaim.expiresAt, now)));
}

/**
 * The verification queue, oldest first, with the live claim and the duplicate match of each card.
 * The matches are correlated subqueries on indexed keys, evaluated only for the rows returned.
 */
export function boardRows(db: DbOrTx, communityId: number, f: BoardFilter, now: Date, limit: number): Promise<BoardRow[]> {
  return cardSelect(db, now).where(filterOf(communityId, f)).orderBy(asc(gridRecord.id)).limit(limit);
}

/** One record as a board card, whatever its state. */
export async function boardRowOf(db: DbOrTx, id: number, now: Date): Promise<BoardRow | undefined> {
  const [row] = await cardSelect(db, now).where(eq(gridRecord.id, id));
  return row;
}

/** A company's recent records, as cards: what a desk sees of its own filing. */
export function recordsOfCompany(db: DbOrTx, companyId: number, now: Date, limit: number): Promise<BoardRow[]> {
  return cardSelect(db, now).where(eq(gridRecord.companyId, companyId)).orderBy(desc(gridRecord.id)).limit(limit);
}

/** The record that corrects refused record `id` (修改后重新上报), if any. */
export async function refiledAs(db: DbOrTx, id: number): Promise<{ id: number } | undefined> {
  const [row] = await db.select({ id: gridRecord.id }).from(gridRecord).where(eq(gridRecord.resubmittedFrom, id));
  return row;
}

export async function countOpen(db: DbOrTx, communityId: number, f: BoardFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(gridRecord).where(filterOf(communityId, f));
  return Number(row?.n ?? 0);
}

export async function insertPhoto(tx: DbOrTx, p: typeof gridPhoto.$inferInsert): Promise<{ id: number }> {
  const [row] = await tx.insert(gridPhoto).values(p).returning({ id: gridPhoto.id });
  return row;
}

export function photosOf(db: DbOrTx, recordId: number) {
  return db
    .select({ id: gridPhoto.id, contentType: gridPhoto.contentType, size: gridPhoto.size, createdAt: gridPhoto.createdAt })
    .from(gridPhoto)
    .where(eq(gridPhoto.recordId, recordId))
    .orderBy(asc(gridPhoto.id));
}

export async function findPhoto(db: DbOrTx, recordId: number, photoId: number): Promise<PhotoRow | undefined> {
  const [row] = await db
    .select()
    .from(gridPhoto)
    .where(and(eq(gridPhoto.id, photoId), eq(gridPhoto.recordId, recordId)));
  return row;
}

/** Options for the board's filters: the community's properties and the companies that run them. */
export function communityProperties(db: DbOrTx, communityId: number) {
  return db
    .select({ id: property.id, nameZh: property.nameZh, nameEn: property.nameEn, companyId: company.id, companyZh: company.nameZh, companyEn: company.nameEn })
    .from(property)
    .innerJoin(company, eq(company.id, property.companyId))
    .where(eq(property.communityId, communityId))
    .orderBy(asc(property.id));
}

/** Properties a company runs, with their community: where its staff may file records. */
export function companyProperties(db: DbOrTx, companyId: number) {
  return db
    .select({ id: property.id, nameZh: property.nameZh, nameEn: property.nameEn, communityId: property.communityId, streetId: community.streetId })
    .from(property)
    .innerJoin(community, eq(community.id, property.communityId))
    .where(eq(property.companyId, companyId))
    .orderBy(asc(property.id));
}

/** The agent points in a property: their desks see what happens to the property's records. */
export async function pointsOfProperty(db: DbOrTx, propertyId: number): Promise<number[]> {
  const rows = await db.select({ id: point.id }).from(point).where(eq(point.propertyId, propertyId));
  return rows.map((r) => r.id);
}
