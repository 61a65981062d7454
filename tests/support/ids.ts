// ID numbers and credit codes for tests: valid (a real birth date, the GB 11643 check digit), unique per process and call,
// and invented — the area code carries the process id, the birth date the call's count.
import { creditCheckChar, idCheckChar } from '../../src/lib/domain/identity';

let calls = 0;

/** The ID number made of these 17 digits and their check character. */
export const withCheck = (body: string): string => body + idCheckChar(body);

/** The credit code made of these 17 characters and their check character. */
export const withCreditCheck = (body: string): string => body + creditCheckChar(body);

/** A valid ID number no other call of this process returns, and no other process at the same time. */
export function uniqueIdNumber(): string {
  const pid = String(process.pid % 10_000_000).padStart(7, '0');
  const born = new Date(Date.UTC(1950, 0, 1) + ++calls * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return withCheck(`44${pid.slice(0, 4)}${born}${pid.slice(4)}`);
}

/** A number written in Chinese digits (12 → 一二): unique name parts, since a person's name holds no digits. */
export const hanDigits = (n: number): string => String(n).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]);
