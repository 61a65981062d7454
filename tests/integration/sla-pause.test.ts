// The SLA clock stops while a case waits on the resident's materials (补正期间不计入办理时限): such a case is not
// overdue — not on the desk's card, not on the street's dashboard — and when the materials come its due date
// moves on by the working days the resident took. Both ways in: the desk's 通知补材料 (group-committed) and the
// community's 退回补正 (one command at a time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../src/lib/domain/sla';
import { actOk, drive, newCase, reviewOk } from '../support/cases';
import { startTestServer, TestClock, type TestServer } from '../support/server';

const DAY = 86_400_000;

describe('the SLA clock pauses while the resident brings materials', () => {
  const clock = new TestClock();
  let s: TestServer;
  let desk: string;
  let verifier: string;
  let street: string;

  beforeAll(async () => {
    s = await startTestServer({ clock });
    [desk, verifier, street] = await Promise.all(['desk', 'verifier', 'street'].map((u) => s.login(u)));
  });
  afterAll(async () => {
    await s?.close();
  });
  /** Days pass: sessions idle out meanwhile, so everyone signs in again. */
  const later = async (ms: number) => {
    clock.advance(ms);
    [desk, verifier, street] = await Promise.all(['desk', 'verifier', 'street'].map((u) => s.login(u)));
  };

  const detail = async (id: number) => (await s.api('GET', `/api/cases/${id}`, { cookie: desk })).body.data as { state: string; dueAt: string; overdue: boolean };
  const overdueOnDashboard = async () => {
    const d = (await s.api('GET', '/api/street/dashboard?period=today', { cookie: street })).body.data;
    const list = (await s.api('GET', '/api/street/dashboard/list?period=today&list=overdue', { cookie: street })).body.data;
    expect(list.total).toBe(d.cases.overdue.total);
    return (list.cases as { id: number }[]).map((c) => c.id);
  };

  it('通知补材料: not overdue while waiting, however long; the due date moves on by the working days waited', async () => {
    const c = await newCase(s, { cookie: desk });
    const due = new Date((await detail(c.caseId)).dueAt);
    const pausedAt = clock.now();
    await actOk(s, desk, c.caseId, { action: 'request_materials', missing: ['户口簿'] });
    await later(12 * DAY);
    expect(clock.now() > due).toBe(true);
    expect(await detail(c.caseId)).toMatchObject({ state: 'needs_materials', overdue: false, dueAt: due.toISOString() });
    expect(await overdueOnDashboard()).not.toContain(c.caseId);

    const back = clock.now();
    await actOk(s, desk, c.caseId, { action: 'supply_materials' });
    const moved = addWorkingDays(due, workingDaysBetween(pausedAt, back));
    expect(await detail(c.caseId)).toMatchObject({ state: 'submitted', overdue: false, dueAt: moved.toISOString() });
    expect(moved > back).toBe(true);
    // Its time with the point runs again: past the moved date it is overdue, and counted so.
    await later(moved.getTime() - back.getTime() + 60_000);
    expect((await detail(c.caseId)).overdue).toBe(true);
    expect(await overdueOnDashboard()).toContain(c.caseId);
  });

  it('退回补正 by the community pauses it too, one command at a time', async () => {
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, verifier, c.caseId, 'in_review');
    const due = new Date((await detail(c.caseId)).dueAt);
    const pausedAt = clock.now();
    await reviewOk(s, verifier, c.caseId, { action: 'return_for_materials', missing: ['一寸照片'] });
    await later(3 * DAY);
    const back = clock.now();
    await actOk(s, desk, c.caseId, { action: 'supply_materials' });
    expect((await detail(c.caseId)).dueAt).toBe(addWorkingDays(due, workingDaysBetween(pausedAt, back)).toISOString());
  });
});
