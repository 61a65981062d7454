// An assessment's funding is money: graded once, it is posted to the company's ledger exactly once (one
// `assessment` entry, unique per assessment and grading round); a re-grade that changes the funding
// reverses that entry and posts the new amount, never edits it. Also: the grading rules the street
// edits are refused with codes the form can say in Chinese or English.
import { sql } from 'drizzle-orm';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/lib/domain/grading';
import { shanghaiDateKey } from '../../src/lib/domain/sla';
import { rows } from '../support/cases';
import { claimAndDecide, newRecord, populationBody } from '../support/grid';
import { newKey, startTestServer, TestClock, type TestServer } from '../support/server';

describe('assessment funding in the ledger', () => {
  const clock = new TestClock();
  let s: TestServer;
  let desk: string;
  let verifier: string;
  let street: string;
  let day: string;
  const filed: number[] = [];

  beforeAll(async () => {
    s = await startTestServer({ clock });
    // Weeks ahead (agents stay certified): the assessed day holds this file's records only, none of the demo's.
    clock.advance(40 * 86_400_000);
    day = shanghaiDateKey(clock.now());
    [desk, verifier, street] = await Promise.all(['desk', 'verifier', 'street'].map((u) => s.login(u)));
    for (let i = 0; i < 4; i++) {
      const r = await newRecord(s, desk, { ...populationBody(), observedOn: day });
      await claimAndDecide(s, verifier, r.recordId, { outcome: 'verified_new' });
      filed.push(r.recordId);
    }
  });
  afterAll(() => s?.close());

  const fundingOf = (id: number) =>
    rows<{ id: number; amount_fen: number; reverses_id: number | null; assessment_round: number; company_id: number; reason: string | null }>(
      s,
      sql`select id, amount_fen, reverses_id, assessment_round, company_id, reason from ledger_entry where kind = 'assessment' and assessment_id = ${id} order by id`
    ).then((r) => r.map((x) => ({ ...x, id: Number(x.id), reverses_id: x.reverses_id === null ? null : Number(x.reverses_id) })));
  const regrade = (id: number, key = newKey()) => s.api('POST', `/api/grid/assessments/${id}/regrade`, { cookie: street, body: { reason: '复核：一条记录更正为不属实' }, headers: { 'Idempotency-Key': key } });

  it('grading posts the funding once; a re-grade that changes it reverses the entry and posts the new amount', async () => {
    const ag = await s.api('POST', '/api/grid/agreements', {
      cookie: street,
      body: { kind: 'special', companyId: 1, communityId: 1, title: '经费入账测试', startsOn: day, endsOn: day, baseFundingFen: 1_000_000, targetRecords: 4 }
    });
    expect(ag.status, JSON.stringify(ag.body)).toBe(201);
    const opened = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { agreementId: ag.body.data.id, periodFrom: day, periodTo: day, sampleSize: 4, seed: 'funding-ledger' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.data.id as number;
    expect([...opened.body.data.sample].sort()).toEqual([...filed].sort());
    // Not graded yet: re-grading is refused and nothing is posted.
    expect((await regrade(id)).status).toBe(409);
    const checks = (await s.api('GET', `/api/grid/assessments/${id}`, { cookie: verifier })).body.data.spotChecks as { id: number }[];
    for (const c of checks) expect((await s.api('POST', `/api/grid/spot-checks/${c.id}`, { cookie: verifier, body: { result: 'accurate' } })).status).toBe(200);

    const graded = await s.api('POST', `/api/grid/assessments/${id}/grade`, { cookie: street });
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    expect(graded.body.data).toMatchObject({ grade: 'excellent', fundingFen: 1_000_000, state: 'graded' });
    const first = await fundingOf(id);
    expect(first).toEqual([expect.objectContaining({ amount_fen: 1_000_000, reverses_id: null, assessment_round: 1, company_id: 1 })]);
    expect(graded.body.data.ledgerEntryId).toBe(first[0].id);
    // The street's money figures carry it, under the company it was paid to.
    const dash = (await s.api('GET', '/api/street/dashboard?period=month', { cookie: street })).body.data;
    expect(dash.money.fundingFen).toBeGreaterThanOrEqual(1_000_000);
    expect(dash.money.rows.find((m: { companyId: number }) => m.companyId === 1).fundingFen).toBe(dash.money.fundingFen);
    // And so does the month's statement export, in its own column and in the total.
    const [{ period: month }] = await rows<{ period: string }>(s, sql`select period from ledger_entry where id = ${first[0].id}`);
    const xlsx = await fetch(`${s.url}/api/street/exports/statements?period=${month}&format=xlsx`, { headers: { cookie: street } });
    const summary = await readSheet(Buffer.from(await xlsx.arrayBuffer()), 1);
    expect(summary[0][5]).toBe('考核拨付（元）');
    expect(Number(summary.at(-1)![5])).toBe(dash.money.fundingFen / 100);
    // Grading twice is refused; the ledger still has the one entry.
    expect((await s.api('POST', `/api/grid/assessments/${id}/grade`, { cookie: street })).status).toBe(409);
    // A re-grade that comes to the same funding leaves the ledger alone.
    const same = await regrade(id);
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    expect(same.body.data).toMatchObject({ grade: 'excellent', fundingFen: 1_000_000, reversedFen: 0, ledgerEntryId: first[0].id });
    expect(await fundingOf(id)).toHaveLength(1);

    // The street finds one verified record was wrong: coverage 3/4 → 合格 at 70%.
    const fix = await s.api('POST', `/api/grid/records/${filed[0]}/correction`, { cookie: street, body: { to: 'rejected', reason: '复查无此人' }, headers: { 'Idempotency-Key': newKey() } });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    const key = newKey();
    const changed = await regrade(id, key);
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    expect(changed.body.data).toMatchObject({ grade: 'pass', fundingFen: 700_000, coverageBp: 7500, reversedFen: 1_000_000, previous: { grade: 'excellent', fundingFen: 1_000_000 } });
    const after = await fundingOf(id);
    expect(after).toEqual([
      expect.objectContaining({ id: first[0].id, amount_fen: 1_000_000, reverses_id: null, assessment_round: 1 }),
      expect.objectContaining({ amount_fen: -1_000_000, reverses_id: first[0].id, assessment_round: 1, reason: '复核：一条记录更正为不属实' }),
      expect.objectContaining({ amount_fen: 700_000, reverses_id: null, assessment_round: 2 })
    ]);
    expect(after.reduce((n, e) => n + e.amount_fen, 0)).toBe(700_000);
    expect(changed.body.data.ledgerEntryId).toBe(after[2].id);
    // A retry of the same re-grade answers the first result and posts nothing more.
    const retry = await regrade(id, key);
    expect(retry.status).toBe(200);
    expect(retry.body.data).toEqual(changed.body.data);
    expect(await fundingOf(id)).toHaveLength(3);
    const a = (await s.api('GET', `/api/grid/assessments/${id}`, { cookie: street })).body.data.assessment;
    expect(a).toMatchObject({ grade: 'pass', fundingFen: 700_000 });

    // The database itself refuses a second live entry for the same grading, and edits of any entry.
    await expect(
      s.runtime.core.db.execute(sql`insert into ledger_entry (kind, company_id, amount_fen, period, created_by, assessment_id, assessment_round) values ('assessment', 1, 1, '2099-01', 'test', ${id}, 2)`)
    ).rejects.toThrow();
    await expect(s.runtime.core.db.execute(sql`update ledger_entry set amount_fen = 1 where id = ${first[0].id}`)).rejects.toThrow();
  });

  it('only the street re-grades', async () => {
    const ids = await rows<{ id: number }>(s, sql`select id from grid_assessment where state = 'graded' order by id desc limit 1`);
    const res = await s.api('POST', `/api/grid/assessments/${Number(ids[0].id)}/regrade`, { cookie: verifier, body: { reason: 'x' }, headers: { 'Idempotency-Key': newKey() } });
    expect(res.status).toBe(403);
  });

  it('rule sets the street edits are refused with codes for each problem, and nothing is stored', async () => {
    const count = async () => Number((await rows<{ n: number }>(s, sql`select count(*)::int as n from grade_rule_set`))[0].n);
    const before = await count();
    const disordered = DEFAULT_RULES.map((r) => (r.grade === 'pass' ? { ...r, minAccuracyBp: 9200, fundingBp: 9500 } : r));
    const res = await s.api('POST', '/api/grid/rule-sets', { cookie: street, body: { name: '顺序错误', rules: disordered } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details).toEqual([
      { path: 'rules.2.minAccuracyBp', code: 'threshold_order', rule: 2, field: 'minAccuracyBp' },
      { path: 'rules.2.fundingBp', code: 'funding_order', rule: 2, field: 'fundingBp' }
    ]);
    const twin = [DEFAULT_RULES[0], { ...DEFAULT_RULES[0], grade: 'twin' }, DEFAULT_RULES[3]];
    const res2 = await s.api('POST', '/api/grid/rule-sets', { cookie: street, body: { name: '重复门槛', rules: twin } });
    expect(res2.body.error.details).toEqual([{ path: 'rules.1', code: 'unreachable', rule: 1, field: null }]);
    expect(await count()).toBe(before);
    const ok = await s.api('POST', '/api/grid/rule-sets', { cookie: street, body: { name: '修订版', rules: DEFAULT_RULES, timelyDays: 2 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(await count()).toBe(before + 1);
  });
});
