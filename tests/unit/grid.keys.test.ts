// Duplicate keys: the same thing typed differently gets the same key; different things do not;
// an ID number never appears in a key; and matching prefers what the community already knows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { matchKey, normaliseCreditCode, normaliseUnit } from '../../src/lib/domain/grid.keys';
import { KeyIndex, pickMatch } from '../../src/lib/domain/grid.match';

const hmac = (s: string) => createHmac('sha256', 'test-key').update(s).digest('base64url').slice(0, 32);
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('unit normalisation', () => {
  it.each([
    ['3栋 2单元 1201室', '3#2-1201'],
    ['３幢2-1201', '3#2-1201'],
    ['3座2单元1201房', '3#2-1201'],
    ['3号楼 1201', '3#1201'],
    [' 12栋1601 ', '12#1601'],
    ['B栋-1001', 'b#1001']
  ])('%s → %s', (raw, want) => expect(normaliseUnit(raw)).toBe(want));

  it('is idempotent, ignores spacing and full-width digits (property)', () => {
    const unit = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 101, max: 3299 }), fc.constantFrom('栋', '幢', '座'), fc.constantFrom('室', '房', ''));
    fc.assert(
      fc.property(unit, fc.boolean(), fc.boolean(), ([b, u, r, bw, rw], wide, spaced) => {
        const plain = `${b}栋${u}单元${r}`;
        let typed = `${b}${bw}${spaced ? ' ' : ''}${u}单元${spaced ? ' ' : ''}${r}${rw}`;
        if (wide) typed = fullWidth(typed);
        expect(normaliseUnit(typed)).toBe(normaliseUnit(plain));
        expect(normaliseUnit(normaliseUnit(typed))).toBe(normaliseUnit(typed));
      })
    );
  });

  it('keeps different rooms apart (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 101, max: 3299 }), fc.integer({ min: 101, max: 3299 }), (b, r1, r2) => {
        fc.pre(r1 !== r2);
        expect(normaliseUnit(`${b}栋${r1}`)).not.toBe(normaliseUnit(`${b}栋${r2}`));
      })
    );
  });

  it('normalises credit codes', () => expect(normaliseCreditCode(' 91440300-ma5dem003f ')).toBe('91440300MA5DEM003F'));
});

describe('match keys', () => {
  const id = '44030419900101125X';
  const pop = (unit: string, idNumber = id, propertyId = 1) => matchKey({ kind: 'population', propertyId, unit, fields: { idNumber } }, hmac);

  it('population: keyed hash of the ID number plus the unit; the raw ID never appears', () => {
    expect(pop('3栋1201')).toBe(pop('３幢 1201室'));
    expect(pop('3栋1201', id.toLowerCase())).toBe(pop('3栋1201'));
    expect(pop('3栋1201')).not.toBe(pop('3栋1202'));
    expect(pop('3栋1201')).not.toBe(pop('3栋1201', '440304199001011241'));
    expect(pop('3栋1201')).not.toBe(pop('3栋1201', id, 2));
    expect(pop('3栋1201')).not.toContain(id);
    expect(pop('3栋1201')).not.toContain(id.slice(6, 14));
    // Another key, another hash: without PII_KEY a guess cannot be checked.
    const other = matchKey({ kind: 'population', propertyId: 1, unit: '3栋1201', fields: { idNumber: id } }, (s) => createHmac('sha256', 'other').update(s).digest('base64url').slice(0, 32));
    expect(other).not.toBe(pop('3栋1201'));
    // Moving out is a fact of its own: the register (who lives there) does not know it.
    const moved = (change: string) => matchKey({ kind: 'population', propertyId: 1, unit: '3栋1201', fields: { idNumber: id, change } }, hmac);
    expect(moved('move_in')).toBe(pop('3栋1201'));
    expect(moved('household_change')).toBe(pop('3栋1201'));
    expect(moved('move_out')).not.toBe(pop('3栋1201'));
    expect(moved('move_out')).toBe(moved('move_out'));
  });

  it('rental housing by unit, legal entity by credit code, facility by asset code or place, event by place and day', () => {
    const k = (kind: 'rentalHousing' | 'legalEntity' | 'facility' | 'event', unit: string, fields: Record<string, unknown>, observedOn?: string) => matchKey({ kind, propertyId: 1, unit, fields, observedOn }, hmac);
    expect(k('rentalHousing', '2栋803', { landlordName: 'a' })).toBe(k('rentalHousing', '2幢 803室', { landlordName: 'b' }));
    expect(k('legalEntity', 'x', { creditCode: '91440300ma5dem003f' })).toBe(k('legalEntity', 'y', { creditCode: '91440300MA5DEM003F' }));
    expect(k('facility', 'a', { type: 'lamp', assetCode: 'ld-0231' })).toBe(k('facility', 'b', { type: 'lamp', assetCode: 'LD-0231 ' }));
    expect(k('facility', 'a', { type: 'lamp', location: '北门 车行道' })).toBe(k('facility', 'b', { type: 'lamp', location: '北门车行道' }));
    expect(k('event', '6栋', { category: 'hazard' }, '2026-11-01')).not.toBe(k('event', '6栋', { category: 'hazard' }, '2026-11-02'));
  });
});

describe('duplicate matching', () => {
  it('prefers a known entry over pending records, and the oldest pending other than itself', () => {
    expect(pickMatch(5, [], [{ source: 'pending', id: 5, label: '' }])).toBeNull();
    expect(pickMatch(9, [], [{ source: 'pending', id: 7, label: '' }, { source: 'pending', id: 3, label: '' }])?.id).toBe(3);
    expect(pickMatch(9, [{ source: 'known', id: 40, label: 'k' }], [{ source: 'pending', id: 3, label: '' }])).toMatchObject({ source: 'known', id: 40 });
  });

  it('an index finds every added key and nothing else (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 50 }), fc.string({ minLength: 1, maxLength: 12 }), (keys, probe) => {
        const idx = new KeyIndex();
        keys.forEach((k, i) => idx.addKnown(k, { id: i + 1, label: k }));
        const hit = idx.check(probe);
        if (keys.includes(probe)) expect(hit).toMatchObject({ source: 'known', id: keys.indexOf(probe) + 1 });
        else expect(hit).toBeNull();
        expect(idx.addKnown(keys[0] ?? probe, { id: 0, label: '' })).toBe(keys.length === 0 ? true : false);
      })
    );
  });
});
