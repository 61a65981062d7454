// Times on screens are China time whatever the zone of the PC showing them (the server's dates are
// instants). China keeps UTC+8 all year; the kiosk formats its slot times the same way.
import type { Lang } from '$lib/protocol/errors';

export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'zh-CN');

/** `iso` in China time, in the page's language. */
export function chinaTime(lang: Lang, iso: string | Date, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(iso).toLocaleString(locale(lang), { ...options, timeZone: CHINA_TIME_ZONE });
}

/** date and time in full, with seconds: 2026/12/4 18:00:05 */
export const fullTime = (lang: Lang, iso: string | Date) => chinaTime(lang, iso);
/** date and time, short: 2026/12/4 18:00 */
export const dateTime = (lang: Lang, iso: string) => chinaTime(lang, iso, { dateStyle: 'short', timeStyle: 'short' });
/** the date alone, short: 2026/12/4 */
export const dateOnly = (lang: Lang, iso: string | Date) => chinaTime(lang, iso, { dateStyle: 'short' });
/** month and day: 12/4, and in English 4 Dec (en-GB's 04/12 reads as April to half of its readers) */
export const monthDay = (lang: Lang, iso: string) => chinaTime(lang, iso, lang === 'en' ? { day: 'numeric', month: 'short' } : { month: 'numeric', day: 'numeric' });
/** hours and minutes: 09:30 */
export const clock = (lang: Lang, iso: string) => chinaTime(lang, iso, { hour: '2-digit', minute: '2-digit' });
/** a bookable slot: 11月28日周五 09:00 */
export const slotTime = (lang: Lang, iso: string) => chinaTime(lang, iso, { weekday: 'short', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
