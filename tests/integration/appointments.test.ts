// Home visits carry an address and a named staff member: a desk booking is the booker's visit, a kiosk
// booking waits on the agenda until someone of that point takes it; another point cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { actOk, intakeBody, applicant, pairKiosk, postCase, rows } from '../support/cases';
import { startTestServer, type TestServer } from '../support/server';

let s: TestServer;
let desk: string;
let desk2: string;
let kiosk: string;

interface Slot {
  id: number;
  kind: string;
  left: number;
}
interface Entry {
  caseId: number;
  kind: string;
  assignedTo: string | null;
  startsAt: string;
}

async function homeSlot(who: { cookie?: string; token?: string }): Promise<Slot> {
  const r = await s.api('GET', '/api/slots', who);
  expect(r.status).toBe(200);
  const slot = (r.body.data as Slot[]).find((x) => x.kind === 'home_visit' && x.left > 0);
  expect(slot).toBeTruthy();
  return slot!;
}

async function agendaEntry(caseId: number, startsAt: string): Promise<Entry | undefined> {
  const day = new Date(new Date(startsAt).getTime() - 14 * 3_600_000).toISOString();
  const r = await s.api('GET', `/api/agenda?from=${encodeURIComponent(day)}`, { cookie: desk });
  expect(r.status).toBe(200);
  return (r.body.data as Entry[]).find((e) => e.caseId === caseId);
}

beforeAll(async () => {
  s = await startTestServer();
  [desk, desk2] = await Promise.all([s.login('desk'), s.login('desk2')]);
  kiosk = await pairKiosk(s, await s.login('admin'));
});

afterAll(() => s?.close());

describe('booking rules', () => {
  it('a slot that has begun, a slot of the other kind, a slot for a walk-in and a kiosk filing a counter case are refused, and nothing is filed', async () => {
    const [{ id: pointSlot }] = await rows<{ id: number }>(s, sql`select id from slot where point_id = 1 and kind = 'desk' and starts_at > now() order by starts_at limit 1`);
    const home = await homeSlot({ cookie: desk });
    const [{ id: begun }] = await rows<{ id: number }>(
      s,
      sql`insert into slot (point_id, kind, starts_at, ends_at, capacity) values (1, 'desk', now() - interval '2 hours', now() - interval '1 hour', 5) returning id`
    );
    const before = await rows(s, sql`select count(*)::int as n from proxy_case`);
    const refusals: [string, Record<string, unknown>, number, string][] = [
      ['begun', { channel: 'appointment', slotId: begun }, 409, 'slot_past'],
      ['desk slot for a home visit', { channel: 'home_visit', slotId: pointSlot, address: '侨香村 3栋 1201' }, 409, 'slot_kind'],
      ['home-visit slot for an appointment', { channel: 'appointment', slotId: home.id }, 409, 'slot_kind'],
      ['slot for a walk-in', { channel: 'desk', slotId: home.id }, 409, 'slot_kind']
    ];
    for (const [what, o, status, reason] of refusals) {
      const r = await postCase(s, { cookie: desk }, intakeBody(applicant(), o));
      expect([r.status, r.body.error?.details?.reason], what).toEqual([status, reason]);
      expect(r.body.error.message, what).toMatch(/时段/);
    }
    const counter = await postCase(s, { token: kiosk }, intakeBody(applicant(), { channel: 'desk' }));
    expect([counter.status, counter.body.error.details]).toEqual([400, [{ path: 'channel', code: 'invalid_value' }]]);
    expect(await rows(s, sql`select count(*)::int as n from proxy_case`)).toEqual(before);
    expect((await homeSlot({ cookie: desk })).left).toBe(home.left);
  });
});

describe('home visits', () => {
  it('a desk booking is assigned to the booker; a kiosk booking waits for someone to take it', async () => {
    const slot = await homeSlot({ cookie: desk });
    const byDesk = await postCase(s, { cookie: desk }, intakeBody(applicant(), { channel: 'home_visit', slotId: slot.id, address: '侨香村 3栋 1201' }));
    expect(byDesk.status, JSON.stringify(byDesk.body)).toBe(201);
    const startsAt = byDesk.body.data.slot.startsAt as string;
    expect((await agendaEntry(byDesk.body.data.caseId, startsAt))?.assignedTo).toBe('侨香村代办点 张丽');

    const byKiosk = await postCase(s, { token: kiosk }, intakeBody(applicant(), { channel: 'home_visit', slotId: slot.id, address: '侨香村 5栋 302' }));
    expect(byKiosk.status, JSON.stringify(byKiosk.body)).toBe(201);
    const caseId = byKiosk.body.data.caseId as number;
    expect((await agendaEntry(caseId, startsAt))?.assignedTo).toBeNull();

    // Another point's agent cannot take this point's visit.
    const foreign = await s.api('POST', `/api/bookings/${caseId}/assign`, { cookie: desk2, body: {} });
    expect(foreign.status).toBe(404);
    const taken = await s.api('POST', `/api/bookings/${caseId}/assign`, { cookie: desk, body: {} });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect((await agendaEntry(caseId, startsAt))?.assignedTo).toBe('侨香村代办点 张丽');
    // The case itself says when and who, whatever the day the agenda shows.
    const d = (await s.api('GET', `/api/cases/${caseId}`, { cookie: desk })).body.data;
    expect(d.booking).toMatchObject({ kind: 'home_visit', startsAt, assignedTo: '侨香村代办点 张丽' });
    const walkIn = await postCase(s, { cookie: desk }, intakeBody(applicant()));
    expect((await s.api('GET', `/api/cases/${walkIn.body.data.caseId}`, { cookie: desk })).body.data.booking).toBeNull();

    // So does its card on the board while it waits to be taken in; a walk-in's card has no time, and a
    // booked case taken in drops it.
    const board = async () => new Map(((await s.api('GET', '/api/cases/board', { cookie: desk })).body.data as { id: number; bookedAt: string | null }[]).map((c) => [c.id, c.bookedAt]));
    let cards = await board();
    expect([cards.get(caseId), cards.get(byDesk.body.data.caseId), cards.get(walkIn.body.data.caseId)]).toEqual([startsAt, startsAt, null]);
    await actOk(s, desk, caseId, { action: 'accept' });
    cards = await board();
    expect([cards.get(caseId), cards.get(byDesk.body.data.caseId)]).toEqual([null, startsAt]);
  });

  it('a desk-slot booking has nobody assigned and cannot be assigned', async () => {
    const slots = (await s.api('GET', '/api/slots', { cookie: desk })).body.data as Slot[];
    const deskSlot = slots.find((x) => x.kind === 'desk')!;
    const r = await postCase(s, { cookie: desk }, intakeBody(applicant(), { channel: 'appointment', slotId: deskSlot.id }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await agendaEntry(r.body.data.caseId, r.body.data.slot.startsAt))?.assignedTo).toBeNull();
    const assign = await s.api('POST', `/api/bookings/${r.body.data.caseId}/assign`, { cookie: desk, body: {} });
    expect(assign.status).toBe(404);
  });
});

describe('opening slots', () => {
  const open = (body: Record<string, unknown>, cookie = desk) => s.api('POST', '/api/slots', { cookie, body });
  const inDays = (d: number, h: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + d * 86_400_000 + h * 3_600_000).toISOString();

  it('a start in the past is refused; the same slot twice is opened once; another point may open the same times', async () => {
    const past = await open({ kind: 'desk', startsAt: inDays(-1, 1), endsAt: inDays(-1, 2), capacity: 2 });
    expect(past.status).toBe(400);
    expect(past.body.error.details).toEqual([{ path: 'startsAt', code: 'past' }]);
    const slot = { kind: 'desk', startsAt: inDays(3, 7), endsAt: inDays(3, 8), capacity: 2 };
    expect((await open(slot)).status).toBe(201);
    const again = await open(slot);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ details: { reason: 'slot_exists' }, message: expect.stringContaining('已经开放过了') });
    const listed = ((await s.api('GET', '/api/slots', { cookie: desk })).body.data as { startsAt: string; kind: string }[]).filter((x) => x.kind === 'desk' && x.startsAt === slot.startsAt);
    expect(listed).toHaveLength(1);
    // The same times as a home-visit slot, or at another point, are other slots.
    expect((await open({ ...slot, kind: 'home_visit' })).status).toBe(201);
    expect((await open(slot, desk2)).status).toBe(201);
  });
});
