// The demo's two weeks of cases (`npm start` on a fresh street, DEMO_ACTIVITY): every case ends where its plan
// says, through the services' own rules, at moments in the past, and each screen it is there for has something to show.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDateKey } from '../../src/lib/domain/sla';
import { DEMO_ACTIVITY, playDemoActivity } from '../../src/lib/server/seed/demo-activity';
import { deliveredCases, ledgerOf, pairKiosk, rows } from '../support/cases';
import { startTestServer, type TestServer } from '../support/server';

// Where each planned case must end, in plan order: written out here, not derived from the plan.
const ENDS = [
  'submitted', 'submitted', 'accepted', 'needs_materials', 'submitted', 'in_review', 'approved', 'returned', 'ready_for_pickup',
  'delivered', 'delivered', 'accepted', 'rejected', 'submitted', 'accepted', 'in_review'
];

const HOUR = 3_600_000;
/** Hours and minutes of an instant on the Shanghai clock, as minutes after midnight. */
const shanghaiMinute = (t: Date) => (((t.getTime() + 8 * HOUR) % (24 * HOUR)) / 60_000) | 0;

describe('demo activity', () => {
  let s: TestServer;
  let startedAt: Date;
  beforeAll(async () => {
    s = await startTestServer();
    startedAt = new Date();
    expect(await playDemoActivity(s.runtime)).toBe(DEMO_ACTIVITY.length);
  });
  afterAll(async () => s?.close());

  it('takes in every planned case at its point and channel and moves it to its planned state', async () => {
    const got = await rows<{ state: string; channel: string; point_id: number; kiosk_id: number | null; steps: number }>(
      s,
      sql`select c.state, c.channel, c.point_id, c.kiosk_id, (select count(*)::int from case_transition t where t.case_id = c.id) as steps from proxy_case c order by c.id`
    );
    expect(got.map((r) => r.state)).toEqual(ENDS);
    expect(got.map((r) => r.channel)).toEqual(DEMO_ACTIVITY.map((p) => p.channel));
    // Each step is one timeline row after the submission: no step skipped, none applied twice.
    expect(got.map((r) => Number(r.steps))).toEqual(DEMO_ACTIVITY.map((p) => p.steps.length + 1));
    const [desk, desk2] = await rows<{ point_id: number }>(s, sql`select point_id from staff_user where username in ('desk', 'desk2') order by username`);
    expect(got.map((r) => Number(r.point_id))).toEqual(DEMO_ACTIVITY.map((p) => Number((p.desk === 'desk' ? desk : desk2).point_id)));
    // The kiosk's own case and the home visit a resident booked at it.
    expect(got.filter((r) => r.kiosk_id !== null).map((r) => r.channel)).toEqual(['kiosk', 'home_visit']);
  });

  it('plays the cases over two weeks of office hours, in order, never after start-up, and gives the clock back', async () => {
    const cases = await rows<{ id: number; case_no: string; submitted_at: Date; closed_at: Date | null }>(s, sql`select id, case_no, submitted_at, closed_at from proxy_case order by id`);
    const steps = await rows<{ case_id: number; at: Date }>(s, sql`select case_id, at from case_transition order by id`);
    const moments = steps.map((t) => new Date(t.at));
    for (const t of moments) {
      expect(t.getTime()).toBeLessThan(startedAt.getTime());
      // In office hours, or lined up before start-up (20 s apart) when its moment today was still ahead.
      const lined = startedAt.getTime() - t.getTime() <= steps.length * 20_000;
      if (!lined) expect(shanghaiMinute(t)).toBeGreaterThanOrEqual(9 * 60), expect(shanghaiMinute(t)).toBeLessThan(17 * 60);
    }
    // Each case's timeline runs forward, starting with its submission.
    for (const c of cases) {
      const own = steps.filter((t) => Number(t.case_id) === Number(c.id)).map((t) => new Date(t.at).getTime());
      expect(own[0]).toBe(new Date(c.submitted_at).getTime());
      expect(own).toEqual([...own].sort((a, b) => a - b));
      // Case numbers carry the day the case was taken in.
      expect(c.case_no).toContain(shanghaiDateKey(new Date(c.submitted_at)).replaceAll('-', ''));
    }
    // The agents had signed their confidentiality pledges before they handled the first case.
    const [pledged] = await rows<{ last: Date }>(s, sql`select max(signed_at) as last from pledge`);
    expect(new Date(pledged.last).getTime()).toBeLessThan(Math.min(...moments.map((t) => t.getTime())));
    const days = new Set(cases.map((c) => shanghaiDateKey(new Date(c.submitted_at))));
    expect(days.size).toBeGreaterThanOrEqual(9);
    expect(days.has(shanghaiDateKey(new Date(startedAt.getTime() - 12 * 24 * HOUR)))).toBe(true);
    // Closed cases took days, as they would: not the 0 h of cases played in one instant.
    for (const c of cases.filter((x) => x.closed_at)) expect(new Date(c.closed_at!).getTime() - new Date(c.submitted_at).getTime()).toBeGreaterThan(24 * HOUR);
    expect(Math.abs(s.runtime.core.now().getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('books the appointment and the home visit into open slots, and pays the subsidy of each delivered case once', async () => {
    const booked = await rows<{ channel: string; kind: string }>(s, sql`select c.channel, sl.kind from booking b join proxy_case c on c.id = b.case_id join slot sl on sl.id = b.slot_id order by c.id`);
    expect(booked).toEqual([
      { channel: 'appointment', kind: 'desk' },
      { channel: 'home_visit', kind: 'home_visit' }
    ]);
    const delivered = await deliveredCases(s);
    expect(delivered).toHaveLength(2);
    for (const d of delivered) expect((await ledgerOf(s, d.id)).map((e) => e.amountFen)).toEqual([d.subsidyFen]);
  });

  it('gives the street dashboard, the verification board and the lobby kiosk something to show', async () => {
    const now = new Date();
    const day = (n: number) => shanghaiDateKey(new Date(now.getTime() + n * 86_400_000));
    const street = await s.login('street');
    const dash = await s.api('GET', `/api/street/dashboard?period=custom&from=${day(-14)}&to=${day(0)}`, { cookie: street });
    expect(dash.status, JSON.stringify(dash.body)).toBe(200);
    const c = dash.body.data.cases;
    expect({ intake: c.intake, wip: c.wipTotal, delivered: c.delivered, rejected: c.rejected }).toEqual({ intake: 16, wip: 13, delivered: 2, rejected: 1 });
    // Work in progress reads in the desk board's column order.
    expect(c.wip.map((w: { state: string }) => w.state)).toEqual(['submitted', 'needs_materials', 'accepted', 'in_review', 'approved', 'returned', 'ready_for_pickup']);
    // Two cases have waited past their due dates at the point and in review; the one waiting on its materials is not late.
    const [late1, late2] = await rows<{ case_no: string }>(s, sql`select case_no from proxy_case where id in (3, 6) order by id`);
    expect(c.overdue.list.map((o: { caseNo: string }) => o.caseNo).sort()).toEqual([late1.case_no, late2.case_no].sort());

    // Only the case in review in the verifier's own community waits on the board, and nobody holds it.
    const board = await s.api('GET', '/api/grid/board', { cookie: await s.login('verifier') });
    expect(board.status).toBe(200);
    const review = board.body.data.cases as { caseNo: string; holder: unknown }[];
    const [inReview] = await rows<{ case_no: string }>(s, sql`select case_no from proxy_case c join staff_user u on u.point_id = c.point_id where u.username = 'desk' and c.state = 'in_review'`);
    expect(review.map((x) => [x.caseNo, x.holder])).toEqual([[inReview.case_no, null]]);

    // The lobby's pickup list: the one case ready for pickup, its resident's name masked.
    const token = await pairKiosk(s, await s.login('admin'));
    const pickups = await s.api('GET', '/api/kiosk/pickups', { token });
    expect(pickups.status).toBe(200);
    expect(pickups.body.data.map((p: { applicant: string }) => p.applicant)).toEqual(['周**']);
  });
});
