// Who may touch a case: certification and pledge, object-level scope (another point learns nothing),
// reassignment, masking with a logged reveal, kiosk tokens, and pickup codes at the lobby kiosk.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { act, actOk, drive, newCase, pairKiosk, postCase, reviewOk, applicant, intakeBody, rows, userId, wrongCode, type Applicant } from '../support/cases';

describe('case access', () => {
  let s: TestServer;
  let desk: string;
  let desk2: string;
  let verifier: string;
  let street: string;
  let admin: string;
  let kiosk: string;
  let made = 0;

  beforeAll(async () => {
    s = await startTestServer();
    [desk, desk2, verifier, street, admin] = await Promise.all(['desk', 'desk2', 'verifier', 'street', 'admin'].map((u) => s.login(u)));
    kiosk = await pairKiosk(s, admin);
  });
  afterAll(() => s?.close());

  /** A new staff account (password 'temp-password-1') signed in; the caller decides its training. */
  async function staffUser(role: 'agent' | 'verifier', place: { pointId?: number; communityId: number; companyId?: number }) {
    const username = `${role}${++made}`;
    const u = await s.runtime.services.auth.createStaff({ username, displayName: `临时 ${username}`, password: 'temp-password-1', role, streetId: 1, ...place });
    return { id: u.id, cookie: await s.login(username, 'temp-password-1') };
  }

  const assess = (body: Record<string, unknown>) => s.api('POST', '/api/admin/training/assessments', { cookie: admin, body });
  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  };

  it('an agent without a valid assessment may neither take in nor act on cases', async () => {
    const failed = await staffUser('agent', { pointId: 1, communityId: 1, companyId: 1 });
    expect((await assess({ userId: failed.id, passed: false, assessedOn: '2025-01-10' })).status).toBe(201);
    const expired = await staffUser('agent', { pointId: 1, communityId: 1, companyId: 1 });
    expect((await assess({ userId: expired.id, passed: true, assessedOn: '2024-01-10', validUntil: new Date(Date.now() - 86_400_000).toISOString() })).status).toBe(201);
    const c = await newCase(s, { cookie: desk });
    for (const who of [failed, expired]) {
      expect((await s.api('POST', `/api/admin/staff/${who.id}/pledge`, { cookie: admin })).status).toBe(200);
      expectError(await postCase(s, { cookie: who.cookie }, intakeBody(applicant())), 403, 'NOT_CERTIFIED');
      expectError(await act(s, who.cookie, c.caseId, { action: 'accept' }), 403, 'NOT_CERTIFIED');
    }
  });

  it('the latest assessment decides, for each agent of steps sent at once', async () => {
    const validUntil = new Date(Date.now() + 86_400_000 * 90).toISOString();
    const place = { pointId: 1, communityId: 1, companyId: 1 };
    // Passed, then failed a re-assessment: withdrawn. Failed, then passed: certified.
    const withdrawn = await staffUser('agent', place);
    expect((await assess({ userId: withdrawn.id, passed: true, assessedOn: '2025-01-10', validUntil })).status).toBe(201);
    expect((await assess({ userId: withdrawn.id, passed: false, assessedOn: '2025-06-10' })).status).toBe(201);
    const renewed = await staffUser('agent', place);
    expect((await assess({ userId: renewed.id, passed: false, assessedOn: '2025-01-10' })).status).toBe(201);
    expect((await assess({ userId: renewed.id, passed: true, assessedOn: '2025-06-10', validUntil })).status).toBe(201);
    for (const who of [withdrawn, renewed]) expect((await s.api('POST', `/api/admin/staff/${who.id}/pledge`, { cookie: admin })).status).toBe(200);
    const cases = await Promise.all([0, 1, 2].map(() => newCase(s, { cookie: desk })));
    const [w, r, d] = await Promise.all([withdrawn.cookie, renewed.cookie, desk].map((cookie, i) => act(s, cookie, cases[i].caseId, { action: 'accept' })));
    expectError(w, 403, 'NOT_CERTIFIED');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(d.status, JSON.stringify(d.body)).toBe(201);
  });

  it('a certified agent who has not signed the confidentiality pledge is refused', async () => {
    const u = await staffUser('agent', { pointId: 1, communityId: 1, companyId: 1 });
    expect((await assess({ userId: u.id, passed: true, assessedOn: '2025-01-10', validUntil: new Date(Date.now() + 86_400_000 * 90).toISOString() })).status).toBe(201);
    const c = await newCase(s, { cookie: desk });
    expectError(await postCase(s, { cookie: u.cookie }, intakeBody(applicant())), 403, 'PLEDGE_MISSING');
    expectError(await act(s, u.cookie, c.caseId, { action: 'accept' }), 403, 'PLEDGE_MISSING');
    // Once signed, the same account works.
    expect((await s.api('POST', `/api/admin/staff/${u.id}/pledge`, { cookie: u.cookie })).status).toBe(200);
    await actOk(s, u.cookie, c.caseId, { action: 'accept' });
  });

  it('another point’s agent cannot tell a case exists; another community’s verifier cannot approve', async () => {
    const c = await newCase(s, { cookie: desk });
    const missing = await s.api('GET', '/api/cases/999999', { cookie: desk2 });
    expectError(missing, 404, 'NOT_FOUND');
    for (const res of [
      await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk2 }),
      await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk2, body: { purpose: 'check_documents' } }),
      await act(s, desk2, c.caseId, { action: 'accept' }),
      await act(s, desk2, c.caseId, { action: 'cancel' })
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(missing.body);
    }
    const board = await s.api('GET', '/api/cases/board?pointId=1', { cookie: desk2 });
    expect(board.status === 200 ? board.body.data.map((x: { id: number }) => x.id) : []).not.toContain(c.caseId);

    await drive(s, desk, verifier, c.caseId, 'in_review');
    const other = await staffUser('verifier', { communityId: 2 });
    expectError(await act(s, other.cookie, c.caseId, { action: 'approve' }), 404, 'NOT_FOUND');
    expectError(await act(s, other.cookie, c.caseId, { action: 'reject', reason: '不归我管' }), 404, 'NOT_FOUND');
    const review = await s.api('GET', '/api/cases/review', { cookie: other.cookie });
    expect(review.body.data.map((x: { id: number }) => x.id)).not.toContain(c.caseId);
    expect((await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk })).body.data.state).toBe('in_review');
    await reviewOk(s, verifier, c.caseId, { action: 'approve' });
  });

  it('the street reassigns a case to another point: the old desk loses it, the new one can act', async () => {
    const c = await newCase(s, { cookie: desk });
    expectError(await act(s, desk, c.caseId, { action: 'reassign', toPointId: 4 }), 403, 'FORBIDDEN');
    const moved = await actOk(s, street, c.caseId, { action: 'reassign', toPointId: 4, note: '居民搬迁' });
    expect(moved.state).toBe('submitted');
    expectError(await act(s, desk, c.caseId, { action: 'accept' }), 404, 'NOT_FOUND');
    expectError(await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk }), 404, 'NOT_FOUND');
    await actOk(s, desk2, c.caseId, { action: 'accept' });
    const d = await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk2 });
    expect(d.body.data).toMatchObject({ pointId: 4, state: 'accepted' });
    expect(d.body.data.timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'reassign', 'accept']);
    // The resident is texted where the case is now.
    const texts = await rows<{ template: string; params: { point: string; caseNo: string } }>(s, sql`select template, params from notification where case_id = ${c.caseId}`);
    expect(texts.map((t) => [t.template, t.params.caseNo, t.params.point])).toEqual([['case_reassigned', c.caseNo, '香蜜湖一号代办点']]);
    // In community review it stays where it is, and says why.
    await actOk(s, desk2, c.caseId, { action: 'send_for_review' });
    const refused = await act(s, street, c.caseId, { action: 'reassign', toPointId: 1 });
    expectError(refused, 409, 'ILLEGAL_TRANSITION');
    expect(refused.body.error.message).toContain('送审中的办件');
    expect((await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk2 })).body.data).toMatchObject({ pointId: 4, state: 'in_review' });
  });

  const leaks = (body: unknown, a: Applicant) => [a.name, a.phone, a.idNumber].filter((v) => JSON.stringify(body).includes(v));

  it('reads are masked; reveal returns full values to the desk and logs who read which fields', async () => {
    const c = await newCase(s, { cookie: desk });
    const d = await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk });
    expect(leaks(d.body, c.a)).toEqual([]);
    expect(d.body.data.phone).toBe(`${c.a.phone.slice(0, 3)}****${c.a.phone.slice(-4)}`);
    expect(d.body.data.idNumber).toBe(`${c.a.idNumber.slice(0, 4)}**********${c.a.idNumber.slice(-4)}`);
    expect(d.body.data.applicant).toMatch(/^\S\*+\S$/);
    for (const cookie of [desk, street]) {
      const board = await s.api('GET', '/api/cases/board?pointId=1', { cookie });
      expect(board.status).toBe(200);
      expect(board.body.data.map((x: { id: number }) => x.id)).toContain(c.caseId);
      expect(leaks(board.body, c.a)).toEqual([]);
    }

    const logOf = () =>
      rows<{ actor: string; fields: string[] | string; purpose: string | null; purpose_note: string | null }>(s, sql`select actor, fields, purpose, purpose_note from access_log where subject_type = 'case' and subject_id = ${String(c.caseId)} order by id`);
    const refused = await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: street, body: { purpose: 'check_documents' } });
    expectError(refused, 403, 'FORBIDDEN');
    expect(await logOf()).toEqual([]);
    // A reveal names its reason (查询事由): none, one that is not a case's, or 其他 without words reveals and logs nothing.
    for (const [body, path, code] of [
      [{}, 'purpose', 'invalid_value'],
      [{ purpose: 'correct_record' }, 'purpose', 'invalid_value'],
      [{ purpose: 'other' }, 'note', 'required'],
      [{ purpose: 'other', note: '   ' }, 'note', 'required']
    ] as const) {
      const r = await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk, body });
      expectError(r, 400, 'VALIDATION');
      expect(r.body.error.details, JSON.stringify(body)).toEqual([expect.objectContaining({ path, code })]);
      expect(JSON.stringify(r.body)).not.toContain(c.a.phone);
    }
    expect(await logOf()).toEqual([]);

    const shown = await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk, body: { purpose: 'check_documents' } });
    expect(shown.status).toBe(200);
    expect(shown.body.data).toMatchObject({ name: c.a.name, phone: c.a.phone, idNumber: c.a.idNumber });
    const log = await logOf();
    expect(log).toHaveLength(1);
    expect(log[0].actor).toBe(`user:${await userId(s, 'desk')}`);
    expect(String(log[0].fields)).toMatch(/applicantName.*applicantPhone.*applicantIdNumber/);
    expect(log[0]).toMatchObject({ purpose: 'check_documents', purpose_note: null });
    const other = await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk, body: { purpose: 'other', note: ' 居民来电核对 ' } });
    expect(other.status).toBe(200);
    expect((await logOf())[1]).toMatchObject({ purpose: 'other', purpose_note: '居民来电核对' });
    await expect(s.runtime.core.db.execute(sql`delete from access_log where subject_id = ${String(c.caseId)}`)).rejects.toThrow();
  });

  it('a kiosk token files cases but reads none', async () => {
    const a = applicant();
    const filed = await postCase(s, { token: kiosk }, intakeBody(a, { channel: 'kiosk' }));
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(leaks(filed.body, a)).toEqual([]);
    const id = filed.body.data.caseId;
    expect((await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data.timeline[0].device).toBe('kiosk:1');
    for (const res of [
      await s.api('GET', `/api/cases/${id}`, { token: kiosk }),
      await s.api('GET', '/api/cases/board?pointId=1', { token: kiosk }),
      await s.api('POST', `/api/cases/${id}/reveal`, { token: kiosk, body: { purpose: 'check_documents' } }),
      await s.api('POST', `/api/cases/${id}/transitions`, { token: kiosk, body: { action: 'cancel' }, headers: { 'Idempotency-Key': 'kiosk-cancel-1' } })
    ])
      expectError(res, 403, 'FORBIDDEN');
  });

  it('a path id is decimal digits as written: other spellings Number() would read as the same id are refused', async () => {
    const c = await newCase(s, { cookie: desk });
    expect((await s.api('GET', `/api/cases/${c.caseId}`, { cookie: desk })).status).toBe(200);
    for (const spelt of [`0x${c.caseId.toString(16)}`, `${c.caseId}e0`, `%20${c.caseId}`, `0${c.caseId}`, `${c.caseId}.0`, `+${c.caseId}`])
      expectError(await s.api('GET', `/api/cases/${spelt}`, { cookie: desk }), 400, 'VALIDATION');
  });

  it('pickup at the kiosk: the right code shows masked details; five wrong codes lock the case', async () => {
    const ok = await newCase(s, { cookie: desk });
    const locked = await newCase(s, { cookie: desk });
    const { pickupCode: okCode } = await drive(s, desk, verifier, ok.caseId, 'ready_for_pickup');
    const { pickupCode: lockedCode } = await drive(s, desk, verifier, locked.caseId, 'ready_for_pickup');

    const list = await s.api('GET', '/api/kiosk/pickups', { token: kiosk });
    expect(list.status).toBe(200);
    const nos = list.body.data.map((x: { caseNo: string }) => x.caseNo);
    expect(nos).toEqual(expect.arrayContaining([ok.caseNo, locked.caseNo]));
    for (const x of list.body.data) expect(Object.keys(x).sort()).toEqual(['applicant', 'caseNo']);
    // Surnames only, and no item: neighbours read the lobby's board.
    expect(list.body.data.find((x: { caseNo: string }) => x.caseNo === ok.caseNo).applicant).toBe(`${Array.from(ok.a.name)[0]}**`);
    expect([...leaks(list.body, ok.a), ...leaks(list.body, locked.a)]).toEqual([]);
    expect((await s.api('GET', '/api/kiosk/pickups', { cookie: desk })).status).toBe(403);
    // The lobby's live notices say no more than its board: the surname only (吴** rather than 吴*燕).
    const notices = (await s.api('GET', '/api/board/events', { token: kiosk })).body.data.events.filter((e: { type: string }) => e.type === 'pickup.ready.v1');
    expect(notices.map((e: { payload: { caseNo: string; applicant: string } }) => e.payload)).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseNo: ok.caseNo, applicant: `${Array.from(ok.a.name)[0]}**` })])
    );
    for (const e of notices) expect(e.payload.applicant).toMatch(/^\S?\*\*$/u);

    const pickup = (caseNo: string, code: string) => s.api('POST', '/api/kiosk/pickup', { token: kiosk, body: { caseNo, code } });
    const good = await pickup(ok.caseNo, okCode!);
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.data).toMatchObject({ caseNo: ok.caseNo, item: { zh: '敬老优待证' } });
    expect(good.body.data.applicant).toMatch(/\*/);
    expect(leaks(good.body, ok.a)).toEqual([]);

    // Each miss on a ready case says how many tries are left; the fifth pauses it, and says so.
    for (const left of [4, 3, 2, 1]) {
      const miss = await pickup(locked.caseNo, wrongCode(lockedCode!));
      expectError(miss, 404, 'NOT_FOUND');
      expect(miss.body.error.details).toEqual({ attemptsLeft: left });
    }
    expectError(await pickup(locked.caseNo, wrongCode(lockedCode!)), 429, 'RATE_LIMITED');
    const paused = await pickup(locked.caseNo, lockedCode!);
    expectError(paused, 429, 'RATE_LIMITED');
    expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(60);
    // A number that is not ready here gets no count at all.
    const unknown = await pickup('D20200101-999999', '123456');
    expectError(unknown, 404, 'NOT_FOUND');
    expect(unknown.body.error.details).toBeUndefined();
    // The lock is per case: the other resident's code still works.
    expect((await pickup(ok.caseNo, okCode!)).status).toBe(200);
  });
});
