// Pickup notices, and the case number of a request made at a kiosk, leave through the notification outbox
// after the commit that wrote them, through a pluggable sender, exactly once; a failing sender is retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationRow } from '../../src/lib/server/repositories/notification.repository';
import { actOk, drive, newCase, pairKiosk, reviewOk, rows } from '../support/cases';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait';
import { sql } from 'drizzle-orm';

let s: TestServer;
let desk: string;
let verifier: string;
const sent: NotificationRow[] = [];
let failNext = 0;

beforeAll(async () => {
  s = await startTestServer({
    sender: {
      async send(n) {
        if (failNext > 0) {
          failNext--;
          throw new Error('gateway down');
        }
        sent.push(n);
      }
    }
  });
  desk = await s.login('desk');
  verifier = await s.login('verifier');
});

afterAll(() => s?.close());

describe('pickup notifications', () => {
  it('sends one message with the pickup code when a pickup notice is issued', async () => {
    const c = await newCase(s, { cookie: desk });
    const { pickupCode } = await drive(s, desk, verifier, c.caseId, 'ready_for_pickup');
    await waitFor(() => sent.some((n) => n.caseId === c.caseId), 10_000);
    const mine = sent.filter((n) => n.caseId === c.caseId);
    expect(mine).toHaveLength(1);
    expect(mine[0].template).toBe('pickup_ready');
    expect(mine[0].params.code).toBe(pickupCode);
    expect(mine[0].params.caseNo).toBe(c.caseNo);
    // Marked sent in the same transaction that claimed it, which commits just after the send returns.
    await waitFor(async () => (await rows<{ sent_at: Date | null }>(s, sql`select sent_at from notification where case_id = ${c.caseId}`))[0]?.sent_at, 5_000);
    // Another drain finds nothing left to send.
    await s.runtime.notifier.kick();
    expect(sent.filter((n) => n.caseId === c.caseId)).toHaveLength(1);
  });

  it('texts the case number of a request made at a kiosk, once, and nothing for one taken at the desk', async () => {
    const kiosk = await pairKiosk(s, await s.login('admin'));
    const atKiosk = await newCase(s, { token: kiosk }, { channel: 'kiosk' });
    const atDesk = await newCase(s, { cookie: desk });
    await waitFor(() => sent.some((n) => n.caseId === atKiosk.caseId), 10_000);
    await s.runtime.notifier.kick();
    const mine = sent.filter((n) => n.caseId === atKiosk.caseId);
    expect(mine.map((n) => [n.template, n.channel, n.params.caseNo])).toEqual([['case_received', 'sms', atKiosk.caseNo]]);
    expect(mine[0].params.item).toBe('敬老优待证');
    expect(sent.filter((n) => n.caseId === atDesk.caseId)).toEqual([]);
  });

  it('texts what to bring when the desk asks for materials on a kiosk case, and nothing to a walk-in at the desk', async () => {
    const kiosk = await pairKiosk(s, await s.login('admin'));
    const atKiosk = await newCase(s, { token: kiosk }, { channel: 'kiosk' });
    const atDesk = await newCase(s, { cookie: desk });
    // An appointment booked at the kiosk: the resident is not at the desk either until the booked time.
    const slot = ((await s.api('GET', '/api/slots', { token: kiosk })).body.data as { id: number; kind: string; left: number }[]).find((x) => x.kind === 'desk' && x.left > 0)!;
    const booked = await newCase(s, { token: kiosk }, { channel: 'appointment', slotId: slot.id });
    // Together, so that the batch meets both: the kiosk case's step leaves it to run alone, with its text.
    await Promise.all([atKiosk, atDesk, booked].map((c) => actOk(s, desk, c.caseId, { action: 'request_materials', missing: ['户口簿', '一寸照片'] })));
    await waitFor(() => sent.some((n) => n.caseId === booked.caseId && n.template === 'materials_requested'), 10_000);
    await waitFor(() => sent.some((n) => n.caseId === atKiosk.caseId && n.template === 'materials_requested'), 10_000);
    await s.runtime.notifier.kick();
    const mine = sent.filter((n) => n.caseId === atKiosk.caseId && n.template === 'materials_requested');
    expect(mine.map((n) => [n.params.caseNo, n.params.missing, n.params.item])).toEqual([[atKiosk.caseNo, '户口簿、一寸照片', '敬老优待证']]);
    expect(mine[0].params.point).toBeTruthy();
    expect(sent.filter((n) => n.caseId === atDesk.caseId)).toEqual([]);
    expect((await rows<{ state: string }>(s, sql`select state from proxy_case where id in (${atKiosk.caseId}, ${atDesk.caseId})`)).map((r) => r.state)).toEqual(['needs_materials', 'needs_materials']);
  });

  it('tells the resident a refusal and its reason, once', async () => {
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, c.caseId, 'in_review');
    await reviewOk(s, verifier, c.caseId, { action: 'reject', reason: '户口簿页不全' });
    await waitFor(() => sent.some((n) => n.caseId === c.caseId), 10_000);
    await s.runtime.notifier.kick();
    const mine = sent.filter((n) => n.caseId === c.caseId);
    expect(mine.map((n) => [n.template, n.params.caseNo, n.params.reason, n.params.item])).toEqual([['case_rejected', c.caseNo, '户口簿页不全', '敬老优待证']]);
  });

  it('retries a message the sender could not deliver', async () => {
    failNext = 1;
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, c.caseId, 'ready_for_pickup');
    await waitFor(async () => {
      await s.runtime.notifier.kick();
      return sent.some((n) => n.caseId === c.caseId);
    }, 10_000);
    const [row] = await rows<{ attempts: number }>(s, sql`select attempts from notification where case_id = ${c.caseId}`);
    expect(row.attempts).toBe(2);
  });
});
