import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addWorkingDays, ageInHours, isOverdue, pauseChange, shanghaiDateKey, startOfShanghaiDay, workingDaysBetween } from '../../src/lib/domain/sla';
import { CASE_STATES } from '../../src/lib/domain/case.machine';

/** A Shanghai wall-clock time as a Date, written the way a person at the desk would say it. */
const sh = (local: string): Date => new Date(`${local}+08:00`);

// 2024-01-05 is a Friday.
describe('addWorkingDays', () => {
  it('Friday 23:00 Shanghai (still Friday 15:00 UTC) + 1 → Monday 18:00', () => {
    expect(addWorkingDays(sh('2024-01-05T23:00:00'), 1)).toEqual(sh('2024-01-08T18:00:00'));
  });
  it('Friday morning + 1 → Monday; Thursday + 1 → Friday', () => {
    expect(addWorkingDays(sh('2024-01-05T09:00:00'), 1)).toEqual(sh('2024-01-08T18:00:00'));
    expect(addWorkingDays(sh('2024-01-04T09:00:00'), 1)).toEqual(sh('2024-01-05T18:00:00'));
  });
  it('Monday 01:00 Shanghai is Sunday in UTC but counts as Monday', () => {
    const mon = sh('2024-01-08T01:00:00');
    expect(mon.getUTCDay()).toBe(0);
    expect(addWorkingDays(mon, 0)).toEqual(sh('2024-01-08T18:00:00'));
    expect(addWorkingDays(mon, 1)).toEqual(sh('2024-01-09T18:00:00'));
  });
  it('weekend starts count from Monday', () => {
    expect(addWorkingDays(sh('2024-01-06T12:00:00'), 1)).toEqual(sh('2024-01-08T18:00:00'));
    expect(addWorkingDays(sh('2024-01-07T23:59:59'), 1)).toEqual(sh('2024-01-08T18:00:00'));
    expect(addWorkingDays(sh('2024-01-06T12:00:00'), 0)).toEqual(sh('2024-01-08T18:00:00'));
  });
  it('five working days from Wednesday cross one weekend', () => {
    expect(addWorkingDays(sh('2024-01-03T10:00:00'), 5)).toEqual(sh('2024-01-10T18:00:00'));
    expect(addWorkingDays(sh('2024-01-03T10:00:00'), 10)).toEqual(sh('2024-01-17T18:00:00'));
  });
  it('skips holidays and honours make-up working days (调休)', () => {
    const nationalDay = new Set(['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07']);
    // Friday 27 Sep + 1 with 29 Sep (Sunday) a make-up working day.
    expect(addWorkingDays(sh('2024-09-27T10:00:00'), 1, nationalDay, new Set(['2024-09-29']))).toEqual(
      sh('2024-09-29T18:00:00')
    );
    expect(addWorkingDays(sh('2024-09-30T10:00:00'), 1, nationalDay)).toEqual(sh('2024-10-08T18:00:00'));
  });
  it('rejects nonsense', () => {
    expect(() => addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2024-01-05T10:00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2024-01-05T10:00:00'), 1.5)).toThrow(RangeError);
  });
  it('always lands on a Shanghai weekday at 18:00, after exactly `days` working days', () => {
    const start = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 40 }), (s, days) => {
        const due = addWorkingDays(s, days);
        const local = new Date(due.getTime() + 8 * 3_600_000);
        expect(local.getUTCHours()).toBe(18);
        expect(local.getUTCMinutes()).toBe(0);
        expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
        // Count weekdays strictly after the start day up to and including the due day.
        let count = 0;
        const dayMs = 86_400_000;
        for (let t = s.getTime() + dayMs; shanghaiDateKey(new Date(t)) <= shanghaiDateKey(due); t += dayMs) {
          const dow = new Date(t + 8 * 3_600_000).getUTCDay();
          if (dow !== 0 && dow !== 6) count++;
        }
        const startIsWeekday = ![0, 6].includes(new Date(s.getTime() + 8 * 3_600_000).getUTCDay());
        if (days > 0) expect(count).toBe(days);
        else if (startIsWeekday) expect(shanghaiDateKey(due)).toBe(shanghaiDateKey(s));
        else expect(count).toBe(1);
        if (days > 0) expect(due.getTime()).toBeGreaterThan(s.getTime());
      })
    );
  });
});

describe('the SLA clock pauses while the resident brings materials (补正期间不计入办理时限)', () => {
  const due = new Date('2026-11-24T10:00:00Z'); // Tue 18:00 in Shanghai
  it('a case waiting on the resident is not overdue; the point is late only while it has the work', () => {
    const after = new Date('2026-11-26T10:00:00Z');
    expect(isOverdue(due, 'accepted', after)).toBe(true);
    expect(isOverdue(due, 'needs_materials', after)).toBe(false);
    expect(isOverdue(due, 'delivered', after)).toBe(false);
  });
  it('counts the working days after one day up to another', () => {
    const at = (iso: string) => new Date(`${iso}T02:00:00Z`); // 10:00 in Shanghai
    expect(workingDaysBetween(at('2026-11-20'), at('2026-11-20'))).toBe(0);
    expect(workingDaysBetween(at('2026-11-20'), at('2026-11-23'))).toBe(1); // Fri → Mon: the weekend is not counted
    expect(workingDaysBetween(at('2026-11-23'), at('2026-11-27'))).toBe(4);
    expect(workingDaysBetween(at('2026-11-27'), at('2026-11-23'))).toBe(0);
  });
  it('pauses on entering 待补材料 and, on leaving it, moves the due date on by the working days waited', () => {
    const paused = new Date('2026-11-23T02:00:00Z'); // Mon
    expect(pauseChange({ state: 'submitted', dueAt: due, pausedAt: null }, 'needs_materials', paused)).toEqual({ pausedAt: paused });
    // Brought back on Thursday: three working days waited (Tue, Wed, Thu), due Tue 18:00 → Fri 18:00.
    expect(pauseChange({ state: 'needs_materials', dueAt: due, pausedAt: paused }, 'submitted', new Date('2026-11-26T02:00:00Z'))).toEqual({ pausedAt: null, dueAt: addWorkingDays(due, 3) });
    expect(addWorkingDays(due, 3).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    // Brought back the same day: nothing moves; a step that neither enters nor leaves it changes nothing.
    expect(pauseChange({ state: 'needs_materials', dueAt: due, pausedAt: paused }, 'submitted', new Date('2026-11-23T08:00:00Z'))).toEqual({ pausedAt: null });
    expect(pauseChange({ state: 'submitted', dueAt: due, pausedAt: null }, 'accepted', paused)).toBeNull();
  });
});

describe('isOverdue', () => {
  const due = sh('2024-01-08T18:00:00');
  const after = sh('2024-01-08T18:00:01');
  it('open cases are overdue strictly after the due time', () => {
    expect(isOverdue(due, 'in_review', due)).toBe(false);
    expect(isOverdue(due, 'in_review', after)).toBe(true);
  });
  it('never overdue without a due date or once finished', () => {
    for (const s of CASE_STATES) expect(isOverdue(null, s, after)).toBe(false);
    for (const s of ['delivered', 'rejected', 'cancelled'] as const) expect(isOverdue(due, s, after)).toBe(false);
  });
});

describe('ageInHours', () => {
  it('floors whole hours and never goes negative', () => {
    const t = sh('2024-01-08T09:00:00');
    expect(ageInHours(t, sh('2024-01-08T11:59:59'))).toBe(2);
    expect(ageInHours(t, sh('2024-01-09T09:00:00'))).toBe(24);
    expect(ageInHours(t, sh('2024-01-08T08:00:00'))).toBe(0);
  });
});

describe('startOfShanghaiDay', () => {
  it('is 00:00 Beijing time of the day containing the instant, 16:00 UTC the day before', () => {
    expect(startOfShanghaiDay(new Date('2026-11-26T15:59:59Z')).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-11-26T16:00:00Z')).toISOString()).toBe('2026-11-26T16:00:00.000Z');
  });
});
