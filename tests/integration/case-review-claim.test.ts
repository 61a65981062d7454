// A proxy case in community review is decided on the verification board like a grid record: approving
// or rejecting it needs the verifier's own live claim, which the decision consumes. The desk's own
// steps (accept, send for review, return, pickup) need no claim.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, actOk, claimCase, drive, newCase, rows } from '../support/cases';
import { startTestServer, TestClock, type TestServer } from '../support/server';

describe('review decisions on proxy cases need the verifier’s live claim', () => {
  const clock = new TestClock();
  let s: TestServer;
  let desk: string;
  let verifier: string;
  let verifier2: string;

  beforeAll(async () => {
    s = await startTestServer({ clock });
    [desk, verifier, verifier2] = await Promise.all(['desk', 'verifier', 'verifier2'].map((u) => s.login(u)));
  });
  afterAll(async () => {
    await s?.close();
  });

  const inReview = async () => {
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, c.caseId, 'in_review');
    return c.caseId;
  };
  const stateOf = async (id: number) => (await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data.state as string;
  const claimsOf = (id: number) => rows(s, sql`select holder_id from review_claim where subject_type = 'case' and subject_id = ${id}`);

  it('two verifiers: one claims, the other’s approve is refused with who holds it, the holder’s succeeds', async () => {
    const id = await inReview();
    const c = await claimCase(s, verifier, id);
    expect(c.status, JSON.stringify(c.body)).toBe(200);

    const refused = await act(s, verifier2, id, { action: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', message: '此项已由其他核验员认领', details: { reason: 'held_by_other', holder: '侨香社区核查员 陈静' } });
    // In the page's language: English once the switch chose it, Chinese for a browser merely set to English.
    const reject = (headers: Record<string, string>, cookie = verifier2) =>
      s.api('POST', `/api/cases/${id}/transitions`, { cookie, body: { action: 'reject', reason: '不符合' }, headers: { 'Idempotency-Key': crypto.randomUUID(), ...headers } });
    const rejected = await reject({}, `${verifier2}; lang=en`);
    expect(rejected.status).toBe(409);
    expect(rejected.body.error).toMatchObject({ code: 'CONFLICT', message: 'Another verifier holds the claim on this item' });
    expect((await reject({ 'accept-language': 'en-US,en;q=0.9' })).body.error.message).toBe('此项已由其他核验员认领');
    expect(await stateOf(id)).toBe('in_review');
    expect(await claimsOf(id)).toHaveLength(1);

    const out = await actOk(s, verifier, id, { action: 'approve' });
    expect(out.state).toBe('approved');
    // The decision consumed the claim in its own transaction.
    expect(await claimsOf(id)).toHaveLength(0);
    const d = (await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data;
    expect(d.timeline.at(-1)).toMatchObject({ action: 'approve', by: '侨香社区核查员 陈静' });
  });

  it('with no claim, approve and reject are refused and nothing changes', async () => {
    const id = await inReview();
    for (const body of [{ action: 'approve' }, { action: 'reject', reason: '照片不清' }]) {
      const res = await act(s, verifier, id, body);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: '请先认领此项，再作决定', details: { reason: 'claim_required' } });
    }
    expect(await stateOf(id)).toBe('in_review');
    const timeline = (await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data.timeline as { action: string }[];
    expect(timeline.map((t) => t.action)).toEqual(['submit', 'accept', 'send_for_review']);
  });

  it('a claim that lapsed cannot decide; another verifier may take the case over and reject it', async () => {
    const id = await inReview();
    expect((await claimCase(s, verifier, id)).status).toBe(200);
    clock.advance(11 * 60_000);
    const late = await act(s, verifier, id, { action: 'approve' });
    expect(late.status).toBe(409);
    expect(late.body.error.details).toMatchObject({ reason: 'claim_required' });
    expect((await claimCase(s, verifier2, id)).status).toBe(200);
    const out = await actOk(s, verifier2, id, { action: 'reject', reason: '材料不全' });
    expect(out.state).toBe('rejected');
  });

  it('the review queue puts the nearest deadline first, not the case sent first', async () => {
    const early = await newCase(s, { cookie: desk });
    clock.advance(20 * 60_000); // within the session's idle time
    const later = await newCase(s, { cookie: desk });
    // Sent for review in the other order.
    await drive(s, desk, verifier, later.caseId, 'in_review');
    clock.advance(60_000);
    await drive(s, desk, verifier, early.caseId, 'in_review');
    const queue = (await s.api('GET', '/api/cases/review', { cookie: verifier })).body.data as { id: number; dueAt: string }[];
    const ids = queue.map((c) => c.id).filter((id) => id === early.caseId || id === later.caseId);
    expect(ids).toEqual([early.caseId, later.caseId]);
    const dues = queue.map((c) => Date.parse(c.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it('the desk’s own steps need no claim', async () => {
    const c = await newCase(s, { cookie: desk });
    await actOk(s, desk, c.caseId, { action: 'accept' });
    await actOk(s, desk, c.caseId, { action: 'send_for_review' });
    expect(await stateOf(c.caseId)).toBe('in_review');
  });

  it('a claim and its release name the case by its number on the live boards', async () => {
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, c.caseId, 'in_review');
    expect((await claimCase(s, verifier, c.caseId)).status).toBe(200);
    expect((await s.api('DELETE', `/api/grid/claims/case/${c.caseId}`, { cookie: verifier })).status).toBe(200);
    const events = await rows<{ payload: { id: number; holder: string | null; caseNo?: string } }>(
      s,
      sql`select payload from event where type = 'grid.claimed.v1' and (payload->>'id')::int = ${c.caseId} and payload->>'subject' = 'case' order by seq`
    );
    expect(events.map((e) => [e.payload.caseNo, e.payload.holder])).toEqual([
      [c.caseNo, '侨香社区核查员 陈静'],
      [c.caseNo, null]
    ]);
  });

  it('退回补正: the community sends a case back for what is missing; the resident is texted what to bring; the desk sends it again', async () => {
    const id = await inReview();
    // Like every review decision: only with the verifier's claim, and a list of what is missing.
    expect((await act(s, verifier, id, { action: 'return_for_materials', missing: ['结婚证'] })).body.error.details).toMatchObject({ reason: 'claim_required' });
    expect((await claimCase(s, verifier, id)).status).toBe(200);
    const blank = await act(s, verifier, id, { action: 'return_for_materials', missing: [] });
    expect(blank.status).toBe(400);
    expect(await stateOf(id)).toBe('in_review');

    const out = await actOk(s, verifier, id, { action: 'return_for_materials', missing: ['结婚证', '一寸照片'] });
    expect(out.state).toBe('needs_materials');
    expect(await claimsOf(id)).toHaveLength(0);
    const d = (await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data;
    expect(d.missing).toEqual(['结婚证', '一寸照片']);
    expect(d.timeline.at(-1)).toMatchObject({ action: 'return_for_materials', from: 'in_review', to: 'needs_materials', note: '结婚证、一寸照片', by: '侨香社区核查员 陈静' });
    expect(d.actions).toEqual(expect.arrayContaining(['supply_materials']));
    const texts = await rows<{ template: string; params: { missing: string; caseNo: string } }>(s, sql`select template, params from notification where case_id = ${id}`);
    expect(texts.map((t) => [t.template, t.params.missing, t.params.caseNo])).toEqual([['case_returned', '结婚证、一寸照片', d.caseNo]]);

    // The point gets the materials and sends the same case back: no new number, no lost history.
    for (const action of ['supply_materials', 'accept', 'send_for_review']) await actOk(s, desk, id, { action });
    const again = (await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data;
    expect(again.state).toBe('in_review');
    expect(again.missing).toEqual([]);
    expect((await claimCase(s, verifier, id)).status).toBe(200);
    expect((await actOk(s, verifier, id, { action: 'approve' })).state).toBe('approved');
  });
});
