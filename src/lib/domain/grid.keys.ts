// Normalised duplicate keys: two reports of the same person, unit, business or lamp must get the same
// key however they were typed (full-width digits, 栋/幢/座, spaces). An ID number never enters a key
// in the clear: the caller supplies a keyed hash (HMAC with the server's PII key), so the register
// and the key index hold nothing an attacker could reverse with a table of ID numbers.
import type { GridKind } from './grid.kinds';

export type KeyedHash = (s: string) => string;

/** NFKC folds full-width letters and digits; lower-case; drop whitespace and common punctuation. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000·・,，.。、;；:：'"“”‘’()（）【】[\]]+/g, '');
}

/**
 * "3栋 2单元 1201室", "３幢2-1201", "3座2单元1201房" → "3#2-1201". Building words become '#', unit
 * (单元) words become '-', room words vanish; separators collapse.
 */
export function normaliseUnit(unit: string): string {
  return normaliseText(unit)
    .replace(/(栋|幢|座|号楼|棟|楼栋|bldg|building)/g, '#')
    .replace(/(单元|單元)/g, '-')
    .replace(/(室|房|号|號|room|rm)/g, '')
    .replace(/[—–_/\\]+/g, '-')
    .replace(/#-|-#/g, '#')
    .replace(/-+/g, '-')
    .replace(/#+/g, '#')
    .replace(/^[-#]+|[-#]+$/g, '');
}

/** 18-character unified social credit code: upper case, no separators. */
export function normaliseCreditCode(c: string): string {
  return normaliseText(c).toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function normaliseIdNumber(id: string): string {
  return normaliseText(id).toUpperCase().replace(/[^0-9X]/g, '');
}

export interface KeyInput {
  kind: GridKind;
  propertyId: number;
  unit: string;
  observedOn?: string;
  fields: Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** The key a record (or a register row) is compared by. Same community + kind + key = same thing. */
export function matchKey(r: KeyInput, hash: KeyedHash): string {
  const place = `${r.propertyId}/${normaliseUnit(r.unit)}`;
  switch (r.kind) {
    case 'population': {
      // A resident the register lists who has moved out is news to the community, not what it knows: a
      // move-out is its own fact (the register and 迁入 / 户内变动 reports say who lives there).
      const fact = str(r.fields.change) === 'move_out' ? 'pop-out' : 'pop';
      return `${fact}:${hash(`id:${normaliseIdNumber(str(r.fields.idNumber))}`)}@${place}`;
    }
    case 'rentalHousing':
      return `rent:${place}`;
    case 'legalEntity':
      return `le:${normaliseCreditCode(str(r.fields.creditCode))}`;
    case 'facility': {
      const code = normaliseText(str(r.fields.assetCode)).toUpperCase();
      return code ? `fac:${str(r.fields.type)}:${code}` : `fac:${str(r.fields.type)}@${r.propertyId}/${normaliseText(str(r.fields.location))}`;
    }
    case 'event':
      return `evt:${str(r.fields.category)}@${place}:${str(r.observedOn)}`;
  }
}
