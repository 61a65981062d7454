// The lists behind the street dashboard's figures: the raw rows each figure counts, filtered exactly as
// the rollup that produced the figure, so a figure and the length of its list agree.
import { and, desc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { gridRecord, ledgerEntry, proxyCase } from '../db/schema';
import { overdueAt, paidEntry, type Range } from './dashboard.repository';

const OPEN = sql`${proxyCase.state} not in ('delivered', 'rejected', 'cancelled')`;
const WAITING = sql`${gridRecord.state} in ('pending', 'needs_visit')`;

export type CaseList = 'intake' | 'wip' | 'delivered' | 'rejected' | 'overdue' | 'kiosk';
export interface CaseListFilter {
  list: CaseList;
  points: number[];
  range: Range;
  now: Date;
  state?: string;
  channel?: string;
  itemId?: number;
  reason?: string;
  kioskId?: number;
}

function caseWhere(f: CaseListFilter): SQL | undefined {
  const submitted = [gte(proxyCase.submittedAt, f.range.from), lt(proxyCase.submittedAt, f.range.to)];
  const closed = (state: string) => [eq(proxyCase.state, state), gte(proxyCase.closedAt, f.range.from), lt(proxyCase.closedAt, f.range.to)];
  const by: Record<CaseList, (SQL | undefined)[]> = {
    intake: submitted,
    wip: [OPEN],
    delivered: closed('delivered'),
    rejected: closed('rejected'),
    overdue: [overdueAt(f.now)],
    kiosk: [isNotNull(proxyCase.kioskId), ...submitted]
  };
  return and(
    inArray(proxyCase.pointId, f.points),
    ...by[f.list],
    f.state ? eq(proxyCase.state, f.state) : undefined,
    f.channel ? eq(proxyCase.channel, f.channel) : undefined,
    f.itemId ? eq(proxyCase.itemId, f.itemId) : undefined,
    f.reason ? eq(proxyCase.rejectionReason, f.reason) : undefined,
    f.kioskId ? eq(proxyCase.kioskId, f.kioskId) : undefined
  );
}

export async function caseList(db: DbOrTx, f: CaseListFilter, limit: number) {
  const where = caseWhere(f);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(proxyCase).where(where);
  const rows = await db
    .select({
      id: proxyCase.id,
      caseNo: proxyCase.caseNo,
      pointId: proxyCase.pointId,
      itemId: proxyCase.itemId,
      channel: proxyCase.channel,
      state: proxyCase.state,
      applicantName: proxyCase.applicantName,
      submittedAt: proxyCase.submittedAt,
      dueAt: proxyCase.dueAt,
      closedAt: proxyCase.closedAt,
      rejectionReason: proxyCase.rejectionReason
    })
    .from(proxyCase)
    .where(where)
    .orderBy(f.list === 'overdue' ? proxyCase.dueAt : desc(proxyCase.id))
    .limit(limit);
  return { total: Number(total?.n ?? 0), rows };
}

export type GridList = 'filed' | 'verified_new' | 'verified_known' | 'grid_rejected' | 'backlog';
export interface GridListFilter {
  list: GridList;
  properties: number[];
  range: Range;
  companyId?: number;
  kind?: string;
}

function gridWhere(f: GridListFilter): SQL | undefined {
  const decided = (state: string) => [eq(gridRecord.state, state), gte(gridRecord.decidedAt, f.range.from), lt(gridRecord.decidedAt, f.range.to)];
  const by: Record<GridList, (SQL | undefined)[]> = {
    filed: [gte(gridRecord.filedAt, f.range.from), lt(gridRecord.filedAt, f.range.to)],
    verified_new: decided('verified_new'),
    verified_known: decided('verified_known'),
    grid_rejected: decided('rejected'),
    backlog: [WAITING]
  };
  return and(inArray(gridRecord.propertyId, f.properties), ...by[f.list], f.companyId ? eq(gridRecord.companyId, f.companyId) : undefined, f.kind ? eq(gridRecord.kind, f.kind) : undefined);
}

export async function gridList(db: DbOrTx, f: GridListFilter, limit: number) {
  const where = gridWhere(f);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(gridRecord).where(where);
  const rows = await db
    .select({ id: gridRecord.id, companyId: gridRecord.companyId, communityId: gridRecord.communityId, kind: gridRecord.kind, unit: gridRecord.unit, state: gridRecord.state, filedAt: gridRecord.filedAt, decidedAt: gridRecord.decidedAt, reason: gridRecord.reason })
    .from(gridRecord)
    .where(where)
    .orderBy(f.list === 'backlog' ? gridRecord.filedAt : desc(gridRecord.id))
    .limit(limit);
  return { total: Number(total?.n ?? 0), rows };
}

export interface LedgerListFilter {
  kind: 'subsidy' | 'incentive';
  companies: number[];
  periods: string[];
}

export async function ledgerList(db: DbOrTx, f: LedgerListFilter, limit: number) {
  const where = and(eq(ledgerEntry.kind, f.kind), inArray(ledgerEntry.companyId, f.companies), inArray(ledgerEntry.period, f.periods));
  const [total] = await db
    .select({ n: sql<number>`count(*)::int`, paid: sql<number>`count(*) filter (where ${paidEntry(f.periods)})::int`, fen: sql<number>`coalesce(sum(${ledgerEntry.amountFen}), 0)::int` })
    .from(ledgerEntry)
    .where(where);
  const rows = await db
    .select({ id: ledgerEntry.id, companyId: ledgerEntry.companyId, pointId: ledgerEntry.pointId, caseId: ledgerEntry.caseId, caseNo: proxyCase.caseNo, recordId: ledgerEntry.recordId, itemId: ledgerEntry.itemId, amountFen: ledgerEntry.amountFen, period: ledgerEntry.period, reversesId: ledgerEntry.reversesId, createdAt: ledgerEntry.createdAt })
    .from(ledgerEntry)
    .leftJoin(proxyCase, eq(proxyCase.id, ledgerEntry.caseId))
    .where(where)
    .orderBy(desc(ledgerEntry.id))
    .limit(limit);
  return { total: Number(total?.n ?? 0), paid: Number(total?.paid ?? 0), fen: Number(total?.fen ?? 0), rows };
}
