// The street dashboard: every figure equals a count computed independently from the raw tables for a
// generated data set, a change reaches an open dashboard over the socket, and exports parse back.
import { sql } from 'drizzle-orm';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOk, drive, newCase, reviewOk, rows } from '../support/cases';
import { claimAndDecide, newRecord, populationBody } from '../support/grid';
import { startTestServer, TestClock, type TestServer } from '../support/server';
import { collect, connectSocket, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';
import { listQuery, type ListParams } from '../../src/lib/domain/dashboard';

const DAY = 86_400_000;
const SH_DAY = (col: string) => sql.raw(`to_char((${col} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`);

describe('street dashboard', () => {
  const clock = new TestClock();
  let s: TestServer;
  let desk: string, desk2: string, verifier: string, verifier2: string, street: string;
  const dash = async (q: string) => {
    const res = await s.api('GET', `/api/street/dashboard?${q}`, { cookie: street });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };

  beforeAll(async () => {
    s = await startTestServer({ clock });
    // Moving the clock by days ends sessions: sign everyone in again after each move.
    const loginAll = async () => ([desk, desk2, verifier, verifier2, street] = await Promise.all(['desk', 'desk2', 'verifier', 'verifier2', 'street'].map((u) => s.login(u))));
    await loginAll();
    // A generated data set over three days: cases at two points along every path, grid records with every outcome.
    for (let d = 0; d < 3; d++) {
      for (let i = 0; i < 6; i++) {
        const who = i % 3 === 2 ? desk2 : desk;
        const c = await newCase(s, { cookie: who }, { itemCode: i % 2 ? 'senior-card' : 'residence-proof' });
        if (i % 6 === 0) await drive(s, who, verifier, c.caseId, 'delivered');
        else if (i % 6 === 1) await drive(s, who, verifier, c.caseId, 'in_review');
        else if (i % 6 === 3) {
          await drive(s, who, verifier, c.caseId, 'in_review');
          await reviewOk(s, verifier, c.caseId, { action: 'reject', reason: d % 2 ? '材料不符' : '非本辖区' });
        } else if (i % 6 === 4) await actOk(s, street, c.caseId, { action: 'reassign', toPointId: 4 });
      }
      for (let i = 0; i < 4; i++) {
        const r = await newRecord(s, desk, populationBody());
        if (i === 0) await claimAndDecide(s, verifier, r.recordId, { outcome: 'verified_new' });
        if (i === 1) await claimAndDecide(s, verifier2, r.recordId, { outcome: 'verified_known' });
        if (i === 2) await claimAndDecide(s, verifier, r.recordId, { outcome: 'rejected', reason: '查无此人' });
      }
      clock.advance(DAY);
      await loginAll();
    }
    clock.advance(20 * DAY);
    await loginAll();
  }, 240_000);
  afterAll(() => s?.close());

  it('every figure equals a count over the raw tables', async () => {
    const from = '2000-01-01';
    const to = '2100-01-01';
    const d = await dash(`period=custom&from=${from}&to=${to}`);
    const n = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(s, q))[0].n);

    expect(d.cases.intake).toBe(await n(sql`select count(*)::int n from proxy_case`));
    expect(d.cases.delivered).toBe(await n(sql`select count(*)::int n from proxy_case where state = 'delivered'`));
    expect(d.cases.rejected).toBe(await n(sql`select count(*)::int n from proxy_case where state = 'rejected'`));
    const byChannel = await rows<{ day: string; channel: string; n: number }>(s, sql`select ${SH_DAY('submitted_at')} as day, channel, count(*)::int n from proxy_case group by 1, 2 order by 1, 2`);
    expect(d.cases.daily.map((x: any) => ({ day: x.day, channel: x.channel, n: x.intake })).sort((a: any, b: any) => (a.day + a.channel).localeCompare(b.day + b.channel))).toEqual(
      byChannel.map((x) => ({ ...x, n: Number(x.n) }))
    );
    const wip = await rows<{ state: string; n: number }>(s, sql`select state, count(*)::int n from proxy_case where state not in ('delivered', 'rejected', 'cancelled') group by state order by state`);
    expect([...d.cases.wip].sort((a: any, b: any) => a.state.localeCompare(b.state))).toEqual(wip.map((w) => ({ state: w.state, n: Number(w.n) })));
    expect(d.cases.wipTotal).toBe(wip.reduce((t, w) => t + Number(w.n), 0));
    const overdue = await n(sql`select count(*)::int n from proxy_case where state not in ('delivered', 'rejected', 'cancelled') and due_at < ${clock.now().toISOString()}::timestamptz`);
    expect(overdue).toBeGreaterThan(0);
    expect(d.cases.overdue.total).toBe(overdue);
    expect(d.cases.overdue.list).toHaveLength(overdue);
    expect(d.cases.overdue.list.every((c: any) => c.applicant.includes('*'))).toBe(true);
    const reasons = await rows<{ reason: string; n: number }>(s, sql`select rejection_reason reason, count(*)::int n from proxy_case where state = 'rejected' group by 1`);
    expect(Object.fromEntries(d.cases.rejections.map((r: any) => [r.reason, r.n]))).toEqual(Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)])));
    const tat = await rows<{ item_id: number; n: number }>(s, sql`select item_id, count(*)::int n from proxy_case where state = 'delivered' group by 1`);
    expect(d.cases.turnaround.map((t: any) => [t.itemId, t.n]).sort()).toEqual(tat.map((t) => [Number(t.item_id), Number(t.n)]).sort());

    const g = await rows<{ filed: number; vn: number; vk: number; rej: number }>(
      s,
      sql`select count(*)::int filed, count(*) filter (where state = 'verified_new')::int vn, count(*) filter (where state = 'verified_known')::int vk, count(*) filter (where state = 'rejected')::int rej from grid_record`
    );
    expect([d.grid.filed, d.grid.verifiedNew, d.grid.verifiedKnown, d.grid.rejected]).toEqual([g[0].filed, g[0].vn, g[0].vk, g[0].rej].map(Number));
    expect(d.grid.backlog.total).toBe(await n(sql`select count(*)::int n from grid_record where state in ('pending', 'needs_visit')`));
    const money = await rows<{ kind: string; fen: number }>(s, sql`select kind, coalesce(sum(amount_fen), 0)::int fen from ledger_entry group by kind`);
    const fen = (k: string) => Number(money.find((m) => m.kind === k)?.fen ?? 0);
    expect([d.money.subsidyFen, d.money.incentiveFen]).toEqual([fen('subsidy'), fen('incentive')]);
    expect(d.money.subsidyFen).toBeGreaterThan(0);
    // Totals agree with their lists.
    expect(d.ranking.points.reduce((t: number, p: any) => t + p.delivered, 0)).toBe(d.cases.delivered);
    // Every point of the scope has its row, zeros included, and the rows add up to the street's figures.
    expect(d.ranking.points.map((p: any) => p.pointId).sort((a: number, b: number) => a - b)).toEqual(d.options.points.map((p: any) => p.id).sort((a: number, b: number) => a - b));
    expect(d.ranking.points.reduce((t: number, p: any) => t + p.overdue, 0)).toBe(d.cases.overdue.total);
    expect(d.ranking.points.reduce((t: number, p: any) => t + p.wip, 0)).toBe(d.cases.wipTotal);
    expect(d.money.rows.reduce((t: number, m: any) => t + m.subsidyFen, 0)).toBe(d.money.subsidyFen);
  });

  it('narrows to a point and to a company', async () => {
    const all = 'period=custom&from=2000-01-01&to=2100-01-01';
    const p4 = await dash(`${all}&scope=point:4`);
    const n4 = await rows<{ n: number }>(s, sql`select count(*)::int n from proxy_case where point_id = 4`);
    expect(p4.cases.intake).toBe(Number(n4[0].n));
    expect(p4.cases.overdue.list.every((c: any) => c.pointId === 4)).toBe(true);
    const c1 = await dash(`${all}&scope=company:1`);
    const g1 = await rows<{ n: number }>(s, sql`select count(*)::int n from grid_record where company_id = 1`);
    expect(c1.grid.filed).toBe(Number(g1[0].n));
    expect((await s.api('GET', `/api/street/dashboard?scope=point:999999`, { cookie: street })).status).toBe(404);
    expect((await s.api('GET', `/api/street/dashboard`, { cookie: desk })).status).toBe(403);
  });

  it('each figure equals the length of the list its link opens (totals agree with their lists)', async () => {
    const all = 'period=custom&from=2000-01-01&to=2100-01-01';
    let opened = 0;
    const open = async (d: any, f: ListParams) => {
      const res = await s.api('GET', `/api/street/dashboard/list?${listQuery(d, f)}`, { cookie: street });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const l = res.body.data;
      const rows = l.cases ?? l.records ?? l.entries;
      expect(rows).toHaveLength(Math.min(l.total, 500));
      opened++;
      return l;
    };
    for (const scope of ['street', 'point:4', 'company:1', 'community:1']) {
      const d = await dash(`${all}&scope=${scope}`);
      const c = d.cases;
      const g = d.grid;
      const figures: [string, number, ListParams][] = [
        ['intake', c.intake, { list: 'intake' }],
        ['wip', c.wipTotal, { list: 'wip' }],
        ['delivered', c.delivered, { list: 'delivered' }],
        ['rejected', c.rejected, { list: 'rejected' }],
        ['overdue', c.overdue.total, { list: 'overdue' }],
        ...c.daily.map((x: any): [string, number, ListParams] => [`intake ${x.day} ${x.channel}`, x.intake, { list: 'intake', channel: x.channel, day: x.day }]),
        ...c.wip.map((w: any): [string, number, ListParams] => [`wip ${w.state}`, w.n, { list: 'wip', state: w.state }]),
        ...c.wipByPoint.map((w: any): [string, number, ListParams] => [`wip ${w.pointId} ${w.state}`, w.n, { list: 'wip', state: w.state, pointId: w.pointId }]),
        ...c.turnaround.map((t: any): [string, number, ListParams] => [`delivered item ${t.itemId}`, t.n, { list: 'delivered', itemId: t.itemId }]),
        ...c.rejections.map((r: any): [string, number, ListParams] => [`rejected ${r.reason}`, r.n, { list: 'rejected', reason: r.reason }]),
        ...d.ranking.points.flatMap((p: any): [string, number, ListParams][] => [
          [`delivered at point ${p.pointId}`, p.delivered, { list: 'delivered', pointId: p.pointId }],
          [`wip at point ${p.pointId}`, p.wip, { list: 'wip', pointId: p.pointId }],
          [`overdue at point ${p.pointId}`, p.overdue, { list: 'overdue', pointId: p.pointId }]
        ]),
        ...d.ranking.companies.map((p: any): [string, number, ListParams] => [`delivered by company ${p.companyId}`, p.delivered, { list: 'delivered', companyId: p.companyId }]),
        ...d.kiosks.map((k: any): [string, number, ListParams] => [`kiosk ${k.id}`, k.submissions, { list: 'kiosk', kioskId: k.id }]),
        ['filed', g.filed, { list: 'filed' }],
        ['verified new', g.verifiedNew, { list: 'verified_new' }],
        ['verified known', g.verifiedKnown, { list: 'verified_known' }],
        ['grid rejected', g.rejected, { list: 'grid_rejected' }],
        ['backlog', g.backlog.total, { list: 'backlog' }],
        ...g.backlog.byCompany.map((b: any): [string, number, ListParams] => [`backlog ${b.companyId}`, b.n, { list: 'backlog', companyId: b.companyId }]),
        ...g.rows.flatMap((r: any): [string, number, ListParams][] => [
          [`filed ${r.companyId} ${r.kind}`, r.filed, { list: 'filed', companyId: r.companyId, kind: r.kind }],
          [`verified new ${r.companyId} ${r.kind}`, r.verifiedNew, { list: 'verified_new', companyId: r.companyId, kind: r.kind }],
          [`verified known ${r.companyId} ${r.kind}`, r.verifiedKnown, { list: 'verified_known', companyId: r.companyId, kind: r.kind }],
          [`rejected ${r.companyId} ${r.kind}`, r.rejected, { list: 'grid_rejected', companyId: r.companyId, kind: r.kind }]
        ])
      ];
      for (const [label, n, f] of figures) expect((await open(d, f)).total, `${scope}: ${label}`).toBe(n);
      if (scope === 'street') {
        expect(c.overdue.total).toBeGreaterThan(0);
        expect(g.backlog.total).toBeGreaterThan(0);
        expect(c.wipByPoint.length).toBeGreaterThan(1);
      }
      // Money: the amount is the sum of the list's entries, the count the cases (records) its accruals still pay for.
      for (const m of [{ companyId: undefined, subsidyFen: d.money.subsidyFen, incentiveFen: d.money.incentiveFen }, ...d.money.rows]) {
        for (const kind of ['subsidy', 'incentive'] as const) {
          const l = await open(d, { list: kind, companyId: m.companyId });
          expect(l.fen, `${scope}: ${kind} ${m.companyId}`).toBe(kind === 'subsidy' ? m.subsidyFen : m.incentiveFen);
          if (m.companyId) expect(l.paid).toBe(kind === 'subsidy' ? m.subsidyCases : m.incentiveRecords);
          if (m.companyId) expect(l.entries.filter((e: any) => !e.reversesId).length).toBeGreaterThanOrEqual(l.paid);
        }
      }
    }
    expect(opened).toBeGreaterThan(100);
    // A bad list query is refused and changes nothing; a desk may not open lists.
    expect((await s.api('GET', `/api/street/dashboard/list?list=nope`, { cookie: street })).status).toBe(400);
    expect((await s.api('GET', `/api/street/dashboard/list?list=wip`, { cookie: desk })).status).toBe(403);
  });

  it('intake per hour comes from the hourly rollup, equals the raw counts and links to its lists', async () => {
    const days = await rows<{ day: string }>(s, sql`select distinct ${SH_DAY('submitted_at')} as day from proxy_case order by 1`);
    expect(days.length).toBeGreaterThan(1);
    for (const { day } of days.slice(0, 2)) {
      const d = await dash(`period=custom&from=${day}&to=${day}`);
      const raw = await rows<{ hour: number; channel: string; n: number }>(
        s,
        sql`select extract(hour from (submitted_at at time zone 'UTC') + interval '8 hours')::int as hour, channel, count(*)::int n from proxy_case where ${SH_DAY('submitted_at')} = ${day} group by 1, 2 order by 1, 2`
      );
      const got = d.cases.hourly.map((x: any) => ({ hour: Number(x.hour), channel: x.channel, n: x.intake })).sort((a: any, b: any) => a.hour - b.hour || a.channel.localeCompare(b.channel));
      expect(got).toEqual(raw.map((x) => ({ hour: Number(x.hour), channel: x.channel, n: Number(x.n) })));
      expect(got.reduce((t: number, x: any) => t + x.n, 0)).toBe(d.cases.intake);
      for (const x of d.cases.hourly) {
        const res = await s.api('GET', `/api/street/dashboard/list?${listQuery(d, { list: 'intake', channel: x.channel, day: x.day, hour: x.hour })}`, { cookie: street });
        expect(res.body.data.total).toBe(x.intake);
      }
    }
    // Both new rollups equal their raw group-bys (reassignments moved intake between points).
    const hourStat = await rows(s, sql`select day, hour::int as hour, point_id, channel, intake::int n from case_hour_stat where intake <> 0 order by 1, 2, 3, 4`);
    const hourRaw = await rows(
      s,
      sql`select ${SH_DAY('submitted_at')} as day, extract(hour from (submitted_at at time zone 'UTC') + interval '8 hours')::int as hour, point_id, channel, count(*)::int n from proxy_case group by 1, 2, 3, 4 order by 1, 2, 3, 4`
    );
    expect(hourStat).toEqual(hourRaw);
    const backlogStat = await rows(s, sql`select property_id, kind, company_id, n::int n from grid_backlog_stat where n <> 0 order by 1, 2`);
    const backlogRaw = await rows(s, sql`select property_id, kind, min(company_id) company_id, count(*)::int n from grid_record where state in ('pending', 'needs_visit') group by 1, 2 order by 1, 2`);
    expect(backlogStat).toEqual(backlogRaw);
    expect(backlogRaw.length).toBeGreaterThan(0);
    // The backlog's age: the oldest waiting record, found by index, equals the raw minimum — overall and
    // per company (a fresh record at another company's point makes that company's oldest differ).
    await newRecord(s, desk2, populationBody({ propertyId: 4 }));
    const d = await dash('period=today');
    const [{ oldest }] = await rows<{ oldest: string }>(s, sql`select min(filed_at) oldest from grid_record where state in ('pending', 'needs_visit')`);
    expect(new Date(d.grid.backlog.oldest).getTime()).toBe(new Date(oldest).getTime());
    expect(d.grid.backlog.ageDays).toBeGreaterThanOrEqual(20);
    const perCompany = await rows<{ company_id: number; oldest: string }>(s, sql`select company_id, min(filed_at) oldest from grid_record where state in ('pending', 'needs_visit') group by 1`);
    expect(d.grid.backlog.byCompany.length).toBe(perCompany.length);
    expect(new Set(perCompany.map((x) => new Date(x.oldest).getTime())).size).toBeGreaterThan(1);
    for (const b of d.grid.backlog.byCompany) {
      const raw = perCompany.find((x) => Number(x.company_id) === b.companyId)!;
      expect(new Date(b.oldest).getTime(), `company ${b.companyId}`).toBe(new Date(raw.oldest).getTime());
    }
  });

  it('a change reaches an open dashboard over the socket, and the refetched figures move', async () => {
    const before = await dash('period=custom&from=2000-01-01&to=2100-01-01');
    const socket = await connectSocket(s, { cookie: street });
    const seen = collect(socket);
    const sub = await subscribe(socket, 'street:1');
    expect('data' in sub).toBe(true);
    const c = await newCase(s, { cookie: desk });
    await actOk(s, desk, c.caseId, { action: 'accept' });
    // How fast is measured in bench/ (fan-out), not asserted here: a loaded CI machine is no yardstick.
    await waitFor(() => seen.some((e) => e.type === 'case.updated.v1' && (e.payload as any).caseId === c.caseId), 10_000);
    const after = await dash('period=custom&from=2000-01-01&to=2100-01-01');
    expect(after.cases.intake).toBe(before.cases.intake + 1);
    const acc = (x: any) => x.cases.wip.find((w: any) => w.state === 'accepted')?.n ?? 0;
    expect(acc(after)).toBe(acc(before) + 1);
    socket.close();
  });

  it('exports the overdue list and the month’s statements as CSV and XLSX, masked', async () => {
    const csv = await fetch(`${s.url}/api/street/exports/overdue?period=custom&from=2000-01-01&to=2100-01-01&format=csv`, { headers: { cookie: street } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('办件编号,代办点,事项,状态,申请人,提交时间,应办结时间,已用天数,超期天数');
    const [{ n }] = await rows<{ n: number }>(s, sql`select count(*)::int n from proxy_case where state not in ('delivered', 'rejected', 'cancelled') and due_at < ${clock.now().toISOString()}::timestamptz`);
    expect(lines).toHaveLength(Number(n) + 1);
    expect(lines[1].split(',')[4]).toContain('*');
    const period = (await rows<{ p: string }>(s, sql`select min(period) p from ledger_entry`))[0].p;
    const x = await fetch(`${s.url}/api/street/exports/statements?period=${period}&format=xlsx`, { headers: { cookie: street } });
    expect(x.status).toBe(200);
    const buf = Buffer.from(await x.arrayBuffer());
    const summary = await readSheet(buf, 1);
    expect((await readXlsxFile(buf)).map((x) => x.sheet)).toEqual([`${period} 结算汇总`, '代办补贴明细', '网格激励明细']);
    expect(summary[0][0]).toBe('物业企业');
    const [{ fen }] = await rows<{ fen: number }>(s, sql`select coalesce(sum(amount_fen), 0)::int fen from ledger_entry where period = ${period}`);
    expect(Math.round(Number(summary.at(-1)![6]) * 100)).toBe(Number(fen));
    expect((await s.api('GET', '/api/street/exports/overdue', { cookie: desk })).status).toBe(403);
  });
});
