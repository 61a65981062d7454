// 重新受理: a refused case is started again for the same resident as a new case at the same point. The new
// case copies the applicant (the ID number sealed, never decrypted), links both ways, counts as a new
// intake, happens once per refused case, and a retry of the same request answers the first result.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, newKey, type TestServer } from '../support/server';
import { act, actOk, rejectedCase, rows, newCase } from '../support/cases';
import { collect, connectSocket, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';

describe('重新受理 (start a refused case again)', () => {
  let s: TestServer;
  let desk: string;
  let desk2: string;
  let verifier: string;
  let street: string;

  beforeAll(async () => {
    s = await startTestServer();
    [desk, desk2, verifier, street] = await Promise.all(['desk', 'desk2', 'verifier', 'street'].map((u) => s.login(u)));
  });
  afterAll(() => s?.close());

  const caseRow = async (id: number) =>
    (await rows<Record<string, any>>(s, sql`select id, case_no, point_id, item_id, channel, state, applicant_name, applicant_phone, applicant_id_cipher, applicant_id_hash, applicant_id_masked, materials_provided, resubmitted_from, closed_at, version from proxy_case where id = ${id}`))[0];
  const detail = async (id: number, cookie = desk) => {
    const res = await s.api('GET', `/api/cases/${id}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  };
  const caseCount = async () => Number((await rows<{ n: number }>(s, sql`select count(*)::int n from proxy_case`))[0].n);

  it('opens a new case for the same applicant, item and point, links both ways and leaves the refused one as it was', async () => {
    const old = await rejectedCase(s, desk, verifier);
    const before = await caseRow(old.caseId);
    expect((await detail(old.caseId)).actions).toEqual(['resubmit']);

    const watcher = await connectSocket(s, { cookie: desk });
    expect('data' in (await subscribe(watcher, 'point:1'))).toBe(true);
    const got = collect(watcher);
    // Materials the item does not ask for are dropped, as at intake.
    const out = await actOk(s, desk, old.caseId, { action: 'resubmit', materials: ['id_card', 'hukou', 'not-a-material'] });
    expect(out.state).toBe('rejected');
    expect(out.resubmittedAs?.caseNo).toMatch(/^D\d{8}-\d{6}$/);
    const fresh = await caseRow(out.resubmittedAs!.caseId);

    expect(fresh).toMatchObject({
      point_id: before.point_id,
      item_id: before.item_id,
      channel: 'desk',
      state: 'submitted',
      applicant_name: before.applicant_name,
      applicant_phone: before.applicant_phone,
      applicant_id_cipher: before.applicant_id_cipher,
      applicant_id_hash: before.applicant_id_hash,
      applicant_id_masked: before.applicant_id_masked,
      materials_provided: ['id_card', 'hukou'],
      resubmitted_from: old.caseId,
      closed_at: null
    });
    expect(before.applicant_id_cipher).toBeTruthy();
    // The refused case keeps its state and the day it closed (the dashboard counts refusals by it).
    const after = await caseRow(old.caseId);
    expect(after.state).toBe('rejected');
    expect(new Date(after.closed_at).getTime()).toBe(new Date(before.closed_at).getTime());
    expect(after.version).toBe(before.version + 1);

    const o = await detail(old.caseId);
    expect(o.resubmittedAs).toEqual({ id: fresh.id, caseNo: fresh.case_no });
    expect(o.resubmittedFrom).toBeNull();
    expect(o.actions).toEqual([]);
    expect(o.timeline.at(-1)).toMatchObject({ action: 'resubmit', from: 'rejected', to: 'rejected', note: fresh.case_no });
    const n = await detail(fresh.id);
    expect(n.resubmittedFrom).toEqual({ id: old.caseId, caseNo: old.caseNo });
    expect(n.resubmittedAs).toBeNull();
    expect(n.applicant).not.toBe(old.a.name);
    expect(n.actions).toContain('accept');
    expect(n.timeline).toMatchObject([{ action: 'submit', to: 'submitted', note: old.caseNo }]);

    // The boards hear of both: the new case, and the step on the refused one.
    await waitFor(() => got.some((e) => e.type === 'case.submitted.v1' && (e.payload as { caseId: number }).caseId === fresh.id));
    await waitFor(() => got.some((e) => e.type === 'case.updated.v1' && (e.payload as { action: string }).action === 'resubmit'));
    watcher.close();

    // The board's counters still add up to the cases themselves, and the new case counts as an intake.
    const counted = await rows<{ state: string; n: number }>(s, sql`select state, sum(n)::int as n from case_state_count where point_id = 1 group by state`);
    const actual = await rows<{ state: string; n: number }>(s, sql`select state, count(*)::int as n from proxy_case where point_id = 1 group by state`);
    const asMap = (r: { state: string; n: number }[]) => Object.fromEntries(r.filter((x) => Number(x.n) !== 0).map((x) => [x.state, Number(x.n)]));
    expect(asMap(counted)).toEqual(asMap(actual));
    const intake = await rows<{ a: number; b: number }>(
      s,
      sql`select (select sum(intake)::int from case_day_stat where point_id = 1) a, (select count(*)::int from proxy_case where point_id = 1) b`
    );
    expect(Number(intake[0].a)).toBe(Number(intake[0].b));
  });

  it('happens once: a retry answers the first result, another request is refused and writes nothing', async () => {
    const old = await rejectedCase(s, desk, verifier);
    const key = newKey();
    const first = await act(s, desk, old.caseId, { action: 'resubmit', materials: ['id_card'] }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const n = await caseCount();
    const replay = await act(s, desk, old.caseId, { action: 'resubmit', materials: ['id_card'] }, key);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    const other = await act(s, desk, old.caseId, { action: 'resubmit', materials: ['photo'] });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('已重新受理过') });
    expect(await caseCount()).toBe(n);
  });

  it('only a refused case, only by an agent of its point; others learn nothing', async () => {
    const open = await newCase(s, { cookie: desk });
    const r = await act(s, desk, open.caseId, { action: 'resubmit' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ILLEGAL_TRANSITION');

    const old = await rejectedCase(s, desk, verifier);
    const n = await caseCount();
    for (const [cookie, status, code] of [
      [verifier, 403, 'FORBIDDEN'],
      [street, 403, 'FORBIDDEN'],
      [desk2, 404, 'NOT_FOUND']
    ] as const) {
      const res = await act(s, cookie, old.caseId, { action: 'resubmit' });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect(await caseCount()).toBe(n);
    expect((await detail(old.caseId, verifier)).actions).toEqual([]);
  });

  it('says why when the item is switched off or the applicant’s data was removed at the end of retention', async () => {
    const gone = await rejectedCase(s, desk, verifier);
    await s.runtime.core.db.execute(sql`update proxy_case set anonymised_at = now() where id = ${gone.caseId}`);
    const a = await act(s, desk, gone.caseId, { action: 'resubmit' });
    expect(a.status).toBe(409);
    expect(a.body.error.message).toContain('个人信息已按保存期限清除');

    const item = (await rows<{ id: number }>(s, sql`select id from service_item where code = 'residence-proof'`))[0];
    const stopped = await rejectedCase(s, desk, verifier, { itemCode: 'residence-proof', materials: ['id_card'] });
    await s.runtime.core.db.execute(sql`update service_item set active = false where id = ${item.id}`);
    try {
      const n = await caseCount();
      const b = await act(s, desk, stopped.caseId, { action: 'resubmit' });
      expect(b.status).toBe(409);
      expect(b.body.error.message).toContain('该事项已停办');
      expect(await caseCount()).toBe(n);
    } finally {
      await s.runtime.core.db.execute(sql`update service_item set active = true where id = ${item.id}`);
    }
  });
});
