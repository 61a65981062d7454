// Check digits of the two identity numbers the product takes: the citizen ID number (公民身份号码,
// GB 11643-1999: ISO 7064 MOD 11-2) and the unified social credit code (统一社会信用代码, GB 32100-2015:
// MOD 31 over its own alphabet). Both catch every single mistyped character and every swap of two
// neighbours, which is most of what goes wrong at a keypad or when copying from a photocopy.

export type IdProblem = 'invalid_format' | 'birth_date' | 'check_digit';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The 18th character of an ID number whose first 17 digits are `body`. */
export function idCheckChar(body: string): string {
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(body[k]) * ID_WEIGHTS[k];
  return ID_CHECK[sum % 11];
}

/**
 * What is wrong with an ID number (null: nothing). `today` (YYYY-MM-DD) bounds the birth date; it defaults to
 * none, for callers that only check the digits. Lower-case x is taken as X.
 */
export function idNumberProblem(raw: string, today?: string): IdProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return 'invalid_format';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || birth < '1900-01-01' || (today && birth > today)) return 'birth_date';
  return idCheckChar(id) === id[17] ? null : 'check_digit';
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18th character of a credit code whose first 17 characters are `body` (all of the code's alphabet). */
export function creditCheckChar(body: string): string {
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += USCC_ALPHABET.indexOf(body[k]) * USCC_WEIGHTS[k];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** What is wrong with a unified social credit code (null: nothing). Lower case is taken as upper. */
export function creditCodeProblem(raw: string): Exclude<IdProblem, 'birth_date'> | null {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return 'invalid_format';
  return creditCheckChar(code) === code[17] ? null : 'check_digit';
}

/**
 * A person's name as typed at a desk or a kiosk: letters of any script with their marks (〇 among them), and the
 * separators names carry — the 间隔号 of 阿依古丽·买买提 in its forms (· ・ • ‧ ．), the Tibetan tsheg (་), a space,
 * a hyphen, an apostrophe, a full stop — starting with a letter. Nothing invisible (zero-width or direction
 * controls), no control characters, digits or emoji: a name made of those reads as nothing, or as something
 * else, on every list it appears in. An ideographic or no-break space is taken as a space (`personName`).
 */
export function personNameProblem(name: string): 'invalid_format' | null {
  return /^\p{L}[\p{L}\p{M}\p{Nl}·・•‧．.'’\-－\u0F0B ]*$/u.test(personName(name)) ? null : 'invalid_format';
}

/** A name as stored: an ideographic (U+3000) or no-break space pasted from a document is a plain space. */
export function personName(name: string): string {
  return name.replace(/[\u3000\u00A0]/g, ' ').trim();
}

/** Free text that must not hide anything: no control characters, nothing invisible, at least one letter or digit. */
export function printableProblem(text: string): 'invalid_format' | null {
  return /[\p{Cc}\p{Cf}]/u.test(text) || !/[\p{L}\p{N}]/u.test(text) ? 'invalid_format' : null;
}
