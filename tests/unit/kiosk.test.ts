// The kiosk's pure helpers: case numbers on a digit keypad, pickup time choices in Shanghai time,
// the idle setting, and the locally drawn QR code.
import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { CASE_NO, caseNoOf, digitsOf, KIOSK_REF, provisionalRef, refOf } from '../../src/lib/domain/case-no';
import { DEFAULT_IDLE_MS, idleFromUrl } from '../../src/lib/client/kiosk/config';
import { plannedChoices } from '../../src/lib/client/kiosk/planned';
import { qrPath } from '../../src/lib/client/kiosk/qr';
import { spokenText } from '../../src/lib/client/kiosk/speech';

describe('case numbers typed as digits', () => {
  it('adds the letter and the dash, and round-trips', () => {
    expect(caseNoOf('')).toBe('');
    expect(caseNoOf('2025')).toBe('D2025');
    expect(caseNoOf('20250611')).toBe('D20250611');
    expect(caseNoOf('20250611000123')).toBe('D20250611-000123');
    expect(CASE_NO.test(caseNoOf('20250611000123'))).toBe(true);
    expect(digitsOf('D20250611-000123')).toBe('20250611000123');
    expect(caseNoOf(digitsOf('D20250611-1234567'))).toBe('D20250611-1234567');
  });
});

describe('a kiosk’s 临时编号', () => {
  it('is the China date and six digits, fourteen digits in all, typed on the case-number keypad', () => {
    expect(provisionalRef('2026-11-28', () => 0.048213)).toBe('20261128048213');
    expect(provisionalRef('2026-11-28', () => 0)).toBe('20261128000000');
    expect(provisionalRef('2026-11-28', () => 0.9999999)).toBe('20261128999999');
    expect(KIOSK_REF.test(provisionalRef('2026-01-02'))).toBe(true);
    expect(refOf('20261128048213')).toBe('20261128-048213');
    expect(caseNoOf(digitsOf(refOf('20261128048213')))).toBe('D20261128-048213');
  });
});

describe('pickup time choices', () => {
  const shanghai = (d: Date) => d.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
  it('offers this afternoon only before it, then tomorrow and the day after, in Shanghai time', () => {
    const morning = new Date('2025-06-11T01:00:00Z'); // 09:00 in Shanghai
    const c = plannedChoices(morning);
    // The office is open: "on my way now" comes first, twenty minutes from now.
    expect(c.map((x) => x.key)).toEqual(['now', 'todayPm', 'tomorrowAm', 'tomorrowPm', 'dayAfter']);
    expect(shanghai(c[0].at)).toBe('11/06/2025, 09:20:00');
    expect(shanghai(c[1].at)).toBe('11/06/2025, 15:00:00');
    expect(shanghai(c[2].at)).toBe('12/06/2025, 10:00:00');
    expect(shanghai(c[4].at)).toBe('13/06/2025, 10:00:00');
    // Before opening and from 17:00 it is not offered.
    expect(plannedChoices(new Date('2025-06-10T23:30:00Z')).map((x) => x.key)[0]).toBe('todayPm'); // 07:30
    expect(plannedChoices(new Date('2025-06-11T09:00:00Z')).map((x) => x.key)[0]).toBe('tomorrowAm'); // 17:00
    const evening = new Date('2025-06-11T12:00:00Z'); // 20:00 in Shanghai
    expect(plannedChoices(evening).map((x) => x.key)).toEqual(['tomorrowAm', 'tomorrowPm', 'dayAfter']);
    // 23:30 in Shanghai is still "today" there although it is the same UTC day
    expect(shanghai(plannedChoices(new Date('2025-06-11T15:30:00Z'))[0].at)).toBe('12/06/2025, 10:00:00');
  });
});

describe('idle timeout setting', () => {
  it('defaults to 60 s and accepts ?idle= between 5 s and 10 min', () => {
    const u = (q: string) => new URL(`http://k/kiosk${q}`);
    expect(DEFAULT_IDLE_MS).toBe(60_000);
    expect(idleFromUrl(u(''))).toBe(60_000);
    expect(idleFromUrl(u('?idle=90'))).toBe(90_000);
    expect(idleFromUrl(u('?idle=2'))).toBe(60_000);
    expect(idleFromUrl(u('?idle=abc'))).toBe(60_000);
    expect(idleFromUrl(u('?idle=100000'))).toBe(60_000);
  });
});

describe('QR code of a case number', () => {
  it('draws exactly the dark modules of the encoded symbol', () => {
    const text = 'D20250611-000123';
    const { size, d } = qrPath(text);
    const qr = encode(text, { ecc: 'M', border: 2 });
    expect(size).toBe(qr.size);
    const dark = qr.data.flat().filter(Boolean).length;
    expect(d.match(/M/g)).toHaveLength(dark);
    expect(qrPath(text).d).toBe(d);
    expect(qrPath('D20250611-000124').d).not.toBe(d);
  });
});

describe('read aloud', () => {
  it('gives an English voice English pauses, and a Chinese voice the line as written', () => {
    expect(spokenText('What to do。Services handled here、Apply：now', 'en')).toBe('What to do. Services handled here, Apply: now');
    expect(spokenText('首页。可代办事项、我要办理：', 'zh')).toBe('首页。可代办事项、我要办理：');
  });
});
