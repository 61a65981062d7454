// Pickup codes: six digits, stored hashed, good for one delivery; guessing locks the case for a while.
import { randomInt } from 'node:crypto';
import { AppError } from '../../protocol/errors';
import { secondsUntil } from '../../domain/throttle';
import type { CaseRow } from '../repositories/case.repository';
import { sha256 } from './password';

export const PICKUP_MAX_FAILURES = 5;
export const PICKUP_LOCK_MS = 15 * 60_000;

export function issuePickupCode(): { plain: string; hash: string } {
  const plain = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return { plain, hash: hashPickupCode(plain) };
}

export function hashPickupCode(code: string): string {
  return sha256(`pickup:${code}`);
}

/** Throws RATE_LIMITED while locked, VALIDATION on a wrong code. The caller counts the failure. */
export function checkPickupCode(c: Pick<CaseRow, 'pickupCodeHash' | 'pickupLockedUntil'>, code: string | undefined, now: Date): boolean {
  if (c.pickupLockedUntil && c.pickupLockedUntil > now) throw new AppError('RATE_LIMITED', { retryAfterSeconds: secondsUntil(c.pickupLockedUntil, now) });
  return !!code && !!c.pickupCodeHash && hashPickupCode(code) === c.pickupCodeHash;
}

/** At the desk: a wrong code refuses the delivery (the failure is counted by the kiosk path only). */
export function verifyPickupCode(c: CaseRow, code: string | undefined, now: Date): void {
  if (!checkPickupCode(c, code, now)) throw new AppError('VALIDATION', [{ path: 'identityCheck.code', code: 'mismatch' }]);
}
