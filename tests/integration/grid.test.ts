// Grid records end to end over the real doors: filing → claim → verified_new → one incentive entry (none
// for a company whose entrustment already pays for the record);
// two verifiers racing for one claim; conflicts of interest refused; claim expiry; events by room.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RATES_FEN } from '../../src/lib/server/seed/demo-grid';
import { collect, connectSocket, subscribe, type BoardClient } from '../support/socket';
import { startTestServer, TestClock, type TestServer } from '../support/server';
import { claim, claimAndDecide, decide, fileRecord, idNumber, incentivesOf, makeStaff, newRecord, populationBody, today } from '../support/grid';
import { waitFor } from '../support/wait';
import { rows } from '../support/cases';

describe('grid records and the verification board', () => {
  const clock = new TestClock();
  let s: TestServer;
  let desk: string;
  let desk2: string;
  let verifier: string;
  let verifier2: string;
  const sockets: BoardClient[] = [];

  beforeAll(async () => {
    s = await startTestServer({ clock });
    [desk, desk2, verifier, verifier2] = await Promise.all(['desk', 'desk2', 'verifier', 'verifier2'].map((u) => s.login(u)));
  });
  afterAll(async () => {
    for (const so of sockets) so.close();
    await s?.close();
  });

  it('a record flows from filing to verified_new and earns exactly one incentive entry', async () => {
    // 侨城豪苑 (property 3, in 侨香): desk2's company is entrusted only in 香蜜, so here it earns per record.
    const filed = await newRecord(s, desk2, populationBody({ propertyId: 3 }));
    expect(filed).toMatchObject({ state: 'pending', duplicate: null });
    const out = await claimAndDecide(s, verifier, filed.recordId, { outcome: 'verified_new' });
    expect(out).toMatchObject({ state: 'verified_new', incentiveFen: DEMO_RATES_FEN.population, fundedBy: null });
    const entries = await incentivesOf(s, filed.recordId);
    expect(entries).toEqual([expect.objectContaining({ amountFen: DEMO_RATES_FEN.population, reversesId: null, companyId: 2 })]);
    // Decided is decided: a second decision is refused and earns nothing.
    expect((await claim(s, verifier, filed.recordId)).status).toBe(409);
    expect(await incentivesOf(s, filed.recordId)).toHaveLength(1);
  });

  it('a company entrusted with the community is paid through its agreement, not per record', async () => {
    // desk's company holds 侨香's whole entrustment for the year: its assessment's funding pays for the record.
    const filed = await newRecord(s, desk);
    const out = await claimAndDecide(s, verifier, filed.recordId, { outcome: 'verified_new' });
    expect(out).toMatchObject({ state: 'verified_new', incentiveFen: 0, fundedBy: { kind: 'whole', title: '侨香社区工作站服务整体委托（示例）' } });
    expect(await incentivesOf(s, filed.recordId)).toEqual([]);
    // The same company in a community it is not entrusted with (农科花园, 竹林) earns the incentive.
    const zl = await makeStaff(s, { username: 'zhulin-verifier', role: 'verifier', community: 'zhulin' });
    const away = await newRecord(s, desk, populationBody({ propertyId: 11 }));
    expect(await claimAndDecide(s, zl, away.recordId, { outcome: 'verified_new' })).toMatchObject({ incentiveFen: DEMO_RATES_FEN.population, fundedBy: null });
    expect(await incentivesOf(s, away.recordId)).toEqual([expect.objectContaining({ amountFen: DEMO_RATES_FEN.population, companyId: 1 })]);
  });

  it('dates and identity numbers that cannot be true are refused at the field; a phone typed with spaces is taken', async () => {
    const tomorrow = new Date(clock.now().getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const ahead = await fileRecord(s, desk, { ...populationBody(), observedOn: tomorrow });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.details).toEqual([{ path: 'observedOn', code: 'future' }]);
    const rental = (fields: Record<string, unknown>) => ({
      kind: 'rentalHousing',
      propertyId: 1,
      unit: '12栋1602',
      observedOn: today(),
      fields: { landlordName: '欧阳房东', landlordPhone: '139 1234-5678', leaseStart: '2026-12-01', tenants: [{ name: '司马租客', idNumber: idNumber() }], ...fields }
    });
    const reversed = await fileRecord(s, desk, rental({ leaseEnd: '2026-06-01' }));
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([{ path: 'fields.leaseEnd', code: 'before_start' }]);
    // Identity numbers that cannot be right are refused where they were typed: a tenant's ID with a wrong
    // check digit, a shop's credit code with one.
    const good = idNumber();
    const badTenant = await fileRecord(s, desk, rental({ tenants: [{ name: '司马租客', idNumber: good }, { name: '上官租客', idNumber: good.slice(0, 17) + (good[17] === '0' ? '1' : '0') }] }));
    expect([badTenant.status, badTenant.body.error.details]).toEqual([400, [{ path: 'fields.tenants.1.idNumber', code: 'check_digit' }]]);
    const shop = (creditCode: string) => ({ kind: 'legalEntity', propertyId: 1, unit: '商铺 30号', observedOn: today(), fields: { name: '示例·校验商店', creditCode, category: 'business', status: 'opened' } });
    const badCode = await fileRecord(s, desk, shop('91110000600037341M'));
    expect([badCode.status, badCode.body.error.details]).toEqual([400, [{ path: 'fields.creditCode', code: 'check_digit' }]]);
    expect((await fileRecord(s, desk, shop('91110000600037341l'))).status).toBe(201);
    const ok = await fileRecord(s, desk, rental({ leaseEnd: '2027-11-30' }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const shown = await s.api('POST', `/api/grid/records/${ok.body.data.recordId}/reveal`, { cookie: verifier, body: { purpose: 'verify_record' } });
    expect(shown.body.data.fields.landlordPhone).toBe('13912345678');
  });

  it('a record found untrue is corrected and filed again once, by its own company, linked both ways', async () => {
    const first = await newRecord(s, desk, populationBody({ unit: '7栋701' }));
    const mineOf = async (cookie: string) => (await s.api('GET', '/api/grid/records/mine', { cookie })).body.data as { id: number; refiles: number | null; refiledAs: number | null }[];
    const body = { ...populationBody({ unit: '7栋702' }), resubmits: first.recordId };
    // Still pending: nothing to correct yet, and 修改后重新上报 is no reason to read its details.
    const early = await fileRecord(s, desk, body);
    expect(early.status).toBe(409);
    expect(early.body.error.details).toEqual({ reason: 'not_refused' });
    const reveal = (cookie: string, purpose: string) => s.api('POST', `/api/grid/records/${first.recordId}/reveal`, { cookie, body: { purpose } });
    const purposes = async () => (await rows<{ purpose: string }>(s, sql`select purpose from access_log where subject_type = 'grid_record' and subject_id = ${String(first.recordId)} order by id`)).map((r) => r.purpose);
    expect([(await reveal(desk, 'correct_record')).body.error.details]).toEqual([[{ path: 'purpose', code: 'not_refused' }]]);
    await claimAndDecide(s, verifier, first.recordId, { outcome: 'rejected', reason: '门牌号有误，请核对' });
    // Refused: its own company reads it to correct it; the community has its own reasons, not that one.
    expect((await reveal(verifier, 'correct_record')).status).toBe(400);
    expect((await reveal(desk, 'correct_record')).status).toBe(200);
    expect((await reveal(verifier, 'verify_record')).status).toBe(200);
    expect(await purposes()).toEqual(['correct_record', 'verify_record']);
    // Another company's agent learns nothing of it; another kind is not a correction of it.
    expect((await fileRecord(s, desk2, { ...body, propertyId: 4 })).status).toBe(404);
    const facility = { kind: 'facility', propertyId: 1, unit: '东门', observedOn: body.observedOn, fields: { type: 'lamp', location: '东门', condition: 'damaged' }, resubmits: first.recordId };
    expect((await fileRecord(s, desk, facility)).status).toBe(409);
    const again = await fileRecord(s, desk, body);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const mine = await mineOf(desk);
    expect(mine.find((r) => r.id === first.recordId)).toMatchObject({ refiledAs: again.body.data.recordId, refiles: null });
    expect(mine.find((r) => r.id === again.body.data.recordId)).toMatchObject({ refiles: first.recordId, refiledAs: null });
    // Once: a second correction of the same refusal is refused and files nothing.
    const twice = await fileRecord(s, desk, { ...populationBody({ unit: '7栋703' }), resubmits: first.recordId });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ details: { reason: 'record_refiled' }, message: expect.stringContaining('已经修改后重新上报过') });
    expect((await mineOf(desk)).filter((r) => r.refiles === first.recordId)).toHaveLength(1);
  });

  it('everything verified becomes known: a new report of the same person and unit is flagged with the match', async () => {
    const body = populationBody({ unit: '7栋 2单元 301室' });
    const first = await newRecord(s, desk, body);
    await claimAndDecide(s, verifier, first.recordId, { outcome: 'verified_new' });
    const again = await newRecord(s, desk, { ...body, unit: '７幢2-301', fields: { ...body.fields, change: 'household_change' } });
    expect(again.duplicate).toMatchObject({ source: 'known' });
    for (const l of [again.duplicate!.label.zh, again.duplicate!.label.en]) expect(l).not.toContain(body.fields.name);
    // Verified records are labelled in both languages from the record itself.
    expect(again.duplicate!.label.zh).toMatch(/^实有人口 · /);
    expect(again.duplicate!.label.en).toMatch(/^Actual population · /);
    expect((await claim(s, verifier, again.recordId)).status).toBe(200);
    const refused = await decide(s, verifier, again.recordId, { outcome: 'verified_new' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'already_known' });
    // Said as what it is, with the way out, rather than "changed by someone else".
    expect(refused.body.error.message).toContain('属实·已掌握');
    const known = await decide(s, verifier, again.recordId, { outcome: 'verified_known' });
    expect(known.body.data).toMatchObject({ state: 'verified_known', incentiveFen: 0 });
    expect(await incentivesOf(s, again.recordId)).toEqual([]);
  });

  it('a second pending report of the same thing is flagged as a duplicate of the first', async () => {
    const body = populationBody();
    const a = await newRecord(s, desk, body);
    const b = await newRecord(s, desk, body);
    expect(b.duplicate).toMatchObject({ source: 'pending', id: a.recordId });
  });

  it('two verifiers race to claim one record: exactly one wins, the other sees who holds it', async () => {
    const { recordId } = await newRecord(s, desk);
    const results = await Promise.all([claim(s, verifier, recordId), claim(s, verifier2, recordId)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.data.holder;
    const loserCookie = results[0].status === 200 ? verifier2 : verifier;
    const card = (await s.api('GET', `/api/grid/records/${recordId}`, { cookie: loserCookie })).body.data;
    expect(card.holder).toMatchObject({ userId: winner.userId, name: winner.name });
    // The loser may not decide what they do not hold.
    expect((await decide(s, loserCookie, recordId, { outcome: 'rejected', reason: '不属实' })).status).toBe(409);
  });

  it('many concurrent claims on one record still have exactly one winner', async () => {
    const { recordId } = await newRecord(s, desk);
    const extra = await Promise.all([1, 2, 3, 4].map((i) => makeStaff(s, { username: `vrace${i}`, role: 'verifier', community: 'qiaoxiang' })));
    const all = [verifier, verifier2, ...extra];
    const results = await Promise.all(all.map((c) => claim(s, c, recordId)));
    expect(results.filter((r) => r.status === 200), JSON.stringify(results.map((r) => [r.status, r.body]))).toHaveLength(1);
    expect(results.filter((r) => r.status === 409), JSON.stringify(results.map((r) => [r.status, r.body]))).toHaveLength(all.length - 1);
  });

  it('an abandoned claim expires after ten minutes and another verifier may take it', async () => {
    const { recordId } = await newRecord(s, desk);
    expect((await claim(s, verifier, recordId)).status).toBe(200);
    expect((await claim(s, verifier2, recordId)).status).toBe(409);
    clock.advance(10 * 60_000 + 1);
    expect((await claim(s, verifier2, recordId)).status).toBe(200);
    // The first holder's lapsed claim no longer lets them decide.
    expect((await decide(s, verifier, recordId, { outcome: 'needs_visit' })).status).toBe(409);
    expect((await decide(s, verifier2, recordId, { outcome: 'needs_visit' })).status).toBe(201);
  });

  it('a verifier may not verify a record their own company filed; agents may not verify at all', async () => {
    const own = await makeStaff(s, { username: 'v-company1', role: 'verifier', community: 'qiaoxiang', companyId: 1 });
    const { recordId } = await newRecord(s, desk);
    const refused = await claim(s, own, recordId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ reason: 'own_company' });
    expect((await decide(s, own, recordId, { outcome: 'verified_new' })).status).toBe(403);
    expect((await claim(s, desk, recordId)).status).toBe(403);
    // Another community's verifier does not even learn that the record exists.
    const other = await makeStaff(s, { username: 'v-xiangmi', role: 'verifier', community: 'xiangmi' });
    expect((await claim(s, other, recordId)).status).toBe(404);
    expect((await s.api('GET', `/api/grid/records/${recordId}`, { cookie: other })).status).toBe(404);
    expect((await s.api('GET', `/api/grid/records/${recordId}`, { cookie: desk2 })).status).toBe(404);
  });

  it('rejecting needs a reason', async () => {
    const { recordId } = await newRecord(s, desk);
    await claim(s, verifier, recordId);
    expect((await decide(s, verifier, recordId, { outcome: 'rejected' })).status).toBe(400);
    expect((await decide(s, verifier, recordId, { outcome: 'rejected', reason: '查无此人' })).status).toBe(201);
    // The filing company reads why, beside the outcome, in its list of recent filings.
    const mine = await s.api('GET', '/api/grid/records/mine', { cookie: desk });
    expect(mine.body.data.find((c: { id: number }) => c.id === recordId)).toMatchObject({ state: 'rejected', reason: '查无此人' });
  });

  it('board events reach the community board and not another community', async () => {
    const other = await makeStaff(s, { username: 'v-xiangmi2', role: 'verifier', community: 'xiangmi' });
    const mine = await connectSocket(s, { cookie: verifier });
    const theirs = await connectSocket(s, { cookie: other });
    sockets.push(mine, theirs);
    expect('data' in (await subscribe(mine, 'community:1'))).toBe(true);
    expect('data' in (await subscribe(theirs, 'community:2'))).toBe(true);
    const got = collect(mine);
    const gotOther = collect(theirs);
    const { recordId } = await newRecord(s, desk);
    await claimAndDecide(s, verifier2, recordId, { outcome: 'verified_new' });
    await waitFor(() => got.some((e) => e.type === 'grid.decided.v1' && (e.payload as { recordId: number }).recordId === recordId));
    expect(got.filter((e) => 'recordId' in e.payload || 'id' in e.payload).map((e) => e.type)).toEqual(['grid.filed.v1', 'grid.claimed.v1', 'grid.decided.v1']);
    // A record filed in the other community afterwards is the barrier: it arrives after anything earlier would have.
    const theirs2 = await newRecord(s, desk2, populationBody({ propertyId: 4 }));
    await waitFor(() => gotOther.some((e) => e.type === 'grid.filed.v1'));
    expect(gotOther.map((e) => (e.payload as { recordId?: number }).recordId)).toEqual([theirs2.recordId]);
    expect(JSON.stringify(got)).not.toMatch(/idNumber|欧阳测试/);
  });
});
