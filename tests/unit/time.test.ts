// Screen times are China time in the page's language, whatever the zone of the machine showing them.
import { describe, expect, it } from 'vitest';
import { dateOnly, dateTime, feedTime, fullTime, monthDay, slotTime } from '../../src/lib/kit/time';

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

describe('feedTime', () => {
  // 15:00 UTC on 3 December is 23:00 on 3 December in China; 17:00 UTC the same UTC day is already 4 December there.
  const evening = '2026-12-03T15:00:05.000Z';
  it('gives the time alone for an event of the China day it is now', () => {
    const sameChinaDay = new Date('2026-12-03T15:30:00.000Z');
    expect(feedTime('zh', evening, sameChinaDay)).toBe('23:00:05');
    expect(feedTime('en', evening, sameChinaDay)).toBe('23:00:05');
  });
  it('puts the day before the time of an earlier China day’s event, so last night’s work does not read as today’s', () => {
    const nextChinaDay = new Date('2026-12-03T17:00:00.000Z');
    expect(feedTime('zh', evening, nextChinaDay)).toBe('12/3 23:00');
    expect(feedTime('en', evening, nextChinaDay)).toBe('3 Dec 23:00');
  });
});
