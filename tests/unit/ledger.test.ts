import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatYuan, ledgerMonth, monthIsOver, nextMonth, netByCase, netByRecord, reconcile, type LedgerEntry } from '../../src/lib/domain/ledger';

describe('ledger months (China time)', () => {
  it('books an entry in the month of China, not of UTC', () => {
    expect(ledgerMonth(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(ledgerMonth(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });
  it('the month after', () => {
    expect([nextMonth('2026-11'), nextMonth('2026-12'), nextMonth('1999-09')]).toEqual(['2026-12', '2027-01', '1999-10']);
  });
  it('a month is over only once the next has begun in China', () => {
    expect(monthIsOver('2026-11', new Date('2026-11-30T15:59:59Z'))).toBe(false);
    expect(monthIsOver('2026-11', new Date('2026-11-30T16:00:00Z'))).toBe(true);
    expect(monthIsOver('2026-12', new Date('2026-11-30T16:00:00Z'))).toBe(false);
    expect(monthIsOver('2025-12', new Date('2026-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('formatYuan', () => {
  it.each([
    [1250, '¥12.50'],
    [-300, '-¥3.00'],
    [0, '¥0.00'],
    [-0, '¥0.00'],
    [5, '¥0.05'],
    [-1, '-¥0.01'],
    [123456789, '¥1,234,567.89'],
    [12000000, '¥120,000.00'],
    [99999, '¥999.99'],
    [100000, '¥1,000.00'],
    [-100000, '-¥1,000.00']
  ])('%i fen → %s', (fen, out) => expect(formatYuan(fen)).toBe(out));
  it('refuses fractional fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
  });
});

const sub = (id: number, caseId: number, amountFen: number, reversesId?: number): LedgerEntry => ({
  id, kind: 'subsidy', caseId, amountFen, ...(reversesId === undefined ? {} : { reversesId })
});
const inc = (id: number, recordId: number, amountFen: number, reversesId?: number): LedgerEntry => ({
  id, kind: 'incentive', recordId, amountFen, ...(reversesId === undefined ? {} : { reversesId })
});

describe('reconcile: examples', () => {
  const amounts = new Map([[1, 2000], [2, 2000], [3, 1500]]);

  it('accepts one payment per delivered case, with a corrected mistake', () => {
    const entries = [sub(1, 1, 2000), sub(2, 2, 2000), sub(3, 3, 1500), sub(4, 3, -1500, 3), inc(5, 7, 500)];
    expect(reconcile(entries, [1, 2], amounts)).toEqual({ ok: true, problems: [] });
    expect(netByCase(entries)).toEqual(new Map([[1, 2000], [2, 2000], [3, 0]]));
    expect(netByRecord(entries)).toEqual(new Map([[7, 500]]));
  });
  it('catches a missing, a double and a wrong payment', () => {
    expect(reconcile([], [1], amounts).ok).toBe(false);
    expect(reconcile([sub(1, 1, 2000), sub(2, 1, 2000)], [1], amounts).ok).toBe(false);
    expect(reconcile([sub(1, 1, 1999)], [1], amounts).problems).toContain('case 1: paid 1999, expected 2000');
  });
  it('catches subsidy on a case that was not delivered', () => {
    expect(reconcile([sub(1, 3, 1500)], [], amounts).ok).toBe(false);
  });
  it('catches a positive and negative pair that is not a proper reversal', () => {
    const r = reconcile([sub(1, 3, 1500), sub(2, 3, 1500)].map((e, i) => (i ? { ...e, amountFen: -1500 } : e)), [], amounts);
    expect(r.ok).toBe(false);
  });
  it('checks reversals', () => {
    const problems = (entries: LedgerEntry[]) => reconcile(entries, [], amounts).problems.join('\n');
    expect(problems([sub(2, 1, -2000, 1)])).toMatch(/missing entry 1/);
    expect(problems([sub(1, 1, 2000), sub(2, 1, -1000, 1)])).toMatch(/does not negate/);
    expect(problems([sub(1, 1, 2000), sub(2, 1, -2000, 1), sub(3, 1, -2000, 1)])).toMatch(/reversed 2 times/);
    expect(problems([sub(1, 1, 2000), sub(2, 2, -2000, 1)])).toMatch(/does not match/);
    expect(problems([sub(1, 1, 2000), sub(2, 1, -2000, 1), sub(3, 1, 2000, 2)])).toMatch(/itself a reversal/);
  });
  it('checks structure', () => {
    const problems = (entries: LedgerEntry[]) => reconcile(entries, [], amounts).problems.join('\n');
    expect(problems([inc(1, 7, 500), inc(1, 8, 500)])).toMatch(/duplicate entry id 1/);
    expect(problems([{ id: 1, kind: 'subsidy', amountFen: 100 }])).toMatch(/subsidy must reference a case/);
    expect(problems([{ id: 1, kind: 'incentive', amountFen: 100, caseId: 1 }])).toMatch(/incentive must reference/);
    expect(problems([inc(1, 7, 0.5)])).toMatch(/not integer fen/);
    expect(problems([inc(1, 7, -5)])).toMatch(/must be positive/);
    expect(problems([inc(1, 7, 500), inc(2, 7, 500)])).toMatch(/2 live incentive entries/);
  });
  it('reports a delivered case with no known amount', () => {
    expect(reconcile([], [9], amounts).problems).toContain('case 9: delivered but no subsidy amount is known');
  });
});

interface World {
  entries: LedgerEntry[];
  delivered: number[];
  subsidy: Map<number, number>;
  incentive: Map<number, number>;
}

const amount = fc.integer({ min: 1, max: 500_000 });

/** A correct ledger: each delivered case and verified record paid once, plus mistakes undone. */
const worldArb: fc.Arbitrary<World> = fc
  .record({
    cases: fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 10_000 }), fen: amount, delivered: fc.boolean() }), {
      selector: (c) => c.id,
      maxLength: 20
    }),
    records: fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 10_000 }), fen: amount, verified: fc.boolean() }), {
      selector: (r) => r.id,
      maxLength: 20
    }),
    mistakes: fc.array(fc.record({ pick: fc.nat(), fen: amount, incentive: fc.boolean() }), { maxLength: 10 })
  })
  .chain(({ cases, records, mistakes }) => {
    let next = 1;
    const entries: LedgerEntry[] = [];
    for (const c of cases) if (c.delivered) entries.push(sub(next++, c.id, c.fen));
    for (const r of records) if (r.verified) entries.push(inc(next++, r.id, r.fen));
    for (const m of mistakes) {
      const pool = m.incentive ? records : cases;
      if (pool.length === 0) continue;
      const target = pool[m.pick % pool.length].id;
      const make = m.incentive ? inc : sub;
      const original = make(next++, target, m.fen);
      entries.push(original, make(next++, target, -m.fen, original.id));
    }
    const world: Omit<World, 'entries'> = {
      delivered: cases.filter((c) => c.delivered).map((c) => c.id),
      subsidy: new Map(cases.map((c) => [c.id, c.fen])),
      incentive: new Map(records.filter((r) => r.verified).map((r) => [r.id, r.fen]))
    };
    return fc.shuffledSubarray(entries, { minLength: entries.length }).map((shuffled) => ({ ...world, entries: shuffled }));
  });

const check = (w: World) => reconcile(w.entries, w.delivered, w.subsidy, w.incentive);

describe('reconcile: properties', () => {
  it('a correct ledger with any reversal pairs, in any order, reconciles', () => {
    fc.assert(fc.property(worldArb, (w) => {
      expect(check(w)).toEqual({ ok: true, problems: [] });
    }), { numRuns: 300 });
  });

  it('dropping any single entry is caught', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), (w, i) => {
        fc.pre(w.entries.length > 0);
        const k = i % w.entries.length;
        expect(check({ ...w, entries: w.entries.filter((_, j) => j !== k) }).ok).toBe(false);
      }),
      { numRuns: 300 }
    );
  });

  it('duplicating any single entry is caught, with the same id or a fresh one', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.boolean(), (w, i, freshId) => {
        fc.pre(w.entries.length > 0);
        const e = w.entries[i % w.entries.length];
        const copy = freshId ? { ...e, id: Math.max(...w.entries.map((x) => x.id)) + 1 } : { ...e };
        expect(check({ ...w, entries: [...w.entries, copy] }).ok).toBe(false);
      }),
      { numRuns: 300 }
    );
  });
});
