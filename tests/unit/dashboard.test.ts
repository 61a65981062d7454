// The street dashboard's pure parts: Shanghai hours, periods, and the query string of the list behind a figure.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayStart, listFamily, listQuery, LISTS, rangeOf, shanghaiHour } from '../../src/lib/domain/dashboard';
import { shanghaiDateKey } from '../../src/lib/domain/sla';

describe('shanghaiHour', () => {
  it('is the hour on a Beijing wall clock, on the Shanghai day of shanghaiDateKey', () => {
    expect(shanghaiHour(new Date('2026-11-26T15:59:59Z'))).toBe(23);
    expect(shanghaiHour(new Date('2026-11-26T16:00:00Z'))).toBe(0);
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
        const h = shanghaiHour(d);
        const start = dayStart(shanghaiDateKey(d)).getTime() + h * 3_600_000;
        expect(d.getTime() - start).toBeGreaterThanOrEqual(0);
        expect(d.getTime() - start).toBeLessThan(3_600_000);
      })
    );
  });
});

describe('listQuery', () => {
  const d = { range: { period: 'week', fromDay: '2026-11-20', toDay: '2026-11-26' }, scope: 'community:1' };
  it('keeps the period and scope and adds only the figure’s filters', () => {
    const q = new URLSearchParams(listQuery(d, { list: 'wip', state: 'accepted', pointId: 4, channel: undefined }));
    expect(Object.fromEntries(q)).toEqual({ period: 'week', from: '2026-11-20', to: '2026-11-26', scope: 'community:1', list: 'wip', state: 'accepted', pointId: '4' });
  });
  it('narrows to one day (and hour) for a bar or point of a time series', () => {
    const q = new URLSearchParams(listQuery(d, { list: 'intake', channel: 'kiosk', day: '2026-11-22', hour: 0 }));
    expect(Object.fromEntries(q)).toEqual({ period: 'custom', from: '2026-11-22', to: '2026-11-22', scope: 'community:1', list: 'intake', channel: 'kiosk', hour: '0' });
    const r = rangeOf('custom', new Date(), q.get('from')!, q.get('to')!);
    expect([r.fromDay, r.toDay]).toEqual(['2026-11-22', '2026-11-22']);
  });
  it('puts every list in one family', () => {
    expect(LISTS.map(listFamily)).toEqual(['cases', 'cases', 'cases', 'cases', 'cases', 'cases', 'grid', 'grid', 'grid', 'grid', 'grid', 'ledger', 'ledger']);
  });
});
