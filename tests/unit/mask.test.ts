import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { last4, maskIdNumber, maskName, maskPhone, maskSurname } from '../../src/lib/domain/mask';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧**明'],
    ['John Smith', 'J********h'],
    ['张', '*'],
    ['  李四 ', '李*'],
    ['阿依古丽·买买提', '阿******提']
  ])('%s → %s', (input, out) => expect(maskName(input)).toBe(out));

  it('empty, null and undefined give the empty string', () => {
    for (const v of ['', '   ', null, undefined]) expect(maskName(v)).toBe('');
  });

  it('never splits astral characters', () => {
    expect(maskName('𠀋小𠀋')).toBe('𠀋*𠀋');
    expect(maskName('😀ab😎')).toBe('😀**😎');
  });

  it('keeps the code-point length and hides all but the ends', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 3 }), (s) => {
        const cs = Array.from(s.trim());
        fc.pre(cs.length >= 3);
        const m = Array.from(maskName(s));
        expect(m.length).toBe(cs.length);
        expect(m[0]).toBe(cs[0]);
        expect(m.at(-1)).toBe(cs.at(-1));
        expect(m.slice(1, -1).every((c) => c === '*')).toBe(true);
      })
    );
  });
});

describe('maskSurname', () => {
  it.each([
    ['张三', '张**'],
    ['张小三', '张**'],
    ['欧阳小明', '欧**'],
    ['John Smith', 'J**'],
    ['张', '**'],
    ['𠀋小𠀋', '𠀋**'],
    ['', ''],
    [null, '']
  ])('%s → %s', (input, out) => expect(maskSurname(input)).toBe(out));

  it('shows one character at most, whatever the length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(Array.from(maskSurname(s).replace(/\*\*$/, '')).length).toBeLessThanOrEqual(1);
      })
    );
  });
});

describe('maskPhone and last4', () => {
  it('masks mainland mobiles', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(last4('13812345678')).toBe('5678');
  });
  it('other lengths keep 3 + 4 from 8 characters up, else hide everything', () => {
    expect(maskPhone('07558888')).toBe('075*8888');
    expect(maskPhone('075583881234')).toBe('075*****1234');
    expect(maskPhone('1234567')).toBe('*******');
    expect(last4('1234567')).toBe('');
  });
  it('empty, null and undefined give the empty string', () => {
    for (const v of ['', null, undefined]) {
      expect(maskPhone(v)).toBe('');
      expect(last4(v)).toBe('');
    }
  });
  it('full-width digits are handled per code point', () => {
    expect(maskPhone('１３８１２３４５６７８')).toBe('１３８****５６７８');
  });
  it('last4 never reveals a character maskPhone hides', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const tail = last4(s);
        if (tail) expect(maskPhone(s).endsWith(tail)).toBe(true);
        expect(Array.from(maskPhone(s)).length).toBe(Array.from(s.trim()).length);
      })
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps first 4 and last 4', () => {
    expect(maskIdNumber('440304199001011284')).toBe('4403**********1284');
    expect(maskIdNumber('44030419900101125X')).toBe('4403**********125X');
    expect(maskIdNumber('123456789')).toBe('1234*6789');
  });
  it('shorter than 9 is fully hidden; empty stays empty', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    for (const v of ['', null, undefined]) expect(maskIdNumber(v)).toBe('');
  });
  it('the birth date inside an 18-digit id is never visible', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const m = maskIdNumber(id);
        expect(m.slice(4, 14)).toBe('*'.repeat(10));
        expect(m.length).toBe(18);
      })
    );
  });
});
