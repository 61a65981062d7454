// The street office's live dashboard (街道监控): one read per panel, every total summed from the list it
// heads, so a figure and the rows behind it always agree.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { STAGE_ORDER, TERMINAL_STATES, type CaseState } from '../../domain/case.machine';
import { PERIODS, monthsOf, parseScope, rangeOf, scopeKey, type DashScope } from '../../domain/dashboard';
import { monthIsOver } from '../../domain/ledger';
import { maskName } from '../../domain/mask';
import { daysOverdue } from '../../domain/sla';
import type { StaffPrincipal } from '../../domain/roles';
import { listItems } from '../repositories/catalogue.repository';
import * as q from '../repositories/dashboard.repository';
import { statementsOfStreet } from '../repositories/ledger.repository';
import type { Core } from '../runtime/core';
import { listBehind, ListQuery } from './dashboard.lists';
import { requireStreet } from './actor';

export const DashboardQuery = z.object({
  period: z.enum(PERIODS).default('today'),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  scope: z.string().max(40).optional()
});

const KIOSK_ONLINE_MS = 2 * 60_000;
const DAY = 86_400_000;
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

type Name = { zh: string; en: string } | undefined;
/** The verification backlog per company and kind (rollup) with the oldest waiting record (index probe). */
function backlogOf(rows: { companyId: number; kind: string; n: number }[], oldest: { companyId: number; oldest: Date | null }[], companyName: Map<number, Name>, now: Date) {
  const live = rows.filter((r) => r.n !== 0);
  const first = (xs: (Date | null)[]) => xs.filter((x): x is Date => !!x).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const ageDays = (d: Date | null) => (d ? Math.floor((now.getTime() - d.getTime()) / DAY) : null);
  const all = first(oldest.map((o) => o.oldest));
  const byCompany = [...new Set(live.map((r) => r.companyId))].map((companyId) => {
    const o = first(oldest.filter((x) => x.companyId === companyId).map((x) => x.oldest));
    return { companyId, company: companyName.get(companyId), n: sum(live.filter((r) => r.companyId === companyId), (r) => r.n), oldest: o?.toISOString() ?? null, ageDays: ageDays(o) };
  });
  return { total: sum(live, (r) => r.n), oldest: all?.toISOString() ?? null, ageDays: ageDays(all), byCompany, byKind: live };
}

export function createDashboardService(core: Core) {
  const { db } = core;

  /** The points, properties and companies a scope covers; a scope outside the street is 404. */
  async function resolve(p: StaffPrincipal, s: DashScope) {
    const [places, props, communities, companies] = await Promise.all([q.placesOf(db, p.streetId), q.propertiesOf(db, p.streetId), q.communitiesOf(db, p.streetId), q.companiesOfStreet(db, p.streetId)]);
    const inScope = (x: { pointId?: number; propertyId: number; companyId: number; communityId: number }) =>
      s.kind === 'street' || (s.kind === 'community' && x.communityId === s.id) || (s.kind === 'company' && x.companyId === s.id) || (s.kind === 'point' && x.pointId === s.id);
    const pts = places.filter(inScope);
    const propIds = s.kind === 'point' ? pts.map((x) => x.propertyId) : props.filter(inScope).map((x) => x.propertyId);
    const companyIds = [...new Set(s.kind === 'point' ? pts.map((x) => x.companyId) : props.filter(inScope).map((x) => x.companyId))];
    const known = s.kind === 'street' || (s.kind === 'point' ? pts.length > 0 : s.kind === 'community' ? communities.some((c) => c.id === s.id) : companies.some((c) => c.id === s.id));
    if (!known) throw new AppError('NOT_FOUND');
    // inArray over an empty list is refused by drizzle: a sentinel id matches nothing.
    const ids = (xs: number[]) => (xs.length ? xs : [-1]);
    return { places, communities, companies, points: ids(pts.map((x) => x.pointId)), properties: ids([...new Set(propIds)]), companyIds: ids(companyIds) };
  }

  async function overview(p: StaffPrincipal, raw: unknown, o: { overdueLimit?: number } = {}) {
    requireStreet(p);
    const input = DashboardQuery.parse(raw ?? {});
    const now = core.now();
    const range = rangeOf(input.period, now, input.from, input.to);
    const scope = parseScope(input.scope);
    const sc = await resolve(p, scope);
    const hourlyWanted = Math.round((range.to.getTime() - range.from.getTime()) / DAY) <= 7;
    const [daily, hourly, byPoint, wip, wipByPoint, turnaround, rejections, overdue, grid, backlog, backlogOldest, money, statements, kiosks, submissions, grades, items] = await Promise.all([
      q.intakeByDayChannel(db, sc.points, range),
      hourlyWanted ? q.intakeByHourChannel(db, sc.points, range) : Promise.resolve([]),
      q.casesByPoint(db, sc.points, range),
      q.wipByState(db, sc.points),
      q.wipByPointState(db, sc.points),
      q.turnaroundByItem(db, sc.points, range),
      q.rejectionReasons(db, sc.points, range),
      q.overdue(db, sc.points, now, o.overdueLimit ?? 200),
      q.gridByCompanyKind(db, sc.properties, range),
      q.gridBacklog(db, sc.properties),
      q.gridBacklogOldest(db, sc.properties),
      q.moneyByCompany(db, sc.companyIds, monthsOf(range)),
      statementsOfStreet(db, p.streetId),
      q.kiosksAt(db, sc.points),
      q.kioskSubmissions(db, sc.points, range),
      q.latestGrades(db, sc.companyIds, 20),
      listItems(db, false)
    ]);
    const pointName = new Map(sc.places.map((x) => [x.pointId, { zh: x.pointZh, en: x.pointEn }]));
    const companyName = new Map(sc.companies.map((c) => [c.id, { zh: c.nameZh, en: c.nameEn }]));
    const itemName = new Map(items.map((i) => [i.id, { zh: i.nameZh, en: i.nameEn }]));
    // In the board's left-to-right order, so the table, the chart's stack and its legend read as the desk's columns.
    const stage = (w: { state: string }) => STAGE_ORDER.indexOf(w.state as CaseState);
    const wipRows = wip.filter((w) => !TERMINAL_STATES.includes(w.state as CaseState) && w.n !== 0).sort((a, b) => stage(a) - stage(b));
    const gridRows = grid.map((g) => ({ ...g, company: companyName.get(g.companyId) }));
    const moneyRows = sc.companyIds
      .filter((id) => id > 0)
      .map((id) => {
        const of = (kind: string) => money.find((m) => m.companyId === id && m.kind === kind);
        return {
          companyId: id,
          company: companyName.get(id),
          subsidyFen: of('subsidy')?.fen ?? 0,
          subsidyCases: of('subsidy')?.n ?? 0,
          incentiveFen: of('incentive')?.fen ?? 0,
          incentiveRecords: of('incentive')?.n ?? 0,
          // A grade's funding (考核拨付) is the street's money too: it was in the ledger but on no figure.
          fundingFen: of('assessment')?.fen ?? 0
        };
      })
      .filter((m) => m.subsidyFen || m.incentiveFen || m.subsidyCases || m.incentiveRecords || m.fundingFen);
    const accuracy = (id: number) => {
      const rows = grid.filter((g) => g.companyId === id);
      const decided = sum(rows, (g) => g.verifiedNew + g.verifiedKnown + g.rejected);
      return decided ? (sum(rows, (g) => g.verifiedNew + g.verifiedKnown) / decided) * 100 : null;
    };
    return {
      range: { period: input.period, fromDay: range.fromDay, toDay: range.toDay },
      scope: scopeKey(scope),
      options: { communities: sc.communities, companies: sc.companies, points: sc.places.map((x) => ({ id: x.pointId, nameZh: x.pointZh, nameEn: x.pointEn })) },
      cases: {
        daily,
        /** per Shanghai hour and channel, for periods of up to a week (else empty) */
        hourly,
        intake: sum(daily, (d) => d.intake),
        delivered: sum(daily, (d) => d.delivered),
        rejected: sum(daily, (d) => d.rejected),
        wip: wipRows,
        wipTotal: sum(wipRows, (w) => w.n),
        wipByPoint: wipByPoint.filter((w) => w.n !== 0),
        turnaround: turnaround.map((t) => ({ ...t, item: itemName.get(t.itemId) })),
        rejections,
        overdue: {
          total: overdue.total,
          list: overdue.list.map((c) => ({
            id: c.id,
            caseNo: c.caseNo,
            pointId: c.pointId,
            point: pointName.get(c.pointId),
            item: itemName.get(c.itemId),
            state: c.state,
            applicant: maskName(c.applicantName),
            submittedAt: c.submittedAt.toISOString(),
            dueAt: c.dueAt.toISOString(),
            ageDays: Math.floor((now.getTime() - c.submittedAt.getTime()) / DAY),
            overdueDays: daysOverdue(c.dueAt, now)
          }))
        }
      },
      grid: {
        rows: gridRows,
        filed: sum(grid, (g) => g.filed),
        verifiedNew: sum(grid, (g) => g.verifiedNew),
        verifiedKnown: sum(grid, (g) => g.verifiedKnown),
        rejected: sum(grid, (g) => g.rejected),
        backlog: backlogOf(backlog, backlogOldest, companyName, now)
      },
      money: {
        rows: moneyRows,
        subsidyFen: sum(moneyRows, (m) => m.subsidyFen),
        incentiveFen: sum(moneyRows, (m) => m.incentiveFen),
        fundingFen: sum(moneyRows, (m) => m.fundingFen),
        awaiting: statements.filter((s) => !s.approvedBy && monthIsOver(s.period, now) && sc.companyIds.includes(s.companyId)).map((s) => ({ ...s, company: companyName.get(s.companyId) }))
      },
      kiosks: kiosks.map((k) => ({
        ...k,
        lastSeenAt: k.lastSeenAt?.toISOString() ?? null,
        online: !!k.lastSeenAt && now.getTime() - k.lastSeenAt.getTime() < KIOSK_ONLINE_MS,
        point: pointName.get(k.pointId),
        submissions: submissions.find((s) => s.kioskId === k.id)?.n ?? 0
      })),
      ranking: {
        // Every point in scope, those with nothing to show included: "which point is slow" needs the zeros too.
        points: sc.points
          .map((pointId) => {
            const b = byPoint.find((x) => x.pointId === pointId);
            const delivered = b?.delivered ?? 0;
            return {
              pointId,
              point: pointName.get(pointId),
              delivered,
              avgTurnaroundMin: delivered ? b!.turnaroundMin / delivered : null,
              wip: sum(wipByPoint.filter((w) => w.pointId === pointId), (w) => w.n),
              overdue: overdue.byPoint.find((o) => o.pointId === pointId)?.n ?? 0
            };
          })
          .sort((a, b) => b.overdue - a.overdue || b.wip - a.wip || b.delivered - a.delivered || a.pointId - b.pointId),
        companies: sc.companyIds
          .filter((id) => id > 0)
          .map((id) => ({ companyId: id, company: companyName.get(id), delivered: sum(byPoint.filter((b) => sc.places.find((x) => x.pointId === b.pointId)?.companyId === id), (b) => b.delivered), accuracyPct: accuracy(id) }))
          .sort((a, b) => b.delivered - a.delivered || (b.accuracyPct ?? -1) - (a.accuracyPct ?? -1))
      },
      grades: grades.map((g) => ({ ...g, company: companyName.get(g.companyId) }))
    };
  }

  /** The list behind one of the dashboard's figures (same period, scope and filters). */
  async function list(p: StaffPrincipal, raw: unknown) {
    requireStreet(p);
    const input = ListQuery.parse(raw ?? {});
    const sc = await resolve(p, parseScope(input.scope));
    const [out, items] = await Promise.all([listBehind(db, core.now(), sc, input), listItems(db, false)]);
    return { ...out, itemNames: Object.fromEntries(items.map((i) => [i.id, { zh: i.nameZh, en: i.nameEn }])) as Record<number, { zh: string; en: string }> };
  }

  return { overview, resolve, list };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
export type Dashboard = Awaited<ReturnType<DashboardService['overview']>>;
export type DashboardListView = Awaited<ReturnType<DashboardService['list']>>;
