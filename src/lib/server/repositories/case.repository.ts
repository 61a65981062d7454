// Proxy cases and their timeline. Reads return the raw row: masking is the service's job.
import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import { caseTransition, community, point, property, proxyCase, serviceItem } from '../db/schema';
import { statement } from '../db/statement';

const $ = sql.placeholder;

export type CaseRow = typeof proxyCase.$inferSelect;
export type NewCase = typeof proxyCase.$inferInsert;
export type TransitionRow = typeof caseTransition.$inferSelect;

export interface CaseWithPlace {
  c: CaseRow;
  communityId: number;
  streetId: number;
  companyId: number;
  itemCode: string;
  itemNameZh: string;
  itemNameEn: string;
  subsidyFen: number;
  pointNameZh: string;
  pointNameEn: string;
}

const withPlace = {
  c: proxyCase,
  communityId: community.id,
  streetId: community.streetId,
  companyId: property.companyId,
  itemCode: serviceItem.code,
  itemNameZh: serviceItem.nameZh,
  itemNameEn: serviceItem.nameEn,
  subsidyFen: serviceItem.subsidyFen,
  pointNameZh: point.nameZh,
  pointNameEn: point.nameEn
};

export function selectWithPlace(db: DbOrTx) {
  return db
    .select(withPlace)
    .from(proxyCase)
    .innerJoin(serviceItem, eq(serviceItem.id, proxyCase.itemId))
    .innerJoin(point, eq(point.id, proxyCase.pointId))
    .innerJoin(property, eq(property.id, point.propertyId))
    .innerJoin(community, eq(community.id, property.communityId));
}

export async function nextCaseNo(tx: DbOrTx, day: string): Promise<string> {
  const [row] = rowsOf<{ n: string }>(await tx.execute(sql`select nextval('case_no_seq') as n`));
  return `D${day.replaceAll('-', '')}-${String(row.n).padStart(6, '0')}`;
}

export async function insertCase(tx: DbOrTx, c: NewCase): Promise<CaseRow> {
  const [row] = await tx.insert(proxyCase).values(c).returning();
  return row;
}

/** With `lock`, the row is held until commit: two desks acting at once are serialised, not merged. */
// Every command on a case starts with one of these (the locked one in its transaction): built once.
const caseById = statement('case_by_id', (db) => selectWithPlace(db).where(eq(proxyCase.id, $('id'))));
const caseByIdLocked = statement('case_by_id_locked', (db) => selectWithPlace(db).where(eq(proxyCase.id, $('id'))).for('update', { of: proxyCase }));

export async function findCase(tx: DbOrTx, id: number, lock = false): Promise<CaseWithPlace | undefined> {
  const [row] = await (lock ? caseByIdLocked : caseById)(tx, { id });
  return row;
}

export async function findCaseByNo(tx: DbOrTx, caseNo: string, lock = false): Promise<CaseWithPlace | undefined> {
  const q = selectWithPlace(tx).where(eq(proxyCase.caseNo, caseNo));
  const [row] = await (lock ? q.for('update', { of: proxyCase }) : q);
  return row;
}

/** Cases a kiosk queued offline under this 临时编号, newest first (the number is random, so rarely more than one). */
export function findCasesByKioskRef(tx: DbOrTx, kioskRef: string): Promise<CaseWithPlace[]> {
  return selectWithPlace(tx).where(eq(proxyCase.kioskRef, kioskRef)).orderBy(desc(proxyCase.id)).limit(5);
}

export interface CaseLink {
  id: number;
  caseNo: string;
}

/** The case that started this refused one again (重新受理), if any. */
export async function resubmissionOf(tx: DbOrTx, id: number): Promise<CaseLink | undefined> {
  const [row] = await tx.select({ id: proxyCase.id, caseNo: proxyCase.caseNo }).from(proxyCase).where(eq(proxyCase.resubmittedFrom, id));
  return row;
}

/** 重新受理 both ways: the refused case this one starts again (`from`) and the case that started this one again (`as`). */
export async function resubmissionLinks(db: DbOrTx, c: CaseRow): Promise<{ from: CaseLink | null; as: CaseLink | null }> {
  const rows = await db
    .select({ id: proxyCase.id, caseNo: proxyCase.caseNo, resubmittedFrom: proxyCase.resubmittedFrom })
    .from(proxyCase)
    .where(c.resubmittedFrom === null ? eq(proxyCase.resubmittedFrom, c.id) : or(eq(proxyCase.resubmittedFrom, c.id), eq(proxyCase.id, c.resubmittedFrom)));
  const link = (r: CaseLink | undefined) => (r ? { id: r.id, caseNo: r.caseNo } : null);
  return { from: link(rows.find((r) => r.id === c.resubmittedFrom)), as: link(rows.find((r) => r.resubmittedFrom === c.id)) };
}

/** `bump: false` for bookkeeping (pickup attempts) that must not make a desk's view stale. */
export async function updateCase(tx: DbOrTx, id: number, patch: Partial<NewCase>, bump = true): Promise<void> {
  await tx
    .update(proxyCase)
    .set(bump ? { ...patch, version: sql`${proxyCase.version} + 1` } : patch)
    .where(eq(proxyCase.id, id));
}

const transitionInsert = statement('case_transition_insert', (db) =>
  db.insert(caseTransition).values({
    caseId: $('caseId'),
    action: $('action'),
    fromState: $('fromState'),
    toState: $('toState'),
    actor: $('actor'),
    actorName: $('actorName'),
    device: $('device'),
    note: $('note'),
    at: $('at')
  })
);
export async function insertTransition(tx: DbOrTx, t: typeof caseTransition.$inferInsert & { at: Date }): Promise<void> {
  await transitionInsert(tx, { fromState: null, device: null, note: null, ...t });
}

export function timeline(db: DbOrTx, caseId: number): Promise<TransitionRow[]> {
  return db.select().from(caseTransition).where(eq(caseTransition.caseId, caseId)).orderBy(asc(caseTransition.id));
}

/** A point's board: every open case, plus cases closed since `closedSince`. */
export function casesOfPoint(db: DbOrTx, pointId: number, closedSince: Date): Promise<CaseWithPlace[]> {
  return selectWithPlace(db)
    .where(and(eq(proxyCase.pointId, pointId), or(isNull(proxyCase.closedAt), gt(proxyCase.closedAt, closedSince))))
    .orderBy(desc(proxyCase.id))
    .limit(500);
}

/** Cases a community's workstation has under review (送审), the nearest deadline first. */
export function casesInReview(db: DbOrTx, communityId: number): Promise<CaseWithPlace[]> {
  return selectWithPlace(db)
    .where(and(eq(community.id, communityId), inArray(proxyCase.state, ['in_review'])))
    .orderBy(asc(proxyCase.dueAt), asc(proxyCase.id))
    .limit(500);
}

/** Cases ready for pickup at a point: the kiosk's pickup screen (masked by the service). */
export function readyForPickup(db: DbOrTx, pointId: number): Promise<CaseWithPlace[]> {
  return selectWithPlace(db)
    .where(and(eq(proxyCase.pointId, pointId), eq(proxyCase.state, 'ready_for_pickup')))
    .orderBy(asc(proxyCase.updatedAt))
    .limit(200);
}
