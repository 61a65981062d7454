import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCheckChar, creditCodeProblem, idCheckChar, idNumberProblem, personNameProblem, printableProblem } from '../../src/lib/domain/identity';

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 17 digits: a 6-digit area, a birth date between 1900 and 2025, a 3-digit sequence */
const idBody = fc
  .record({ area: fc.integer({ min: 110_000, max: 659_999 }), day: fc.integer({ min: 0, max: 45_000 }), seq: fc.integer({ min: 0, max: 999 }) })
  .map(({ area, day, seq }) => `${area}${new Date(Date.UTC(1900, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
const creditBody = fc
  .tuple(fc.string({ unit: fc.constantFrom(...USCC), minLength: 2, maxLength: 2 }), fc.integer({ min: 100_000, max: 999_999 }), fc.string({ unit: fc.constantFrom(...USCC), minLength: 9, maxLength: 9 }))
  .map(([a, area, rest]) => `${a}${area}${rest}`);

describe('citizen ID numbers (GB 11643)', () => {
  it('accepts published examples and refuses their neighbours', () => {
    // The standard's own worked example.
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('11010519491231002x')).toBeNull();
    expect(idNumberProblem('110105194912310021')).toBe('check_digit');
    expect(idNumberProblem('110105194912310029')).toBe('check_digit');
  });

  it('says which part is wrong', () => {
    expect(idNumberProblem('11010519491231002')).toBe('invalid_format');
    expect(idNumberProblem('01010519491231002X')).toBe('invalid_format');
    expect(idNumberProblem('1101051949123100XX')).toBe('invalid_format');
    expect(idNumberProblem(withCheck('11010519490230002'))).toBe('birth_date'); // 30 February
    expect(idNumberProblem(withCheck('11010518991231002'))).toBe('birth_date'); // before 1900
    expect(idNumberProblem(withCheck('11010520301231002'), '2026-11-28')).toBe('birth_date'); // not born yet
    expect(idNumberProblem(withCheck('11010520301231002'))).toBeNull(); // no today given: digits only
  });

  it('catches every single changed digit and every swap of two different neighbours', () => {
    fc.assert(
      fc.property(idBody, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }), (body, at, by) => {
        const id = withCheck(body);
        expect(idNumberProblem(id)).toBeNull();
        const digits = '0123456789X';
        const changed = id.slice(0, at) + digits[(digits.indexOf(id[at]) + by) % (at === 17 ? 11 : 10)] + id.slice(at + 1);
        expect(idNumberProblem(changed)).not.toBeNull();
        if (at < 16 && id[at] !== id[at + 1]) expect(idNumberProblem(id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2))).not.toBeNull();
      })
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a real code and refuses its neighbours', () => {
    expect(creditCodeProblem('91110000600037341L')).toBeNull();
    expect(creditCodeProblem(' 91110000600037341l ')).toBeNull();
    expect(creditCodeProblem('91110000600037341M')).toBe('check_digit');
    expect(creditCodeProblem('9111000060003734IL')).toBe('invalid_format'); // I is not in the alphabet
    expect(creditCodeProblem('91A10000600037341L')).toBe('invalid_format'); // the area is digits
  });

  it('catches every single changed character', () => {
    fc.assert(
      fc.property(creditBody, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (body, at, by) => {
        const code = body + creditCheckChar(body);
        expect(creditCodeProblem(code)).toBeNull();
        const changed = code.slice(0, at) + USCC[(USCC.indexOf(code[at]) + by) % 31] + code.slice(at + 1);
        expect(creditCodeProblem(changed)).not.toBeNull();
      })
    );
  });
});

function withCheck(body: string): string {
  return body + idCheckChar(body);
}

describe('person names', () => {
  it('letters of any script with the separators names carry; nothing invisible, no digits or symbols', () => {
    for (const ok of ['张三', '欧阳明华', '阿依古丽·买买提', '阿依古丽．买买提', '张〇', 'བཀྲ་ཤིས', 'José Núñez', "O'Brien", 'Anne-Marie', 'J. R. R. Tolkien', '张\u3000三', '李\u00a0四'])
      expect(personNameProblem(ok), ok).toBeNull();
    for (const bad of ['', '张\u200b三', '\u202e张三', '张三\u0007', '张三1', '😀', '·张三', '<b>']) expect(personNameProblem(bad), JSON.stringify(bad)).toBe('invalid_format');
  });
  it('a landlord may be a company, brackets and all, but nothing invisible', () => {
    expect(printableProblem('华润置地（深圳）有限公司')).toBeNull();
    for (const bad of ['\u200b', '华润\u202e置地', '（）', 'a\u0007b']) expect(printableProblem(bad), JSON.stringify(bad)).toBe('invalid_format');
  });
});
