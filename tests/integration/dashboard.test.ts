// The street dashboard: every figure equals a count computed independently from the raw tables for a
// generated data set, a change reaches an open dashboard over the socket, and exports parse back.
import { sql } from 'drizzle-orm';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOk, drive, newCase, rows } from '../support/cases';
import { claimAndDecide, newRecord, populationBody } from '../support/grid';
import { startTestServer, TestClock, type TestServer } from '../support/server';
import { collect, connectSocket, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';

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
          await actOk(s, verifier, c.caseId, { action: 'reject', reason: d % 2 ? '材料不符' : '非本辖区' });
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

  it('a change reaches an open dashboard over the socket, and the refetched figures move', async () => {
    const before = await dash('period=custom&from=2000-01-01&to=2100-01-01');
    const socket = await connectSocket(s, { cookie: street });
    const seen = collect(socket);
    const sub = await subscribe(socket, 'street:1');
    expect('data' in sub).toBe(true);
    const c = await newCase(s, { cookie: desk });
    const t0 = Date.now();
    await actOk(s, desk, c.caseId, { action: 'accept' });
    await waitFor(() => seen.some((e) => e.type === 'case.updated.v1' && (e.payload as any).caseId === c.caseId), 2_000);
    const delay = Date.now() - t0;
    const after = await dash('period=custom&from=2000-01-01&to=2100-01-01');
    expect(after.cases.intake).toBe(before.cases.intake + 1);
    const acc = (x: any) => x.cases.wip.find((w: any) => w.state === 'accepted')?.n ?? 0;
    expect(acc(after)).toBe(acc(before) + 1);
    expect(delay).toBeLessThan(1_000);
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
    expect(lines[0]).toBe('办件编号,代办点,事项,状态,申请人,受理时间,应办结时间,已历天数,超期天数');
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
    expect(Math.round(Number(summary.at(-1)![5]) * 100)).toBe(Number(fen));
    expect((await s.api('GET', '/api/street/exports/overdue', { cookie: desk })).status).toBe(403);
  });
});
