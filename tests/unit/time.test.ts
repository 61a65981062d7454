// Screen times are China time in the page's language, whatever the zone of the machine showing them.
import { describe, expect, it } from 'vitest';
import { dateOnly, dateTime, fullTime, monthDay, slotTime } from '../../src/lib/kit/time';

describe('monthDay', () => {
  // 20:00 UTC on 3 December is 04:00 on 4 December in China.
  const late = '2026-12-03T20:00:00.000Z';
  it('reads month/day in Chinese, the China date', () => {
    expect(monthDay('zh', late)).toBe('12/4');
  });
  it('names the month in English, so 4 December never reads as 12 April', () => {
    expect(monthDay('en', late)).toBe('4 Dec');
  });
});

describe('dateOnly, dateTime and fullTime', () => {
  const late = '2026-12-03T20:00:00.000Z';
  it('stay short in Chinese', () => {
    expect(dateOnly('zh', late)).toBe('2026/12/4');
    expect(dateTime('zh', late)).toBe('2026/12/4 04:00');
    expect(fullTime('zh', late)).toBe('2026/12/4 04:00:00');
  });
  it('name the month in English', () => {
    expect(dateOnly('en', late)).toBe('4 Dec 2026');
    expect(dateTime('en', late)).toBe('4 Dec 2026, 04:00');
    expect(fullTime('en', late)).toBe('4 Dec 2026, 04:00:00');
  });
});

describe('slotTime', () => {
  it('gives the weekday with the date, the month named in English', () => {
    expect(slotTime('zh', '2026-11-28T01:00:00.000Z')).toBe('11月28日周六 09:00');
    expect(slotTime('en', '2026-11-28T01:00:00.000Z')).toBe('Sat 28 Nov 09:00');
  });
});
