// The street dashboard's period and scope: pure, shared by the server and the page.
import { shanghaiDateKey } from './sla';

export const PERIODS = ['today', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIODS)[number];
export type DashScope = { kind: 'street' } | { kind: 'community' | 'company' | 'point'; id: number };

const DAY = 86_400_000;
const SHANGHAI_OFFSET = 8 * 3_600_000;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** Hour of the Shanghai day (0–23) an instant falls in; China keeps no DST. */
export const shanghaiHour = (d: Date): number => new Date(d.getTime() + SHANGHAI_OFFSET).getUTCHours();

/** Start of a Shanghai day key as an instant. */
export const dayStart = (key: string): Date => new Date(`${key}T00:00:00+08:00`);
const addDays = (key: string, n: number) => shanghaiDateKey(new Date(dayStart(key).getTime() + n * DAY));

export interface DayRange {
  fromDay: string;
  toDay: string;
  from: Date;
  to: Date;
}

/** Inclusive Shanghai days; `to` is the exclusive instant after the last day. */
export function rangeOf(kind: PeriodKind, now: Date, from?: string, to?: string): DayRange {
  const today = shanghaiDateKey(now);
  let fromDay = today;
  let toDay = today;
  if (kind === 'week') fromDay = addDays(today, -6);
  else if (kind === 'month') fromDay = `${today.slice(0, 7)}-01`;
  else if (kind === 'custom' && from && to && DAY_KEY.test(from) && DAY_KEY.test(to)) {
    [fromDay, toDay] = from <= to ? [from, to] : [to, from];
  }
  return { fromDay, toDay, from: dayStart(fromDay), to: dayStart(addDays(toDay, 1)) };
}

export function daysOf(r: { fromDay: string; toDay: string }): string[] {
  const out: string[] = [];
  for (let d = r.fromDay; d <= r.toDay && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/** YYYY-MM months the range touches (ledger periods). */
export function monthsOf(r: { fromDay: string; toDay: string }): string[] {
  const out: string[] = [];
  let [y, m] = r.fromDay.split('-').map(Number);
  for (let key = r.fromDay.slice(0, 7); key <= r.toDay.slice(0, 7); key = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

export function parseScope(s: string | undefined | null): DashScope {
  const m = /^(community|company|point):(\d{1,9})$/.exec(s ?? '');
  return m ? { kind: m[1] as 'community' | 'company' | 'point', id: Number(m[2]) } : { kind: 'street' };
}

export const scopeKey = (s: DashScope): string => (s.kind === 'street' ? 'street' : `${s.kind}:${s.id}`);

/** Nearest-rank percentile of minutes, for people reading "p50 / p90" in hours. */
export const hours = (min: number): string => (Math.round((min / 60) * 10) / 10).toFixed(1);

/** The lists behind the dashboard's figures (cases, grid records, ledger entries). */
export const LISTS = ['intake', 'wip', 'delivered', 'rejected', 'overdue', 'kiosk', 'filed', 'verified_new', 'verified_known', 'grid_rejected', 'backlog', 'subsidy', 'incentive'] as const;
export type ListKind = (typeof LISTS)[number];
export const listFamily = (k: ListKind): 'cases' | 'grid' | 'ledger' =>
  k === 'subsidy' || k === 'incentive' ? 'ledger' : ['filed', 'verified_new', 'verified_known', 'grid_rejected', 'backlog'].includes(k) ? 'grid' : 'cases';

export interface ListParams {
  list: ListKind;
  state?: string;
  channel?: string;
  itemId?: number;
  reason?: string;
  kioskId?: number;
  pointId?: number;
  companyId?: number;
  kind?: string;
  /** narrow the period to one Shanghai day (a bar of the daily chart) */
  day?: string;
  /** and to one hour of that day (a point of the hourly chart) */
  hour?: number;
}

/**
 * The query string of the list behind a figure: the dashboard's period and scope plus the figure's
 * filters. The page links to `/street?…#list`; the JSON list is `/api/street/dashboard/list?…`.
 */
export function listQuery(d: { range: { period: string; fromDay: string; toDay: string }; scope: string }, f: ListParams): string {
  const q = new URLSearchParams(
    f.day ? { period: 'custom', from: f.day, to: f.day, scope: d.scope } : { period: d.range.period, from: d.range.fromDay, to: d.range.toDay, scope: d.scope }
  );
  for (const [k, v] of Object.entries(f)) if (k !== 'day' && v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}
