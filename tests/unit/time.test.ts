// Screen times are China time in the page's language, whatever the zone of the machine showing them.
import { describe, expect, it } from 'vitest';
import { monthDay } from '../../src/lib/kit/time';

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
