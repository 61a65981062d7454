// Exports a finance office can file: the overdue list and a month's statements (subsidy per company with
// its cases; incentives with their records). Personal data is masked: no street role may see it unmasked.
import { z } from 'zod';
import { caseStateLabel, channelLabel } from '../../domain/case.machine';
import type { CaseState, Channel } from '../../domain/case.machine';
import { maskName } from '../../domain/mask';
import type { StaffPrincipal } from '../../domain/roles';
import { fundingLines, incentiveLines, subsidyLines } from '../repositories/export.repository';
import type { Core } from '../runtime/core';
import { requireStreet } from './actor';
import type { DashboardService } from './dashboard.service';
import { Period } from './subsidy.service';
import { shanghaiTime, type Cell, type Sheet } from './table.format';

const KIND_ZH: Record<string, string> = { population: '实有人口', legalEntity: '实有法人', facility: '实有部件', event: '实有事件', rentalHousing: '出租屋' };
const entryKind = (reversesId: number | null) => (reversesId ? '冲正' : '计提');

export function createExportService(core: Core, dashboard: DashboardService) {
  async function overdue(p: StaffPrincipal, raw: unknown): Promise<Sheet[]> {
    const d = await dashboard.overview(p, raw, { overdueLimit: 10_000 });
    const rows: Cell[][] = d.cases.overdue.list.map((c) => [
      c.caseNo,
      c.point?.zh ?? `#${c.pointId}`,
      c.item?.zh ?? '',
      caseStateLabel[c.state as CaseState]?.zh ?? c.state,
      c.applicant,
      shanghaiTime(c.submittedAt),
      shanghaiTime(c.dueAt),
      c.ageDays,
      c.overdueDays
    ]);
    return [{ name: '超期办件', header: ['办件编号', '代办点', '事项', '状态', '申请人', '提交时间', '应办结时间', '已用天数', '超期天数'], rows }];
  }

  async function statements(p: StaffPrincipal, rawPeriod: unknown): Promise<Sheet[]> {
    requireStreet(p);
    const period = Period.parse(rawPeriod);
    const [subsidy, incentive, funding] = await Promise.all([subsidyLines(core.db, p.streetId, period), incentiveLines(core.db, p.streetId, period), fundingLines(core.db, p.streetId, period)]);
    const summary = new Map<number, { name: string; subsidy: number; cases: number; incentive: number; records: number; funding: number }>();
    const of = (id: number, name: string) => summary.get(id) ?? summary.set(id, { name, subsidy: 0, cases: 0, incentive: 0, records: 0, funding: 0 }).get(id)!;
    // A grade's funding is the month's money too (it was booked to the ledger and in no export).
    for (const s of funding) of(s.companyId, s.companyZh).funding += s.amountFen;
    for (const s of subsidy) {
      const x = of(s.companyId, s.companyZh);
      x.subsidy += s.amountFen;
      x.cases += s.reversesId ? -1 : 1;
    }
    for (const s of incentive) {
      const x = of(s.companyId, s.companyZh);
      x.incentive += s.amountFen;
      x.records += s.reversesId ? -1 : 1;
    }
    const totals = [...summary.values()];
    const all = (f: (x: (typeof totals)[number]) => number) => totals.reduce((n, x) => n + f(x), 0);
    return [
      {
        name: `${period} 结算汇总`,
        header: ['物业企业', '补贴件数', '补贴金额（元）', '激励条数', '激励金额（元）', '考核拨付（元）', '合计（元）'],
        rows: [
          ...totals.map((x) => [x.name, x.cases, { fen: x.subsidy }, x.records, { fen: x.incentive }, { fen: x.funding }, { fen: x.subsidy + x.incentive + x.funding }]),
          ['合计', all((x) => x.cases), { fen: all((x) => x.subsidy) }, all((x) => x.records), { fen: all((x) => x.incentive) }, { fen: all((x) => x.funding) }, { fen: all((x) => x.subsidy + x.incentive + x.funding) }]
        ]
      },
      {
        name: '代办补贴明细',
        header: ['物业企业', '办件编号', '事项', '代办点', '渠道', '申请人', '提交时间', '办结时间', '类型', '金额（元）', '说明'],
        rows: subsidy.map((s) => [
          s.companyZh,
          s.caseNo ?? '',
          s.itemZh ?? '',
          s.pointZh ?? '',
          channelLabel[s.channel as Channel]?.zh ?? s.channel ?? '',
          maskName(s.applicantName),
          shanghaiTime(s.submittedAt),
          shanghaiTime(s.closedAt),
          entryKind(s.reversesId),
          { fen: s.amountFen },
          s.reason ?? ''
        ])
      },
      {
        name: '网格激励明细',
        header: ['物业企业', '记录编号', '类别', '社区', '物业项目', '核查时间', '类型', '金额（元）', '说明'],
        rows: incentive.map((s) => [s.companyZh, s.recordId ?? '', KIND_ZH[s.kind ?? ''] ?? s.kind ?? '', s.communityZh ?? '', s.propertyZh ?? '', shanghaiTime(s.decidedAt), entryKind(s.reversesId), { fen: s.amountFen }, s.reason ?? ''])
      }
    ];
  }

  return { overdue, statements, Format: z.enum(['csv', 'xlsx']) };
}

export type ExportService = ReturnType<typeof createExportService>;
