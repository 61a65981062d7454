// The lists behind the street dashboard's figures (每个数字都能点开明细): the same period, scope and
// filters as the rollup row that produced the figure, read from the raw rows. Personal data is masked.
import { z } from 'zod';
import { LISTS, PERIODS, dayStart, listFamily, monthsOf, rangeOf } from '../../domain/dashboard';
import { maskName } from '../../domain/mask';
import type { DbOrTx } from '../db/client';
import * as lists from '../repositories/dashboard.lists.repository';

const HOUR = 3_600_000;
const id = z.coerce.number().int().positive().max(2_147_483_647).optional();
const text = z.string().max(80).optional();

export const ListQuery = z.object({
  period: z.enum(PERIODS).default('today'),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  scope: z.string().max(40).optional(),
  list: z.enum(LISTS),
  state: text,
  channel: text,
  itemId: id,
  reason: text,
  kioskId: id,
  pointId: id,
  companyId: id,
  kind: text,
  hour: z.coerce.number().int().min(0).max(23).optional()
});
export type ListInput = z.infer<typeof ListQuery>;

/** What the dashboard's scope resolved to (see dashboard.service `resolve`). */
export interface Resolved {
  places: { pointId: number; companyId: number }[];
  points: number[];
  properties: number[];
  companyIds: number[];
}

/** Rows shown per list; `total` always counts them all. */
export const LIST_LIMIT = 500;

export async function listBehind(db: DbOrTx, now: Date, sc: Resolved, input: ListInput) {
  const r = rangeOf(input.period, now, input.from, input.to);
  const range = input.hour !== undefined && r.fromDay === r.toDay ? { ...r, from: new Date(dayStart(r.fromDay).getTime() + input.hour * HOUR), to: new Date(dayStart(r.fromDay).getTime() + (input.hour + 1) * HOUR) } : r;
  const ids = (xs: number[]) => (xs.length ? xs : [-1]);
  const companyOfPoint = new Map(sc.places.map((x) => [x.pointId, x.companyId]));
  const points = ids(sc.points.filter((p) => (!input.pointId || p === input.pointId) && (!input.companyId || companyOfPoint.get(p) === input.companyId)));
  const family = listFamily(input.list);
  const base = { period: input.period, fromDay: r.fromDay, toDay: r.toDay };
  if (family === 'cases') {
    const out = await lists.caseList(db, { ...input, list: input.list as lists.CaseList, points, range, now }, LIST_LIMIT);
    const rows = out.rows.map(({ applicantName, ...c }) => ({
      ...c,
      applicant: maskName(applicantName),
      submittedAt: c.submittedAt.toISOString(),
      dueAt: c.dueAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null
    }));
    return { family, list: input.list, range: base, total: out.total, cases: rows };
  }
  if (family === 'grid') {
    // A record counts for the company it was filed under (as in the rollup), so filter on the record.
    const out = await lists.gridList(db, { list: input.list as lists.GridList, properties: sc.properties, range, companyId: input.companyId, kind: input.kind }, LIST_LIMIT);
    const rows = out.rows.map((g) => ({ ...g, filedAt: g.filedAt.toISOString(), decidedAt: g.decidedAt?.toISOString() ?? null }));
    return { family, list: input.list, range: base, total: out.total, records: rows };
  }
  const companies = ids(sc.companyIds.filter((c) => c > 0 && (!input.companyId || c === input.companyId)));
  const out = await lists.ledgerList(db, { kind: input.list as 'subsidy' | 'incentive', companies, periods: monthsOf(r) }, LIST_LIMIT);
  const rows = out.rows.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
  return { family, list: input.list, range: base, total: out.total, paid: out.paid, fen: out.fen, entries: rows };
}

export type DashboardList = Awaited<ReturnType<typeof listBehind>>;
