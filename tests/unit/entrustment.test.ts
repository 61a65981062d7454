import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fundingAgreement, type AgreementTerm } from '../../src/lib/domain/entrustment';

const term = (o: Partial<AgreementTerm>): AgreementTerm => ({ id: 1, kind: 'special', communityId: 7, startsOn: '2026-03-01', endsOn: '2026-08-31', ...o });

describe('which agreement already pays for a grid record (参与激励 only without entrustment)', () => {
  it('special and whole entrustment of the record’s community, on its term’s days inclusive', () => {
    for (const kind of ['special', 'whole']) {
      const a = term({ kind });
      expect(fundingAgreement([a], 7, '2026-03-01')).toBe(a);
      expect(fundingAgreement([a], 7, '2026-08-31')).toBe(a);
      expect(fundingAgreement([a], 7, '2026-02-28')).toBeUndefined();
      expect(fundingAgreement([a], 7, '2026-09-01')).toBeUndefined();
      expect(fundingAgreement([a], 8, '2026-05-05')).toBeUndefined();
    }
  });
  it('an agreement for the whole street covers every community; participation never funds', () => {
    expect(fundingAgreement([term({ communityId: null })], 99, '2026-05-05')?.id).toBe(1);
    expect(fundingAgreement([term({ kind: 'participation', communityId: null })], 7, '2026-05-05')).toBeUndefined();
  });
  it('finds one whenever any funded agreement covers the day and community, and only then', () => {
    const day = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    const agreement = fc.record({ id: fc.nat(), kind: fc.constantFrom('special', 'whole', 'participation'), communityId: fc.option(fc.integer({ min: 1, max: 3 })), a: day, b: day });
    fc.assert(
      fc.property(fc.array(agreement, { maxLength: 5 }), fc.integer({ min: 1, max: 3 }), day, (raw, community, on) => {
        const list = raw.map(({ a, b, ...x }) => ({ ...x, startsOn: a < b ? a : b, endsOn: a < b ? b : a }));
        const found = fundingAgreement(list, community, on);
        const covers = (x: AgreementTerm) => x.kind !== 'participation' && (x.communityId === null || x.communityId === community) && x.startsOn <= on && on <= x.endsOn;
        expect(found === undefined ? list.some(covers) : !covers(found)).toBe(false);
      })
    );
  });
});
