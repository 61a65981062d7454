// "When will you come?": a few plain choices in Shanghai time instead of a date picker.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

export type PlannedKey = 'now' | 'todayPm' | 'tomorrowAm' | 'tomorrowPm' | 'dayAfter';
/** "On my way now" is offered while the management office is open (08:00–17:00 in China). */
const OPEN_FROM = 8 * HOUR;
const OPEN_UNTIL = 17 * HOUR;
const SOON = 20 * 60_000;

export function plannedChoices(now: Date): { key: PlannedKey; at: Date }[] {
  const day0 = Math.floor((now.getTime() + OFFSET) / DAY) * DAY - OFFSET;
  const at = (days: number, hour: number) => new Date(day0 + days * DAY + hour * HOUR);
  const sinceMidnight = now.getTime() - day0;
  const open = sinceMidnight >= OPEN_FROM && sinceMidnight < OPEN_UNTIL;
  const all: { key: PlannedKey; at: Date }[] = [
    ...(open ? [{ key: 'now' as const, at: new Date(now.getTime() + SOON) }] : []),
    { key: 'todayPm', at: at(0, 15) },
    { key: 'tomorrowAm', at: at(1, 10) },
    { key: 'tomorrowPm', at: at(1, 15) },
    { key: 'dayAfter', at: at(2, 10) }
  ];
  return all.filter((c) => c.at.getTime() > now.getTime());
}
