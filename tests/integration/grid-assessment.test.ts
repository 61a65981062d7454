// Entrustment and assessment: agreements of the three kinds, rules as data, a reproducible spot-check
// sample, field results by verifiers, grade → funding, the committee's read-only view, and who may
// open the Yjs notes and worksheets of grid records.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../support/cases';
import { drawSample } from '../../src/lib/domain/sample';
import { DEFAULT_RULES } from '../../src/lib/domain/grading';
import { DEMO_COMMITTEE_TOKEN } from '../../src/lib/server/seed/demo-grid';
import { claimAndDecide, makeStaff, newRecord, today } from '../support/grid';
import { startTestServer, type TestServer } from '../support/server';
import { openDoc, upgradeRefusal } from '../support/yjs';

describe('agreements, assessments and spot checks', () => {
  let s: TestServer;
  let desk: string;
  let verifier: string;
  let verifier2: string;
  let street: string;
  const filed: number[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    [desk, verifier, verifier2, street] = await Promise.all(['desk', 'verifier', 'verifier2', 'street'].map((u) => s.login(u)));
    for (let i = 0; i < 8; i++) filed.push((await newRecord(s, desk)).recordId);
    for (const id of filed.slice(0, 6)) await claimAndDecide(s, verifier, id, { outcome: 'verified_new' });
  });
  afterAll(() => s?.close());

  it('creates agreements; a whole entrustment must list its items and gets a committee link once', async () => {
    const base = { companyId: 1, communityId: 1, startsOn: '2026-01-01', endsOn: '2026-12-31', baseFundingFen: 1_000_000, targetRecords: 10 };
    expect((await s.api('POST', '/api/grid/agreements', { cookie: street, body: { ...base, kind: 'whole', title: '整体委托' } })).status).toBe(400);
    const whole = await s.api('POST', '/api/grid/agreements', { cookie: street, body: { ...base, kind: 'whole', title: '整体委托', items: [{ category: '出租屋管理', name: '出租屋登记' }] } });
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    expect(whole.body.data.committeeToken).toMatch(/^[\w-]{30,}$/);
    // Sent again (a second click): refused, not funded twice.
    const twice = await s.api('POST', '/api/grid/agreements', { cookie: street, body: { ...base, kind: 'whole', title: '整体委托', items: [{ category: '出租屋管理', name: '出租屋登记' }] } });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ details: { reason: 'agreement_exists' }, message: expect.stringContaining('未重复新增') });
    expect((await s.api('POST', '/api/grid/agreements', { cookie: verifier, body: { ...base, kind: 'special', title: 'x' } })).status).toBe(403);
    const view = await s.api('GET', `/api/committee/${whole.body.data.committeeToken}`);
    expect(view.status).toBe(200);
    // What the committee supervises, named with the company; none of the street's bookkeeping.
    expect(view.body.data.agreement).toEqual({ title: '整体委托', startsOn: '2026-01-01', endsOn: '2026-12-31', items: [{ category: '出租屋管理', name: '出租屋登记' }], company: { zh: expect.any(String), en: expect.any(String) } });
    expect((await s.api('GET', '/api/committee/not-a-real-token-at-all-xx')).status).toBe(404);
    const list = await s.api('GET', '/api/grid/agreements', { cookie: verifier });
    expect(list.body.data.length).toBeGreaterThan(0);

    // A lost link is replaced, not shown again (only its hash is kept): the old one stops at once.
    const id = whole.body.data.id as number;
    expect((await s.api('POST', `/api/grid/agreements/${id}/committee-link`, { cookie: verifier })).status).toBe(403);
    const fresh = await s.api('POST', `/api/grid/agreements/${id}/committee-link`, { cookie: street });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expect(fresh.body.data.committeeToken).not.toBe(whole.body.data.committeeToken);
    expect((await s.api('GET', `/api/committee/${whole.body.data.committeeToken}`)).status).toBe(404);
    expect((await s.api('GET', `/api/committee/${fresh.body.data.committeeToken}`)).status).toBe(200);
    const all = await s.api('GET', '/api/grid/agreements', { cookie: street });
    const special = (all.body.data as { id: number; kind: string }[]).find((a) => a.kind === 'special')!;
    const none = await s.api('POST', `/api/grid/agreements/${special.id}/committee-link`, { cookie: street });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('只有整体委托协议');
  });

  it('rule sets are validated data: a set without a catch-all grade is refused', async () => {
    const bad = DEFAULT_RULES.slice(0, 3);
    expect((await s.api('POST', '/api/grid/rule-sets', { cookie: street, body: { name: '缺兜底', rules: bad } })).status).toBe(400);
    const ok = await s.api('POST', '/api/grid/rule-sets', { cookie: street, body: { name: '标准', rules: DEFAULT_RULES, timelyDays: 3 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('draws a reproducible sample, takes field results, and grades into funding by the rules', async () => {
    const agreements = (await s.api('GET', '/api/grid/agreements', { cookie: street })).body.data as { id: number; kind: string; companyId: number; baseFundingFen: number; targetRecords: number }[];
    const special = agreements.find((a) => a.kind === 'whole' && a.companyId === 1 && a.targetRecords === 10)!;
    const day = today();
    const body = { agreementId: special.id, periodFrom: day, periodTo: day, sampleSize: 4, seed: 'audit-2026-q4' };
    const opened = await s.api('POST', '/api/grid/assessments', { cookie: street, body });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const a = opened.body.data;
    // The population: every record company 1 filed in community 1 on this Shanghai day (the demo's may fall on the day before).
    const population = (
      await rows<{ id: number }>(s, sql`select id from grid_record where company_id = 1 and community_id = 1 and (filed_at at time zone 'Asia/Shanghai')::date = ${day}::date`)
    ).map((r) => Number(r.id));
    expect(a).toMatchObject({ seed: 'audit-2026-q4', sampleSize: 4, population: population.length, state: 'open' });
    // Anyone with the seed and the population redraws exactly the same sample, whatever order they list it in.
    expect(a.sample).toEqual(drawSample(population.reverse(), 4, 'audit-2026-q4'));
    expect((await s.api('POST', `/api/grid/assessments/${a.id}/grade`, { cookie: street })).status).toBe(409);

    const got = await s.api('GET', `/api/grid/assessments/${a.id}`, { cookie: verifier });
    const checks = got.body.data.spotChecks as { id: number; recordId: number }[];
    expect(checks.map((c) => c.recordId)).toEqual(a.sample);
    expect((await s.api('POST', `/api/grid/spot-checks/${checks[0].id}`, { cookie: desk, body: { result: 'accurate' } })).status).toBe(403);
    for (const [i, c] of checks.entries()) {
      const r = await s.api('POST', `/api/grid/spot-checks/${c.id}`, { cookie: i % 2 ? verifier2 : verifier, body: { result: i === 0 ? 'inaccurate' : 'accurate' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // Two of the period's records still wait on the community: their coverage is not known, so no grade yet.
    const early = await s.api('POST', `/api/grid/assessments/${a.id}/grade`, { cookie: street });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ details: { reason: 'unverified_records' }, message: expect.stringContaining('待社区核查') });
    expect((await s.api('GET', `/api/grid/assessments/${a.id}`, { cookie: street })).body.data.assessment).toMatchObject({ state: 'open', grade: null });
    const waiting = await rows<{ id: number }>(s, sql`select id from grid_record where company_id = 1 and community_id = 1 and state in ('pending', 'needs_visit') and (filed_at at time zone 'Asia/Shanghai')::date = ${day}::date`);
    expect(waiting.map((r) => Number(r.id))).toEqual(expect.arrayContaining(filed.slice(6)));
    for (const r of waiting) await claimAndDecide(s, verifier, Number(r.id), { outcome: 'rejected', reason: '查无此人' });
    const graded = await s.api('POST', `/api/grid/assessments/${a.id}/grade`, { cookie: street });
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    // 3 of 4 accurate = 7500 bp → below 合格's 8000: 不合格, no funding. All filed today: timely. 6 of 10 verified.
    expect(graded.body.data).toMatchObject({ accuracyBp: 7500, timelinessBp: 10000, coverageBp: 6000, grade: 'fail', fundingFen: 0, state: 'graded' });
    expect((await s.api('POST', `/api/grid/assessments/${a.id}/grade`, { cookie: street })).status).toBe(409);
    const again = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { ...body, periodTo: day, seed: 'audit-2026-q4', sampleSize: 4, agreementId: special.id } });
    expect(again.status).toBe(409);
    // Nor a period that shares a day with it: the same work would be graded, and paid for, twice.
    const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const overlapping = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { ...body, periodFrom: before, periodTo: day, seed: 'overlap' } });
    expect([overlapping.status, overlapping.body.error.details.reason]).toEqual([409, 'period_overlaps']);
    expect(overlapping.body.error.message).toContain('只考核、拨付一次');
  });

  it('refuses a reversed period, a period outside the agreement, and a period with nothing to sample', async () => {
    const agreements = (await s.api('GET', '/api/grid/agreements', { cookie: street })).body.data as { id: number; kind: string; startsOn: string; endsOn: string }[];
    const { id: agreementId, startsOn } = agreements[0];
    const count = async () => Number((await rows<{ n: number }>(s, sql`select count(*)::int n from grid_assessment`))[0].n);
    const before = await count();
    // The period ends before it starts: refused with the field that is wrong, nothing stored.
    const reversed = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { agreementId, periodFrom: '2026-11-30', periodTo: '2026-01-01', sampleSize: 10 } });
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(400);
    expect(reversed.body.error.code).toBe('VALIDATION');
    expect(reversed.body.error.details).toEqual([expect.objectContaining({ path: 'periodTo' })]);
    // Before the agreement's term: it assesses work the agreement never bought.
    const outside = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { agreementId, periodFrom: '2001-03-04', periodTo: '2001-03-04', sampleSize: 3 } });
    expect(outside.status, JSON.stringify(outside.body)).toBe(400);
    expect(outside.body.error.details).toEqual([{ path: 'periodFrom', code: 'outside_term' }]);
    // A day of the term with no records: nothing to sample, so no assessment is opened to clutter the lists.
    const empty = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { agreementId, periodFrom: startsOn, periodTo: startsOn, sampleSize: 10 } });
    expect(empty.status, JSON.stringify(empty.body)).toBe(409);
    expect(empty.body.error).toMatchObject({ code: 'CONFLICT', message: '该考核期间内没有该企业的记录，抽不到样本，无法考核；请换一个考核期间', details: { reason: 'empty_sample' } });
    expect(await count()).toBe(before);
  });

  it('the demo committee link shows the whole entrustment and its work, with no personal data', async () => {
    const view = await s.api('GET', `/api/committee/${DEMO_COMMITTEE_TOKEN}`);
    expect(view.status).toBe(200);
    expect(view.body.data.agreement.items.length).toBeGreaterThan(5);
    expect(view.body.data.work.length).toBeGreaterThan(0);
    expect(JSON.stringify(view.body)).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);
  });

  it('the committee reads a grade in the words of the rule set its assessment was opened with', async () => {
    // The street renames its grades; an assessment opened under that set is named by it, not by the defaults.
    const renamed = DEFAULT_RULES.map((r) => ({ ...r, zh: `${r.zh}（本街道）`, en: `${r.en} (street)` }));
    const set = await s.api('POST', '/api/grid/rule-sets', { cookie: street, body: { name: '本街道等次', rules: renamed, timelyDays: 3 } });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    const base = { companyId: 1, communityId: 1, startsOn: '2026-01-01', endsOn: '2026-12-31', baseFundingFen: 100_000, targetRecords: 8 };
    const whole = await s.api('POST', '/api/grid/agreements', { cookie: street, body: { ...base, kind: 'whole', title: '等次命名', items: [{ category: '出租屋管理', name: '出租屋登记' }] } });
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    const opened = await s.api('POST', '/api/grid/assessments', { cookie: street, body: { agreementId: whole.body.data.id, periodFrom: today(), periodTo: today(), sampleSize: 2, ruleSetId: set.body.data.id } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const checks = (await s.api('GET', `/api/grid/assessments/${opened.body.data.id}`, { cookie: verifier })).body.data.spotChecks as { id: number }[];
    expect(checks.length).toBe(2);
    for (const c of checks) expect((await s.api('POST', `/api/grid/spot-checks/${c.id}`, { cookie: verifier, body: { result: 'accurate' } })).status).toBe(200);
    const graded = await s.api('POST', `/api/grid/assessments/${opened.body.data.id}/grade`, { cookie: street });
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    const rule = renamed.find((r) => r.grade === graded.body.data.grade)!;

    const view = await s.api('GET', `/api/committee/${whole.body.data.committeeToken}`);
    expect(view.body.data.assessments).toEqual([expect.objectContaining({ grade: rule.grade, gradeName: { zh: rule.zh, en: rule.en } })]);
  });

  it('grid notes and worksheets are Yjs documents opened only by who may read the record', async () => {
    const id = filed[7];
    const mine = await openDoc(s, `grid:${id}:notes`, verifier);
    const theirs = await openDoc(s, `grid:${id}:notes`, desk);
    mine.text.insert(0, '已电话核实');
    await expect.poll(() => theirs.text.toString()).toBe('已电话核实');
    mine.destroy();
    theirs.destroy();
    const other = await makeStaff(s, { username: 'v-yjs-other', role: 'verifier', community: 'zhulin' });
    expect((await upgradeRefusal(s, `grid:${id}:notes`, { cookie: other, origin: s.origin })).status).toBe(403);
    const ws = await openDoc(s, 'worksheet:1', verifier2);
    ws.destroy();
    expect((await upgradeRefusal(s, 'worksheet:1', { cookie: other, origin: s.origin })).status).toBe(403);
    expect((await upgradeRefusal(s, 'worksheet:1', { cookie: desk, origin: s.origin })).status).toBe(403);
  });
});
