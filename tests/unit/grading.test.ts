// Grades by rules stored as data, funding from grades, and reproducible spot-check samples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, fundingFen, gradeOf, isTimely, ratioBp, ruleProblemText, ruleProblems, validateRules, type GradeRule } from '../../src/lib/domain/grading';
import { drawSample, seededRandom } from '../../src/lib/domain/sample';
import { sniffImage } from '../../src/lib/domain/photo';
import { parseCsv } from '../../src/lib/domain/csv';
import { verifyRefusal } from '../../src/lib/domain/verification';

const s = (a: number, t: number, c: number) => ({ accuracyBp: a, timelinessBp: t, coverageBp: c });

describe('grading rules', () => {
  it('grades by the first rule whose three minimums are met', () => {
    expect(gradeOf(s(10000, 10000, 10000), DEFAULT_RULES).zh).toBe('优秀');
    expect(gradeOf(s(9499, 10000, 10000), DEFAULT_RULES).zh).toBe('良好');
    expect(gradeOf(s(9000, 7999, 10000), DEFAULT_RULES).zh).toBe('合格');
    expect(gradeOf(s(7999, 10000, 10000), DEFAULT_RULES).zh).toBe('不合格');
    expect(gradeOf(s(0, 0, 0), DEFAULT_RULES).grade).toBe('fail');
  });

  it('a better score never gets a worse grade or less funding (property)', () => {
    const bp = fc.integer({ min: 0, max: 10000 });
    fc.assert(
      fc.property(bp, bp, bp, bp, bp, bp, (a, t, c, da, dt, dc) => {
        const lo = gradeOf(s(a, t, c), DEFAULT_RULES);
        const hi = gradeOf(s(Math.min(10000, a + da), Math.min(10000, t + dt), Math.min(10000, c + dc)), DEFAULT_RULES);
        expect(DEFAULT_RULES.indexOf(hi)).toBeLessThanOrEqual(DEFAULT_RULES.indexOf(lo));
        expect(fundingFen(1_234_567, hi.fundingBp)).toBeGreaterThanOrEqual(fundingFen(1_234_567, lo.fundingBp));
      })
    );
  });

  it('validates rule sets: catch-all last, bounds, better grades never pay less', () => {
    expect(validateRules(DEFAULT_RULES)).toEqual([]);
    expect(ruleProblems(DEFAULT_RULES.slice(0, 3))).toEqual([{ code: 'no_catch_all', rule: 2 }]);
    const inverted: GradeRule[] = [{ ...DEFAULT_RULES[0], fundingBp: 5000 }, ...DEFAULT_RULES.slice(1)];
    expect(ruleProblems(inverted)).toEqual([{ code: 'funding_order', rule: 1, field: 'fundingBp' }]);
    expect(validateRules(inverted)).toEqual(['Grade 2 (Good): pays more than the grade before it: a better grade must never pay less']);
    expect(ruleProblems([{ ...DEFAULT_RULES[3], fundingBp: 10001 }])).toEqual([{ code: 'out_of_range', rule: 0, field: 'fundingBp' }]);
    expect(ruleProblems([])).toEqual([{ code: 'no_rules', rule: null }]);
  });

  it('thresholds go from high to low, every grade is reachable, and every grade is complete', () => {
    // 合格 asks more accuracy than 良好: thresholds out of order.
    const disordered = DEFAULT_RULES.map((r) => (r.grade === 'pass' ? { ...r, minAccuracyBp: 9200 } : r));
    expect(ruleProblems(disordered)).toEqual([{ code: 'threshold_order', rule: 2, field: 'minAccuracyBp' }]);
    expect(ruleProblemText(ruleProblems(disordered)[0], 'zh', disordered)).toBe('第 3 档（合格）：准确率门槛高于上一档：门槛须从高到低排列');
    expect(ruleProblemText(ruleProblems(disordered)[0], 'en', disordered)).toBe('Grade 3 (Pass): accuracy threshold is above the grade before it: thresholds go from high to low');
    // Same thresholds as the grade above: nobody can ever get it.
    const twin = [DEFAULT_RULES[0], { ...DEFAULT_RULES[0], grade: 'twin', zh: '双胞胎', en: 'Twin' }, DEFAULT_RULES[3]];
    expect(ruleProblems(twin)).toEqual([{ code: 'unreachable', rule: 1 }]);
    // Incomplete grades: no code, a repeated code, no English name.
    const incomplete = [DEFAULT_RULES[0], { ...DEFAULT_RULES[1], grade: 'excellent' }, { ...DEFAULT_RULES[2], grade: ' ' }, { ...DEFAULT_RULES[3], en: ' ' }];
    expect(ruleProblems(incomplete)).toEqual([
      { code: 'grade_repeated', rule: 1, field: 'grade' },
      { code: 'grade_missing', rule: 2, field: 'grade' },
      { code: 'label_missing', rule: 3, field: 'en' }
    ]);
    expect(ruleProblemText({ code: 'no_catch_all', rule: 2 }, 'zh', DEFAULT_RULES)).toBe('第 3 档（合格）：最后一档的三项门槛须都为 0%，保证每个结果都有等级');
  });

  it('ratios and funding are integers, rounded down', () => {
    expect(ratioBp(2, 3)).toBe(6666);
    expect(ratioBp(5, 0)).toBe(10000);
    expect(ratioBp(12, 10)).toBe(10000);
    expect(fundingFen(1001, 9000)).toBe(900);
    expect(isTimely('2026-11-01', '2026-11-04', 3)).toBe(true);
    expect(isTimely('2026-11-01', '2026-11-05', 3)).toBe(false);
  });
});

describe('spot-check sampling', () => {
  it('the same seed and population give the same sample, in any input order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 300 }), fc.nat(400), fc.string({ minLength: 1 }), (ids, size, seed) => {
        const a = drawSample(ids, size, seed);
        const b = drawSample([...ids].reverse(), size, seed);
        expect(a).toEqual(b);
        expect(a).toHaveLength(Math.min(size, ids.length));
        expect(new Set(a).size).toBe(a.length);
        for (const x of a) expect(ids).toContain(x);
      })
    );
  });

  it('different seeds draw different samples; the stream is pinned (a change would break old assessments)', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(drawSample(ids, 10, 'a')).not.toEqual(drawSample(ids, 10, 'b'));
    expect(drawSample(ids, 5, 'audit-2026-q4')).toMatchInlineSnapshot(`
      [
        42,
        509,
        179,
        392,
        607,
      ]
    `);
    const r = seededRandom('x');
    const xs = Array.from({ length: 1000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('is roughly uniform: every id is drawn about equally often over many seeds', () => {
    const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const hits = new Map<number, number>();
    for (let i = 0; i < 5000; i++) for (const x of drawSample(ids, 2, `seed-${i}`)) hits.set(x, (hits.get(x) ?? 0) + 1);
    for (const id of ids) expect(hits.get(id)).toBeGreaterThan(850); // expected 1000 each
  });
});

describe('small pure helpers', () => {
  it('photos are typed by their magic bytes', () => {
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });

  it('parses CSV with quotes, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n\n3,')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['3', '']]);
  });

  it('a verifier may not decide their own filing or their company’s, nor another community’s', () => {
    const v = { kind: 'staff' as const, userId: 7, role: 'verifier' as const, streetId: 1, communityId: 1, pointId: null, companyId: 2 };
    const r = { communityId: 1, companyId: 1, filedBy: 3, state: 'pending' };
    expect(verifyRefusal(v, r)).toBeNull();
    expect(verifyRefusal(v, { ...r, filedBy: 7 })).toBe('SELF');
    expect(verifyRefusal(v, { ...r, companyId: 2 })).toBe('OWN_COMPANY');
    expect(verifyRefusal(v, { ...r, communityId: 2 })).toBe('NOT_FOUND');
    expect(verifyRefusal(v, { ...r, state: 'verified_new' })).toBe('CLOSED');
    expect(verifyRefusal({ ...v, role: 'agent' }, r)).toBe('FORBIDDEN');
  });
});
