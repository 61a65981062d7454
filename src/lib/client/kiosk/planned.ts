// "When will you come?": a few plain choices in Shanghai time instead of a date picker.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

export type PlannedKey = 'todayPm' | 'tomorrowAm' | 'tomorrowPm' | 'dayAfter';

export function plannedChoices(now: Date): { key: PlannedKey; at: Date }[] {
  const day0 = Math.floor((now.getTime() + OFFSET) / DAY) * DAY - OFFSET;
  const at = (days: number, hour: number) => new Date(day0 + days * DAY + hour * HOUR);
  const all: { key: PlannedKey; at: Date }[] = [
    { key: 'todayPm', at: at(0, 15) },
    { key: 'tomorrowAm', at: at(1, 10) },
    { key: 'tomorrowPm', at: at(1, 15) },
    { key: 'dayAfter', at: at(2, 10) }
  ];
  return all.filter((c) => c.at.getTime() > now.getTime());
}
