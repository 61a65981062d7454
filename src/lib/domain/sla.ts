// Due dates in Shanghai working days. China has no DST, so a fixed +8h offset is exact and
// keeps this independent of the server's time zone and of Intl data.
import { isTerminal, type CaseState } from './case.machine';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR;
/** Workstations close at 18:00; a case due "that day" is due by then. */
const DUE_HOUR_LOCAL = 18;

/** Midnight of the Shanghai calendar day containing t, expressed as a UTC-epoch "local" day. */
function localDayStart(t: number): number {
  const local = t + SHANGHAI_OFFSET;
  return local - (((local % DAY) + DAY) % DAY);
}

/** The instant the Shanghai calendar day containing d began (its 00:00 in Beijing time). */
export function startOfShanghaiDay(d: Date): Date {
  return new Date(localDayStart(d.getTime()) - SHANGHAI_OFFSET);
}

/** YYYY-MM-DD of the Shanghai calendar day containing d: the key format of holiday sets. */
export function shanghaiDateKey(d: Date): string {
  return keyOf(localDayStart(d.getTime()));
}

function keyOf(localDay: number): string {
  return new Date(localDay).toISOString().slice(0, 10);
}

function isWorkingDay(localDay: number, holidays?: Set<string>, makeupWorkdays?: Set<string>): boolean {
  const key = keyOf(localDay);
  // 调休: some weekends are official working days to bridge a holiday; they win over weekday rules.
  if (makeupWorkdays?.has(key)) return true;
  if (holidays?.has(key)) return false;
  const dow = new Date(localDay).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * 18:00 Shanghai on the `days`-th working day after the day of `start` (days = 0: the day
 * itself if it is a working day, else the next one). Counting starts the day after receipt,
 * as for statutory 工作日 limits, so a Friday-night submission is not penalised.
 * Throws RangeError for an invalid date or a negative / fractional day count: those are bugs
 * upstream, not data.
 */
export function addWorkingDays(
  start: Date,
  days: number,
  holidays?: Set<string>,
  makeupWorkdays?: Set<string>
): Date {
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) throw new RangeError('invalid start date');
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`invalid working-day count ${days}`);
  let day = localDayStart(start.getTime());
  let remaining = days;
  if (remaining === 0) {
    while (!isWorkingDay(day, holidays, makeupWorkdays)) day += DAY;
  }
  while (remaining > 0) {
    day += DAY;
    if (isWorkingDay(day, holidays, makeupWorkdays)) remaining--;
  }
  return new Date(day + DUE_HOUR_LOCAL * HOUR - SHANGHAI_OFFSET);
}

/**
 * Finished cases are never overdue, however late they finished; that is turnaround's job. Nor is a case
 * waiting on the resident's materials (待补材料): the time to 补正 is not the point's (补正期间不计入办理时限),
 * and its due date moves on by that time when the materials come (`pauseChange`).
 */
export function isOverdue(due: Date | null, state: CaseState, now: Date): boolean {
  if (due === null || isTerminal(state) || state === 'needs_materials') return false;
  return now.getTime() > due.getTime();
}

/** Working days after the day of `from`, up to and including the day of `to` (0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date): number {
  let n = 0;
  for (let day = localDayStart(from.getTime()) + DAY; day <= localDayStart(to.getTime()); day += DAY) if (isWorkingDay(day)) n++;
  return n;
}

/**
 * The case's SLA clock across a step: entering 待补材料 pauses it (`pausedAt`); leaving it moves the due date on
 * by the working days the resident took, and resumes. Nothing to change: null.
 */
export function pauseChange(c: { state: CaseState; dueAt: Date; pausedAt: Date | null }, to: CaseState, at: Date): { pausedAt: Date | null; dueAt?: Date } | null {
  if (to === 'needs_materials' && c.state !== 'needs_materials') return { pausedAt: at };
  if (c.state !== 'needs_materials' || to === 'needs_materials') return null;
  if (!c.pausedAt) return { pausedAt: null };
  const waited = workingDaysBetween(c.pausedAt, at);
  return { pausedAt: null, ...(waited > 0 ? { dueAt: addWorkingDays(c.dueAt, waited) } : {}) };
}

/** Whole days past the due time (0 on the day it falls due): what an overdue list says, in words. */
export function daysOverdue(due: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - due.getTime()) / 86_400_000));
}

/** Whole hours elapsed, floored; clock skew between hosts never yields a negative age. */
export function ageInHours(since: Date, now: Date): number {
  const ms = now.getTime() - since.getTime();
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.floor(ms / HOUR);
}
