// Two weeks of work at two demo agent points, played through the real services the first time `npm start`
// seeds the demo street: so the desk board, the verification queue, the kiosk's pickup list, the street
// dashboard and the subsidy figures open with something on them. Every step is an ordinary command (key,
// rules, timeline, events, rollups, ledger): nothing is written around the services. Each command runs with
// the runtime's clock set to its moment in office hours of the past days (never after start-up), so due
// dates, turnaround, case numbers and the daily figures read as they would after two weeks of use.
// Only the entry points call it (DEMO_ACTIVITY); the tests start from the bare demo street.
import { needsReviewClaim, type CaseAction, type Channel } from '../../domain/case.machine';
import type { KioskPrincipal, StaffPrincipal } from '../../domain/roles';
import { idCheckChar } from '../../domain/identity';
import { startOfShanghaiDay } from '../../domain/sla';
import type { Runtime } from '../runtime/runtime';
import { findStaffByUsername } from '../repositories/staff.repository';
import { principalOf } from '../services/auth.service';
import { demoKioskPairing } from './demo';

interface Plan {
  desk: 'desk' | 'desk2';
  channel: Channel;
  item: string;
  applicant: { name: string; phone: string };
  address?: string;
  /** books the point's first open slot of this kind */
  slot?: 'desk' | 'home_visit';
  /** booked by the resident at the lobby kiosk (as every case of the kiosk channel is) */
  lobby?: true;
  /** taken in this many days before the day of start-up (Shanghai calendar days) */
  ago: number;
  steps: CaseAction[];
}

/** The happy path, as far as a case has come. */
const TO = {
  accepted: ['accept'],
  in_review: ['accept', 'send_for_review'],
  approved: ['accept', 'send_for_review', 'approve'],
  returned: ['accept', 'send_for_review', 'approve', 'record_return'],
  ready_for_pickup: ['accept', 'send_for_review', 'approve', 'record_return', 'issue_pickup'],
  delivered: ['accept', 'send_for_review', 'approve', 'record_return', 'issue_pickup', 'deliver']
} satisfies Record<string, CaseAction[]>;

// Invented residents: common names and made-up numbers. The kiosk's case is taken in at 侨香村's lobby.
// 张桂兰's and 杨丽娟's cases have waited past their due dates (SLA working days); every other open case is in time.
// 刘伟's waits on his materials: its SLA clock is paused meanwhile (domain/sla.ts), so it is not late.
// 郑秀珍 booked today's home visit at the kiosk, so it waits on the desk's agenda for someone to take it.
export const DEMO_ACTIVITY: Plan[] = [
  { desk: 'desk', channel: 'desk', item: 'residence-proof', applicant: { name: '王建国', phone: '13800000101' }, ago: 0, steps: [] },
  { desk: 'desk', channel: 'kiosk', item: 'senior-card', applicant: { name: '李秀英', phone: '13800000102' }, ago: 0, steps: [] },
  { desk: 'desk', channel: 'desk', item: 'elderly-meal-subsidy', applicant: { name: '张桂兰', phone: '13800000103' }, ago: 11, steps: TO.accepted },
  { desk: 'desk', channel: 'desk', item: 'one-child-reward', applicant: { name: '刘伟', phone: '13800000104' }, ago: 3, steps: ['request_materials'] },
  { desk: 'desk', channel: 'appointment', item: 'low-income-review', applicant: { name: '陈志强', phone: '13800000105' }, slot: 'desk', ago: 1, steps: [] },
  { desk: 'desk', channel: 'desk', item: 'marriage-fertility-cert', applicant: { name: '杨丽娟', phone: '13800000106' }, ago: 12, steps: TO.in_review },
  { desk: 'desk', channel: 'desk', item: 'medical-insurance-child', applicant: { name: '赵敏', phone: '13800000107' }, ago: 4, steps: TO.approved },
  { desk: 'desk', channel: 'desk', item: 'rental-registration-receipt', applicant: { name: '黄国华', phone: '13800000108' }, ago: 2, steps: TO.returned },
  { desk: 'desk', channel: 'desk', item: 'residence-proof', applicant: { name: '周婷', phone: '13800000109' }, ago: 2, steps: TO.ready_for_pickup },
  { desk: 'desk', channel: 'desk', item: 'residence-proof', applicant: { name: '吴海燕', phone: '13800000110' }, ago: 3, steps: TO.delivered },
  { desk: 'desk', channel: 'home_visit', item: 'senior-card', applicant: { name: '徐福生', phone: '13800000111' }, address: '侨香村 5栋 302', ago: 6, steps: TO.delivered },
  { desk: 'desk', channel: 'home_visit', item: 'high-age-allowance', applicant: { name: '郑秀珍', phone: '13800000113' }, address: '侨香村 8栋 1101', slot: 'home_visit', lobby: true, ago: 1, steps: TO.accepted },
  { desk: 'desk', channel: 'desk', item: 'birth-service-registration', applicant: { name: '孙晓明', phone: '13800000112' }, ago: 7, steps: ['accept', 'send_for_review', 'reject'] },
  { desk: 'desk2', channel: 'desk', item: 'residence-proof', applicant: { name: '马俊', phone: '13800000201' }, ago: 0, steps: [] },
  { desk: 'desk2', channel: 'desk', item: 'high-age-allowance', applicant: { name: '朱玉珍', phone: '13800000202' }, ago: 2, steps: TO.accepted },
  { desk: 'desk2', channel: 'desk', item: 'disability-card-renewal', applicant: { name: '胡建军', phone: '13800000203' }, ago: 5, steps: TO.in_review }
];

/** An invented ID number of the right shape (福田 area code, a birth date, the GB 11643 check digit). */
function demoIdNumber(i: number): string {
  const body = `440304${1940 + ((i * 7) % 60)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(100 + i).slice(-3)}`;
  return body + idCheckChar(body);
}

const INPUT: Partial<Record<CaseAction, Record<string, unknown>>> = {
  request_materials: { missing: ['户口簿'] },
  reject: { reason: '出生医学证明信息与户籍登记不一致，请核对后重新办理' },
  deliver: { identityCheck: { method: 'id_document', note: '核验身份证原件' } }
};

async function staffActor(rt: Runtime, username: string): Promise<{ principal: StaffPrincipal; displayName: string }> {
  const u = await findStaffByUsername(rt.core.db, username);
  if (!u) throw new Error(`demo activity: no demo user ${username}`);
  return { principal: principalOf(u), displayName: u.displayName };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The office day, 09:00–17:00 (lobby desks open at weekends too). */
const OFFICE_OPENS = 9 * 60;
const OFFICE_DAY = 8 * 60;

/**
 * When a plan's commands happen, in ms since the epoch: the intake on its day (staggered by its place in the
 * plan), then its steps spread evenly up to 16:00 of the day of `now`, all in office hours. Some of today's
 * moments may still lie ahead of `now`; the player moves those back to just before it.
 */
function planMoments(plan: Plan, index: number, now: Date): number[] {
  const today = startOfShanghaiDay(now).getTime();
  const at = (officeMinute: number) => {
    const day = Math.floor(officeMinute / OFFICE_DAY);
    return today + day * DAY + (OFFICE_OPENS + officeMinute - day * OFFICE_DAY) * MINUTE;
  };
  const start = -plan.ago * OFFICE_DAY + 15 + 29 * (index % 14);
  const end = Math.max(start, 7 * 60);
  const n = plan.steps.length;
  return [start, ...plan.steps.map((_, j) => start + ((j + 1) * (end - start)) / (n + 1))].map((m) => at(Math.round(m)));
}

/** Plays DEMO_ACTIVITY on the freshly seeded street; returns how many cases it took in. */
export async function playDemoActivity(rt: Runtime): Promise<number> {
  const { appointments, cases, verification } = rt.services;
  const who = { desk: await staffActor(rt, 'desk'), desk2: await staffActor(rt, 'desk2'), verifier: await staffActor(rt, 'verifier') };
  // The demo kiosk stands in the lobby of desk's point (seed/demo.ts).
  const { kioskId } = (await demoKioskPairing(rt.core.db))!;
  const d = who.desk.principal;
  const lobby: KioskPrincipal = { kind: 'kiosk', kioskId, pointId: d.pointId!, communityId: d.communityId!, streetId: d.streetId };
  // The clock is the runtime's own, set for each command and given back after: this runs before the
  // server takes requests, so nothing else reads it meanwhile.
  const clock = rt.core.now;
  const startedAt = clock().getTime();
  const total = DEMO_ACTIVITY.reduce((sum, p) => sum + 1 + p.steps.length, 0);
  let played = 0;
  const setClock = (moment: number) => {
    // Moments still ahead are lined up in the last minutes before start-up, in playing order.
    const when = new Date(Math.min(moment, startedAt - (total - played++) * 20_000));
    rt.core.now = () => when;
  };
  let n = 0;
  try {
    for (const [i, plan] of DEMO_ACTIVITY.entries()) {
      const [intakeAt, ...stepsAt] = planMoments(plan, i, new Date(startedAt));
      const agent = who[plan.desk];
      const intakeBy = plan.channel === 'kiosk' || plan.lobby ? { principal: lobby } : agent;
      setClock(intakeAt);
      const slotId = plan.slot && (await appointments.openSlots(agent.principal)).find((x) => x.kind === plan.slot)?.id;
      const body = { itemCode: plan.item, channel: plan.channel, applicant: { ...plan.applicant, idNumber: demoIdNumber(i) }, address: plan.address, slotId, materials: ['id_card'] };
      const { result } = await cases.intake(intakeBy, `demo-activity-${i}`, body);
      n++;
      for (const [j, action] of plan.steps.entries()) {
        const review = needsReviewClaim(action);
        const by = review ? who.verifier : agent;
        setClock(stepsAt[j]);
        if (review) await verification.claim(by.principal, by.displayName, 'case', result.caseId);
        await cases.transition(by, result.caseId, `demo-activity-${i}-${j}`, { action, ...INPUT[action] });
      }
    }
  } finally {
    rt.core.now = clock;
  }
  return n;
}
