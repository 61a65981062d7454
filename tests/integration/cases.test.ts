// The proxy-case lifecycle through the real HTTP door: every step with who did it, the subsidy it
// earns, the side paths (materials, reject, cancel), idempotent intake, live board isolation, Open311.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardEvent } from '../../src/lib/protocol/events';
import { newKey, startTestServer, type TestServer } from '../support/server';
import { collect, connectSocket, subscribe, type BoardClient } from '../support/socket';
import { waitFor } from '../support/wait';
import { act, actOk, applicant, deliveredCases, drive, intakeBody, ledgerOf, newCase, pairKiosk, postCase, reviewOk, rows, wrongCode } from '../support/cases';

describe('proxy cases', () => {
  let s: TestServer;
  let desk: string;
  let desk2: string;
  let verifier: string;
  let admin: string;
  const sockets: BoardClient[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    [desk, desk2, verifier, admin] = await Promise.all(['desk', 'desk2', 'verifier', 'admin'].map((u) => s.login(u)));
  });
  afterAll(async () => {
    sockets.forEach((c) => c.close());
    await s?.close();
  });

  const detail = async (id: number, cookie = desk) => {
    const res = await s.api('GET', `/api/cases/${id}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };

  it('runs submitted → delivered, records every step with who, and accrues exactly one subsidy', async () => {
    const c = await newCase(s, { cookie: desk });
    expect(c.state).toBe('submitted');
    const steps: [string, string, string][] = [
      [desk, 'accept', 'accepted'],
      [desk, 'send_for_review', 'in_review'],
      [verifier, 'approve', 'approved'],
      [desk, 'record_return', 'returned'],
      [desk, 'issue_pickup', 'ready_for_pickup']
    ];
    let pickupCode: string | undefined;
    for (const [who, action, to] of steps) {
      const out = who === verifier ? await reviewOk(s, who, c.caseId, { action }) : await actOk(s, who, c.caseId, { action });
      expect(out.state).toBe(to);
      pickupCode = out.pickupCode ?? pickupCode;
    }
    expect(pickupCode).toMatch(/^\d{6}$/);
    expect((await detail(c.caseId)).state).toBe('ready_for_pickup');
    const bad = await act(s, desk, c.caseId, { action: 'deliver', identityCheck: { method: 'pickup_code', code: wrongCode(pickupCode!) } });
    expect(bad.status).toBe(400);
    const noCheck = await act(s, desk, c.caseId, { action: 'deliver' });
    expect(noCheck.status).toBe(400);
    const done = await actOk(s, desk, c.caseId, { action: 'deliver', identityCheck: { method: 'pickup_code', code: pickupCode } });
    expect(done.state).toBe('delivered');

    const d = await detail(c.caseId);
    expect(d.state).toBe('delivered');
    expect(d.timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'accept', 'send_for_review', 'approve', 'record_return', 'issue_pickup', 'deliver']);
    expect(d.timeline.map((t: { to: string }) => t.to)).toEqual(['submitted', 'accepted', 'in_review', 'approved', 'returned', 'ready_for_pickup', 'delivered']);
    const by = d.timeline.map((t: { by: string }) => t.by);
    expect(by[3]).toBe('侨香社区核查员 陈静');
    expect(by.filter((_: string, i: number) => i !== 3).every((b: string) => b === '侨香村代办点 张丽')).toBe(true);

    const entries = await ledgerOf(s, c.caseId);
    expect(entries).toHaveLength(1);
    expect(entries[0].amountFen).toBe(1000);
    const delivered = await deliveredCases(s);
    expect(delivered.map((x) => x.id)).toContain(c.caseId);
    expect(await s.runtime.services.subsidies.reconcile(delivered)).toEqual({ ok: true, problems: [] });
  });

  it('needs_materials shows what is missing; supplying them returns the case to submitted', async () => {
    const c = await newCase(s, { cookie: desk });
    const empty = await act(s, desk, c.caseId, { action: 'request_materials', missing: [] });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION']);
    await actOk(s, desk, c.caseId, { action: 'request_materials', missing: ['户口簿', '一寸照片'] });
    const d = await detail(c.caseId);
    expect(d.state).toBe('needs_materials');
    expect(d.missing).toEqual(['户口簿', '一寸照片']);
    await actOk(s, desk, c.caseId, { action: 'supply_materials' });
    expect(await detail(c.caseId)).toMatchObject({ state: 'submitted', missing: [] });

    // 材料已补齐 with what was brought: it joins the list taken in at intake (a key the item does not ask for
    // is no material), so the checklist the verifier reads is true.
    const more = await newCase(s, { cookie: desk }, { materials: ['id_card'] });
    await actOk(s, desk, more.caseId, { action: 'request_materials', missing: ['户口簿'] });
    await actOk(s, desk, more.caseId, { action: 'supply_materials', materials: ['hukou', 'not-a-material'] });
    expect(await detail(more.caseId)).toMatchObject({ state: 'submitted', missing: [], materialsProvided: ['hukou', 'id_card'] });
  });

  it('reject needs a reason; with one the case is rejected and says why', async () => {
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, c.caseId, 'in_review');
    for (const body of [{ action: 'reject' }, { action: 'reject', reason: '   ' }]) {
      const res = await act(s, verifier, c.caseId, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await detail(c.caseId)).state).toBe('in_review');
    const out = await reviewOk(s, verifier, c.caseId, { action: 'reject', reason: '照片不符合要求' });
    expect(out.state).toBe('rejected');
    expect(await detail(c.caseId)).toMatchObject({ state: 'rejected', rejectionReason: '照片不符合要求' });
  });

  it('代领: the collector is kept with the case, masked on every screen, whole only in a logged reveal; an incomplete one changes nothing', async () => {
    const c = await newCase(s, { cookie: desk });
    const { pickupCode } = await drive(s, desk, verifier, c.caseId, 'ready_for_pickup');
    const collector = { name: '王小红', relation: 'child', proofChecked: true };
    for (const bad of [{ ...collector, proofChecked: false }, { ...collector, relation: 'neighbour' }, { ...collector, name: '' }]) {
      const r = await act(s, desk, c.caseId, { action: 'deliver', identityCheck: { method: 'pickup_code', code: pickupCode }, collector: bad });
      expect([r.status, r.body.error.code], JSON.stringify(bad)).toEqual([400, 'VALIDATION']);
    }
    expect((await detail(c.caseId)).state).toBe('ready_for_pickup');

    await actOk(s, desk, c.caseId, { action: 'deliver', identityCheck: { method: 'pickup_code', code: pickupCode }, collector });
    const d = await detail(c.caseId);
    expect([d.state, d.collector]).toEqual(['delivered', { name: '王*红', relation: 'child' }]);
    expect(d.timeline.at(-1).note).toBe('代领：王*红（子女），已查验代领人身份证件和委托书');
    expect(JSON.stringify(d)).not.toContain('王小红');
    expect((await detail(c.caseId, verifier)).collector).toEqual({ name: '王*红', relation: 'child' });

    const full = await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk, body: { purpose: 'check_documents' } });
    expect(full.body.data.collectorName).toBe('王小红');
    const [logged] = await rows<{ fields: string[] }>(s, sql`select fields from access_log where subject_type = 'case' and subject_id = ${String(c.caseId)} order by id desc limit 1`);
    expect(logged.fields).toContain('collectorName');

    // The applicant in person: nobody is recorded.
    const own = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, own.caseId, 'delivered');
    expect((await detail(own.caseId)).collector).toBeNull();
  });

  it('cancel is possible before review only', async () => {
    const early = await newCase(s, { cookie: desk });
    expect((await actOk(s, desk, early.caseId, { action: 'cancel', note: '居民撤回' })).state).toBe('cancelled');
    const late = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, late.caseId, 'in_review');
    const res = await act(s, desk, late.caseId, { action: 'cancel' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await detail(late.caseId)).state).toBe('in_review');
  });

  it('a stale version is a 409 CONFLICT, not an action on a case that moved', async () => {
    const c = await newCase(s, { cookie: desk });
    const v1 = (await detail(c.caseId)).version;
    const moved = await actOk(s, desk, c.caseId, { action: 'accept', version: v1 });
    expect(moved.version).toBe(v1 + 1);
    const stale = await act(s, desk, c.caseId, { action: 'send_for_review', version: v1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(await detail(c.caseId)).toMatchObject({ state: 'accepted', version: v1 + 1 });
  });

  const casesOf = (phone: string) => rows<{ id: number }>(s, sql`select id from proxy_case where applicant_phone = ${phone}`);
  const eventsOf = (type: string, caseId: number) =>
    rows(s, sql`select seq from event where type = ${type} and (payload->>'caseId')::int = ${caseId}`);

  it('intake: the same key and body give the first result, one case and one event', async () => {
    const a = applicant();
    const key = newKey();
    const first = await postCase(s, { cookie: desk }, intakeBody(a), key);
    const retry = await postCase(s, { cookie: desk }, intakeBody(a), key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await casesOf(a.phone)).toHaveLength(1);
    expect(await eventsOf('case.submitted.v1', first.body.data.caseId)).toHaveLength(1);

    const other = await postCase(s, { cookie: desk }, intakeBody(a, { itemCode: 'residence-proof' }), key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await casesOf(a.phone)).toHaveLength(1);

    // A transition retried with its key is applied once.
    const tKey = newKey();
    const t1 = await act(s, desk, first.body.data.caseId, { action: 'accept' }, tKey);
    const t2 = await act(s, desk, first.body.data.caseId, { action: 'accept' }, tKey);
    expect([t1.status, t2.status]).toEqual([201, 200]);
    expect(t2.body).toEqual(t1.body);
    expect(await eventsOf('case.updated.v1', first.body.data.caseId)).toHaveLength(1);
  });

  it('intake: an ID number with a wrong check digit or no such birth date is refused at the field, in words, and files nothing', async () => {
    const a = applicant();
    const swapped = a.idNumber.slice(0, 14) + a.idNumber[15] + a.idNumber[14] + a.idNumber.slice(16);
    const cases = [
      { id: a.idNumber.slice(0, 17) + (a.idNumber[17] === '0' ? '1' : '0'), code: 'check_digit' },
      ...(swapped !== a.idNumber ? [{ id: swapped, code: 'check_digit' }] : []),
      { id: '11010519490230002X', code: 'birth_date' } // 30 February
    ];
    for (const c of cases) {
      const r = await postCase(s, { cookie: desk }, intakeBody({ ...a, idNumber: c.id }));
      expect([r.status, r.body.error.code, r.body.error.details], c.id).toEqual([400, 'VALIDATION', [{ path: 'applicant.idNumber', code: c.code }]]);
    }
    expect(await casesOf(a.phone)).toHaveLength(0);
    // Typed with a lower-case x, the same number is taken.
    const x = '11010519491231002X';
    expect((await postCase(s, { cookie: desk }, intakeBody({ ...a, idNumber: x.toLowerCase() }))).status).toBe(201);
    expect(await casesOf(a.phone)).toHaveLength(1);
  });

  it('intake: a name that is invisible, a control sequence or not letters at all is refused at the field and files nothing', async () => {
    const a = applicant();
    for (const name of ['\u200b', '\u202e李四\u200b', 'a\u0007\u001b[31mb', '😀', '12345', '·张三']) {
      const r = await postCase(s, { cookie: desk }, intakeBody({ ...a, name }));
      expect([r.status, r.body.error.code, r.body.error.details], JSON.stringify(name)).toEqual([400, 'VALIDATION', [{ path: 'applicant.name', code: 'invalid_format' }]]);
    }
    expect(await casesOf(a.phone)).toHaveLength(0);
    // Real names keep their separators: the 间隔号 of a Uyghur name, a hyphen, an apostrophe.
    for (const name of ['阿依古丽·买买提', "Anne-Marie O'Brien"]) expect((await postCase(s, { cookie: desk }, intakeBody({ ...applicant(), name }))).status, name).toBe(201);
  });

  it('transition: 10 concurrent retries of one key apply it once; another body under the key is a 409', async () => {
    const c = await newCase(s, { cookie: desk });
    const key = newKey();
    const all = await Promise.all(Array.from({ length: 10 }, () => act(s, desk, c.caseId, { action: 'request_materials', missing: ['户口簿'] }, key)));
    expect(all.map((r) => r.status).sort()).toEqual([...Array(9).fill(200), 201]);
    all.forEach((r) => expect(r.body).toEqual(all[0].body));
    expect(await eventsOf('case.updated.v1', c.caseId)).toHaveLength(1);
    expect(await detail(c.caseId)).toMatchObject({ state: 'needs_materials', version: all[0].body.data.version });
    const other = await act(s, desk, c.caseId, { action: 'supply_materials' }, key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await detail(c.caseId)).state).toBe('needs_materials');
  });

  it('intake: 20 concurrent retries of one request make exactly one case', async () => {
    const a = applicant();
    const key = newKey();
    const all = await Promise.all(Array.from({ length: 20 }, () => postCase(s, { cookie: desk }, intakeBody(a), key)));
    expect(all.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
    all.forEach((r) => expect(r.body).toEqual(all[0].body));
    const made = await casesOf(a.phone);
    expect(made).toHaveLength(1);
    expect(await eventsOf('case.submitted.v1', Number(made[0].id))).toHaveLength(1);
  });

  it('a desk’s socket gets its point’s case events, never another point’s, and never a full name', async () => {
    const socket = await connectSocket(s, { cookie: desk });
    sockets.push(socket);
    const got: BoardEvent[] = collect(socket);
    const ack = await subscribe(socket, 'point:1');
    expect('data' in ack).toBe(true);

    const other = await newCase(s, { cookie: desk2 });
    await actOk(s, desk2, other.caseId, { action: 'accept' });
    const mine = await newCase(s, { cookie: desk });
    await actOk(s, desk, mine.caseId, { action: 'accept' });
    // Events are dispatched in seq order: once the later point-1 event is in, a leaked one would be too.
    const isMine = (type: string) => (e: BoardEvent) => e.type === type && (e.payload as { caseId: number }).caseId === mine.caseId;
    await waitFor(() => got.some(isMine('case.updated.v1')));
    expect(got.some(isMine('case.submitted.v1'))).toBe(true);
    expect(got.filter((e) => (e.payload as { caseId?: number }).caseId === other.caseId)).toEqual([]);
    expect(got.filter((e) => (e.payload as { pointId?: number }).pointId === 4)).toEqual([]);

    const wire = JSON.stringify(got);
    for (const a of [mine.a, other.a]) for (const v of [a.name, a.phone, a.idNumber]) expect(wire).not.toContain(v);
    const submitted = got.find(isMine('case.submitted.v1'))!;
    expect((submitted.payload as { applicant: string }).applicant).toMatch(/\*/);
  });

  it('a kiosk application queued offline keeps its printed 临时编号: 查询进度 finds it with the phone ending; staff cannot set one', async () => {
    const token = await pairKiosk(s, admin);
    const [a, b] = [applicant(), applicant()];
    const ref = '20261128048213';
    // Two kiosk applications happen to draw the same random number: the phone ending tells them apart.
    const [first, second] = await Promise.all([a, b].map((x) => postCase(s, { token }, { ...intakeBody(x, { channel: 'kiosk' }), kioskRef: ref })));
    for (const r of [first, second]) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const track = (caseNo: string, last4: string) => s.api('POST', '/api/kiosk/track', { token, body: { caseNo, last4 } });
    for (const [x, r] of [[a, first], [b, second]] as const) {
      const t = await track('D20261128-048213', x.phone.slice(-4));
      expect(t.status, JSON.stringify(t.body)).toBe(200);
      expect(t.body.data.caseNo).toBe(r.body.data.caseNo);
      expect((await detail(r.body.data.caseId)).kioskRef).toBe('20261128-048213');
    }
    const wrong = await track('D20261128-048213', a.phone.slice(-4) === '0000' ? '0001' : '0000');
    expect(wrong.status).toBe(404);
    // Malformed: refused, nothing filed.
    const before = await rows(s, sql`select count(*)::int as n from proxy_case`);
    const bad = await postCase(s, { token }, { ...intakeBody(applicant(), { channel: 'kiosk' }), kioskRef: '2026-11-28' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(await rows(s, sql`select count(*)::int as n from proxy_case`)).toEqual(before);
    // The desk prints no provisional receipts: a number sent by staff is not kept.
    const staff = await postCase(s, { cookie: desk }, { ...intakeBody(applicant()), kioskRef: '20261128999999' });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    expect((await detail(staff.body.data.caseId)).kioskRef).toBeNull();
  });

  it('查询进度 cannot walk a case’s phone endings: tries sent at once are counted before they are compared', async () => {
    const token = await pairKiosk(s, admin);
    const a = applicant();
    const filed = await postCase(s, { token }, intakeBody(a, { channel: 'kiosk' }));
    const caseNo: string = filed.body.data.caseNo;
    const right = a.phone.slice(-4);
    const endings = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0')).filter((x) => x !== right).slice(0, 25);
    const burst = await Promise.all(endings.map((last4) => s.api('POST', '/api/kiosk/track', { token, body: { caseNo, last4 } })));
    // Ten misses per case number, then a quarter hour's pause: no burst compares more.
    expect(burst.filter((r) => r.status === 404).length).toBeLessThanOrEqual(10);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(15);
    const after = await s.api('POST', '/api/kiosk/track', { token, body: { caseNo, last4: right } });
    expect(after.status).toBe(429);
    expect(Number(after.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('Open311: lists the catalogue, files through a kiosk key, and reports open then closed', async () => {
    const list = await s.api('GET', '/open311/v2/services.json');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(11);
    expect(list.body.map((x: { service_code: string }) => x.service_code)).toContain('senior-card');
    const def = await s.api('GET', '/open311/v2/services/senior-card.json');
    expect(def.status).toBe(200);
    const codes = def.body.attributes.map((x: { code: string }) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['id_number', 'material_id_card', 'material_hukou', 'material_photo']));

    const token = await pairKiosk(s, admin);
    const a = applicant();
    const form = new URLSearchParams({ api_key: token, service_code: 'residence-proof', last_name: a.name.slice(0, 2), first_name: a.name.slice(2), phone: a.phone, 'attribute[id_number]': a.idNumber });
    const filed = await s.api('POST', '/open311/v2/requests.json', { raw: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const caseNo = filed.body[0].service_request_id as string;
    expect(caseNo).toMatch(/^D\d{8}-\d{6,}$/);

    const status = async () => {
      const res = await s.api('GET', `/open311/v2/requests/${caseNo}.json`);
      expect(res.status).toBe(200);
      for (const v of [a.name, a.phone, a.idNumber]) expect(JSON.stringify(res.body)).not.toContain(v);
      return res.body[0];
    };
    const open = await status();
    expect(open).toMatchObject({ service_request_id: caseNo, status: 'open' });
    // Anyone may ask by number: the answer says how far it is, not what it is for.
    expect(Object.keys(open)).not.toEqual(expect.arrayContaining(['service_code']));
    expect(JSON.stringify(open)).not.toMatch(/residence-proof|居住证明/);
    const [{ id }] = await rows<{ id: number }>(s, sql`select id from proxy_case where case_no = ${caseNo}`);
    await drive(s, desk, verifier, Number(id), 'delivered');
    expect((await status()).status).toBe('closed');
    expect(await s.runtime.services.subsidies.reconcile(await deliveredCases(s))).toEqual({ ok: true, problems: [] });
  });
});
