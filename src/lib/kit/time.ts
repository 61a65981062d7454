// Times on screens are China time whatever the zone of the PC showing them (the server's dates are
// instants). China keeps UTC+8 all year; the kiosk formats its slot times the same way.
import { shanghaiDateKey } from '../domain/sla';
import type { Lang } from '../protocol/errors';

export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'zh-CN');

/** `iso` in China time, in the page's language. */
export function chinaTime(lang: Lang, iso: string | Date, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(iso).toLocaleString(locale(lang), { ...options, timeZone: CHINA_TIME_ZONE });
}

/** The kiosk's dates, written out as a resident reads them: 2026年12月8日 · 8 December 2026 (receipt and 查询进度 alike). */
export function longDate(lang: Lang, iso: string | Date): string {
  return chinaTime(lang, iso, { year: 'numeric', month: 'long', day: 'numeric' });
}

// English names the month (4 Dec 2026): en-GB's 04/12/2026 reads as 12 April to half of its readers.
const dateStyle = (lang: Lang) => (lang === 'en' ? 'medium' : 'short');
/** date and time in full, with seconds: 2026/12/4 18:00:05 · 4 Dec 2026, 18:00:05 */
export const fullTime = (lang: Lang, iso: string | Date) => chinaTime(lang, iso, { dateStyle: dateStyle(lang), timeStyle: 'medium' });
/** date and time, short: 2026/12/4 18:00 · 4 Dec 2026, 18:00 */
export const dateTime = (lang: Lang, iso: string) => chinaTime(lang, iso, { dateStyle: dateStyle(lang), timeStyle: 'short' });
/** the date alone, short: 2026/12/4 · 4 Dec 2026 */
export const dateOnly = (lang: Lang, iso: string | Date) => chinaTime(lang, iso, { dateStyle: dateStyle(lang) });
/** month and day: 12/4 · 4 Dec */
export const monthDay = (lang: Lang, iso: string) => chinaTime(lang, iso, lang === 'en' ? { day: 'numeric', month: 'short' } : { month: 'numeric', day: 'numeric' });
/** hours and minutes: 09:30 */
export const clock = (lang: Lang, iso: string) => chinaTime(lang, iso, { hour: '2-digit', minute: '2-digit' });
/** a bookable slot: 11月28日周六 09:00 · Sat 28 Nov 09:00 */
export const slotTime = (lang: Lang, iso: string) =>
  `${chinaTime(lang, iso, { weekday: 'short', month: lang === 'en' ? 'short' : 'long', day: 'numeric' })} ${clock(lang, iso)}`;
/** a live-feed moment: the time alone today (18:00:05), with the day before it otherwise (12/4 18:00 · 4 Dec 18:00) */
export function feedTime(lang: Lang, iso: string, now = new Date()): string {
  return shanghaiDateKey(new Date(iso)) === shanghaiDateKey(now) ? chinaTime(lang, iso, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : `${monthDay(lang, iso)} ${clock(lang, iso)}`;
}
