// The street dashboard's reads: rollups for counts, narrow indexed reads of raw rows for lists and percentiles.
import { and, asc, between, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { caseDayStat, caseHourStat, caseStateCount, community, company, gridAssessment, agreement, gridBacklogStat, gridDayStat, gridRecord, kiosk, ledgerEntry, point, property, proxyCase } from '../db/schema';

export interface Range {
  fromDay: string;
  toDay: string;
  from: Date;
  /** exclusive */
  to: Date;
}
const int = (c: unknown) => sql<number>`coalesce(sum(${c}), 0)::int`;
const OPEN = sql`${proxyCase.state} not in ('delivered', 'rejected', 'cancelled')`;
/** Late at `now` (domain/sla.ts isOverdue): open, past due, and not waiting on the resident's materials. */
export const overdueAt = (now: Date) => and(OPEN, sql`${proxyCase.state} <> 'needs_materials'`, lt(proxyCase.dueAt, now));

export function placesOf(db: DbOrTx, streetId: number) {
  return db
    .select({ pointId: point.id, pointZh: point.nameZh, pointEn: point.nameEn, propertyId: property.id, companyId: property.companyId, communityId: community.id })
    .from(point)
    .innerJoin(property, eq(property.id, point.propertyId))
    .innerJoin(community, eq(community.id, property.communityId))
    .where(eq(community.streetId, streetId))
    .orderBy(point.id);
}

export function propertiesOf(db: DbOrTx, streetId: number) {
  return db
    .select({ propertyId: property.id, companyId: property.companyId, communityId: property.communityId })
    .from(property)
    .innerJoin(community, eq(community.id, property.communityId))
    .where(eq(community.streetId, streetId));
}

export function communitiesOf(db: DbOrTx, streetId: number) {
  return db.select({ id: community.id, nameZh: community.nameZh, nameEn: community.nameEn }).from(community).where(eq(community.streetId, streetId)).orderBy(community.id);
}

export function companiesOfStreet(db: DbOrTx, streetId: number) {
  return db.select({ id: company.id, nameZh: company.nameZh, nameEn: company.nameEn }).from(company).where(eq(company.streetId, streetId)).orderBy(company.id);
}

const caseDays = (points: number[], r: Range) => and(inArray(caseDayStat.pointId, points), between(caseDayStat.day, r.fromDay, r.toDay));

export function intakeByDayChannel(db: DbOrTx, points: number[], r: Range) {
  return db
    .select({ day: caseDayStat.day, channel: caseDayStat.channel, intake: int(caseDayStat.intake), delivered: int(caseDayStat.delivered), rejected: int(caseDayStat.rejected) })
    .from(caseDayStat)
    .where(caseDays(points, r))
    .groupBy(caseDayStat.day, caseDayStat.channel)
    .orderBy(caseDayStat.day);
}

export function intakeByHourChannel(db: DbOrTx, points: number[], r: Range) {
  return db
    .select({ day: caseHourStat.day, hour: caseHourStat.hour, channel: caseHourStat.channel, intake: int(caseHourStat.intake) })
    .from(caseHourStat)
    .where(and(inArray(caseHourStat.pointId, points), between(caseHourStat.day, r.fromDay, r.toDay)))
    .groupBy(caseHourStat.day, caseHourStat.hour, caseHourStat.channel)
    .orderBy(caseHourStat.day, caseHourStat.hour);
}

export function casesByPoint(db: DbOrTx, points: number[], r: Range) {
  return db
    .select({ pointId: caseDayStat.pointId, intake: int(caseDayStat.intake), delivered: int(caseDayStat.delivered), rejected: int(caseDayStat.rejected), turnaroundMin: int(caseDayStat.turnaroundMin) })
    .from(caseDayStat)
    .where(caseDays(points, r))
    .groupBy(caseDayStat.pointId);
}

export function wipByState(db: DbOrTx, points: number[]) {
  return db.select({ state: caseStateCount.state, n: int(caseStateCount.n) }).from(caseStateCount).where(inArray(caseStateCount.pointId, points)).groupBy(caseStateCount.state);
}

export function wipByPointState(db: DbOrTx, points: number[]) {
  return db
    .select({ pointId: caseStateCount.pointId, state: caseStateCount.state, n: int(caseStateCount.n) })
    .from(caseStateCount)
    .where(and(inArray(caseStateCount.pointId, points), sql`${caseStateCount.state} not in ('delivered', 'rejected', 'cancelled')`))
    .groupBy(caseStateCount.pointId, caseStateCount.state)
    .having(sql`sum(${caseStateCount.n}) <> 0`);
}

const closedIn = (state: string, points: number[], r: Range) =>
  and(eq(proxyCase.state, state), gte(proxyCase.closedAt, r.from), lt(proxyCase.closedAt, r.to), inArray(proxyCase.pointId, points));

export async function turnaroundByItem(db: DbOrTx, points: number[], r: Range) {
  const minutes = sql`extract(epoch from ${proxyCase.closedAt} - ${proxyCase.submittedAt}) / 60`;
  const rows = await db
    .select({
      itemId: proxyCase.itemId,
      n: sql<number>`count(*)::int`,
      p50: sql<number>`percentile_cont(0.5) within group (order by ${minutes})::float8`,
      p90: sql<number>`percentile_cont(0.9) within group (order by ${minutes})::float8`
    })
    .from(proxyCase)
    .where(closedIn('delivered', points, r))
    .groupBy(proxyCase.itemId);
  return rows.map((x) => ({ ...x, p50: Number(x.p50), p90: Number(x.p90) }));
}

export function rejectionReasons(db: DbOrTx, points: number[], r: Range) {
  return db
    .select({ reason: proxyCase.rejectionReason, n: sql<number>`count(*)::int` })
    .from(proxyCase)
    .where(closedIn('rejected', points, r))
    .groupBy(proxyCase.rejectionReason)
    .orderBy(desc(sql`count(*)`));
}

/** Open cases past their due time: how many at each point, and the most overdue first. */
export async function overdue(db: DbOrTx, points: number[], now: Date, limit: number) {
  const where = and(overdueAt(now), inArray(proxyCase.pointId, points));
  const byPoint = await db.select({ pointId: proxyCase.pointId, n: sql<number>`count(*)::int` }).from(proxyCase).where(where).groupBy(proxyCase.pointId);
  const list = await db
    .select({ id: proxyCase.id, caseNo: proxyCase.caseNo, pointId: proxyCase.pointId, itemId: proxyCase.itemId, state: proxyCase.state, applicantName: proxyCase.applicantName, submittedAt: proxyCase.submittedAt, dueAt: proxyCase.dueAt })
    .from(proxyCase)
    .where(where)
    .orderBy(asc(proxyCase.dueAt))
    .limit(limit);
  return { total: byPoint.reduce((t, p) => t + p.n, 0), byPoint, list };
}

export function gridByCompanyKind(db: DbOrTx, properties: number[], r: Range) {
  return db
    .select({
      companyId: gridDayStat.companyId,
      kind: gridDayStat.kind,
      filed: int(gridDayStat.filed),
      verifiedNew: int(gridDayStat.verifiedNew),
      verifiedKnown: int(gridDayStat.verifiedKnown),
      rejected: int(gridDayStat.rejected)
    })
    .from(gridDayStat)
    .where(and(inArray(gridDayStat.propertyId, properties), between(gridDayStat.day, r.fromDay, r.toDay)))
    .groupBy(gridDayStat.companyId, gridDayStat.kind);
}

/** Records waiting for verification per company and kind (rollup). */
export function gridBacklog(db: DbOrTx, properties: number[]) {
  return db
    .select({ companyId: gridBacklogStat.companyId, kind: gridBacklogStat.kind, n: int(gridBacklogStat.n) })
    .from(gridBacklogStat)
    .where(inArray(gridBacklogStat.propertyId, properties))
    .groupBy(gridBacklogStat.companyId, gridBacklogStat.kind);
}

/** The oldest waiting record per property: one index probe each (grid_record_backlog_property_idx). */
export function gridBacklogOldest(db: DbOrTx, properties: number[]) {
  // Spelled out: drizzle leaves columns unqualified in a one-table select, and an unqualified "id" inside
  // the subquery would name grid_record's own id.
  const oldest = sql`(select min(w.filed_at) from grid_record w where w.property_id = "property"."id" and w.state in ('pending', 'needs_visit'))`;
  return db
    .select({ propertyId: property.id, companyId: property.companyId, oldest: oldest.mapWith(gridRecord.filedAt) })
    .from(property)
    .where(inArray(property.id, properties));
}

/**
 * An accrual still paid within the months viewed: not itself a reversal, and not reversed by an entry booked in
 * them — as the months' amounts sum (a reversal booked in a later month counts in that month, as its
 * statement does). Spelled out: in a one-table select drizzle leaves columns unqualified, which inside the
 * subquery would name the subquery's own rows.
 */
export const paidEntry = (periods: string[]) =>
  sql`"ledger_entry"."reverses_id" is null and not exists (select 1 from ledger_entry r where r.reverses_id = "ledger_entry"."id" and r.period in ${periods})`;

/** Per company and kind: the net amount of the months, and how many cases (records) it still pays for. */
export function moneyByCompany(db: DbOrTx, companies: number[], periods: string[]) {
  return db
    .select({ companyId: ledgerEntry.companyId, kind: ledgerEntry.kind, fen: int(ledgerEntry.amountFen), n: sql<number>`count(*) filter (where ${paidEntry(periods)})::int` })
    .from(ledgerEntry)
    .where(and(inArray(ledgerEntry.period, periods), inArray(ledgerEntry.companyId, companies)))
    .groupBy(ledgerEntry.companyId, ledgerEntry.kind);
}

export function kioskSubmissions(db: DbOrTx, points: number[], r: Range) {
  return db
    .select({ kioskId: proxyCase.kioskId, n: sql<number>`count(*)::int` })
    .from(proxyCase)
    .where(and(isNotNull(proxyCase.kioskId), gte(proxyCase.submittedAt, r.from), lt(proxyCase.submittedAt, r.to), inArray(proxyCase.pointId, points)))
    .groupBy(proxyCase.kioskId);
}

export function kiosksAt(db: DbOrTx, points: number[]) {
  return db
    .select({ id: kiosk.id, label: kiosk.label, pointId: kiosk.pointId, lastSeenAt: kiosk.lastSeenAt })
    .from(kiosk)
    .where(and(inArray(kiosk.pointId, points), isNull(kiosk.revokedAt), isNotNull(kiosk.enrolledAt)))
    .orderBy(kiosk.id);
}

export function latestGrades(db: DbOrTx, companies: number[], limit: number) {
  return db
    .select({ id: gridAssessment.id, companyId: agreement.companyId, periodTo: gridAssessment.periodTo, grade: gridAssessment.grade, accuracyBp: gridAssessment.accuracyBp, fundingFen: gridAssessment.fundingFen })
    .from(gridAssessment)
    .innerJoin(agreement, eq(agreement.id, gridAssessment.agreementId))
    .where(and(eq(gridAssessment.state, 'graded'), inArray(agreement.companyId, companies)))
    .orderBy(desc(gridAssessment.gradedAt))
    .limit(limit);
}
