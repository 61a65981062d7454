// Staff sign-in, sessions and their timeouts. Sessions live in the database so every process agrees.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import type { Role, StaffPrincipal } from '../../domain/roles';
import { secondsUntil, type Limit } from '../../domain/throttle';
import * as sessions from '../repositories/session.repository';
import * as staff from '../repositories/staff.repository';
import * as throttle from '../repositories/throttle.repository';
import type { Core } from '../runtime/core';
import { Int4Id, storable } from './case.inputs';
import { coalesced } from './group';
import { DUMMY_HASH, hashPassword, newToken, sha256, verifyPassword } from './password';
import { requireAdmin } from './actor';
import { transact } from './uow';

export const LoginInput = z.object({
  // A NUL would reach the throttle and staff tables (Postgres refuses it): a bad username, not a 500.
  username: z.string().trim().min(1).max(64).refine(storable),
  password: z.string().min(1).max(256)
});

export const PasswordChange = z.object({
  current: z.string().min(1).max(256),
  // Long rather than clever: 10+ characters, not all of one kind.
  next: z
    .string()
    .min(10)
    .max(256)
    .refine((s) => /\d/.test(s) && /\D/.test(s), 'mix letters and digits')
});

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: PublicUser;
}

export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface ResolvedSession {
  idHash: string;
  principal: StaffPrincipal;
  user: PublicUser;
  expiresAt: Date;
  /** 大屏: read-only (every door refuses its writes) and not ended for idling */
  display: boolean;
}

/** Five misses in a streak per account and per client, then a lock doubling from a second up to a quarter hour. */
const LOGIN: Limit = { free: 5, maxMs: 15 * 60_000 };
const TOUCH_EVERY_MS = 60_000;

export function createAuthService(core: Core) {
  const { db } = core;
  // Every signed-in request reads its session: those that arrive together share one statement (group.ts).
  // Each is still read after its request arrived, so a session ended before then is never taken as live.
  const sessionOf = coalesced(64, async (idHashes: string[]) => new Map((await sessions.findSessionsWithUser(db, idHashes)).map((r) => [r.session.idHash, r])));

  async function login(raw: unknown, ip: string, previousToken?: string): Promise<SignedIn> {
    const input = LoginInput.parse(raw);
    const now = core.now();
    const [account, client] = [`user:${input.username.toLowerCase()}`, `ip:${ip}`];
    // Counted against the account before scrypt runs: guesses sent all at once are checked no more often than in turn.
    const until = await transact(core, 'login', (tx) => throttle.reserve(tx, { key: account, limit: LOGIN }, [client], now));
    if (until) throw new AppError('RATE_LIMITED', { retryAfterSeconds: secondsUntil(until, now) });

    const user = await staff.findStaffByUsername(db, input.username);
    // Always run scrypt, so an unknown user and a wrong password cost the same time and say the same.
    const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabledAt) {
      await throttle.recordMiss(db, [{ key: client, limit: LOGIN }], now);
      throw new AppError('BAD_CREDENTIALS');
    }
    await throttle.clear(db, account);
    // Rotation: whatever session the browser came with is ended; the new id is fresh.
    if (previousToken) await sessions.deleteSession(db, sha256(previousToken));
    const token = newToken();
    const expiresAt = new Date(now.getTime() + core.config.sessionAbsoluteMs);
    await sessions.insertSession(db, { idHash: sha256(token), userId: user.id, expiresAt, now });
    core.log.info({ userId: user.id, role: user.role }, 'staff signed in');
    return { token, expiresAt, user: publicUser(user) };
  }

  /** The signed-in staff member behind a cookie, or an error naming why not. Refreshes the idle clock. */
  async function resolve(token: string | undefined): Promise<ResolvedSession> {
    if (!token) throw new AppError('UNAUTHENTICATED');
    const idHash = sha256(token);
    const found = await sessionOf(idHash);
    if (!found) throw new AppError('UNAUTHENTICATED');
    const now = core.now();
    const { session, user } = found;
    if (expired(session, now) || user.disabledAt || user.passwordChangedAt > session.createdAt) {
      await sessions.deleteSession(db, idHash);
      throw new AppError('SESSION_EXPIRED');
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await sessions.touchSession(db, idHash, now);
    return { idHash, principal: principalOf(user), user: publicUser(user), expiresAt: session.expiresAt, display: session.display };
  }

  /** A wall screen nobody touches is not idle: only its absolute expiry ends it. */
  function expired(s: sessions.SessionRow, now: Date): boolean {
    return s.expiresAt <= now || (!s.display && now.getTime() - s.lastSeenAt.getTime() > core.config.sessionIdleMs);
  }

  /**
   * 设为大屏: the street office's own session on a monitoring room's wall screen becomes read-only for the rest of
   * its life and is no longer ended for idling (its absolute expiry stands). Leaving it is signing out.
   */
  async function makeDisplay(token: string | undefined): Promise<{ display: true; expiresAt: Date }> {
    const s = await resolve(token);
    if (s.principal.role !== 'street' && s.principal.role !== 'admin') throw new AppError('FORBIDDEN');
    await sessions.markDisplay(db, s.idHash);
    return { display: true, expiresAt: s.expiresAt };
  }

  /** Of these sessions, the ones that have ended (logged out, timed out, user disabled). */
  async function ended(idHashes: string[]): Promise<string[]> {
    const rows = await sessions.findSessions(db, idHashes);
    const now = core.now();
    const live = new Set(rows.filter((s) => !expired(s, now)).map((s) => s.idHash));
    return idHashes.filter((h) => !live.has(h));
  }

  async function logout(token: string | undefined): Promise<string | null> {
    if (!token) return null;
    const idHash = sha256(token);
    return (await sessions.deleteSession(db, idHash)) ? idHash : null;
  }

  async function createStaff(input: { username: string; displayName: string; password: string; role: Role; streetId: number; communityId?: number | null; pointId?: number | null; companyId?: number | null }) {
    const { password, ...rest } = input;
    // The service clock, not the database's: sessions compare against it.
    return staff.insertStaff(db, { ...rest, passwordHash: await hashPassword(password), passwordChangedAt: core.now() });
  }

  /** Password change and disable both end every session of the account. */
  async function changePassword(userId: number, password: string): Promise<string[]> {
    await staff.updateStaff(db, userId, { passwordHash: await hashPassword(password), passwordChangedAt: core.now() });
    return sessions.deleteSessionsOfUser(db, userId);
  }

  /** A staff member changes their own password: the current one is required, every session ends. */
  async function changeOwnPassword(p: StaffPrincipal, raw: unknown): Promise<string[]> {
    const input = PasswordChange.parse(raw);
    const user = await staff.findStaffById(db, p.userId);
    if (!user || !(await verifyPassword(input.current, user.passwordHash))) throw new AppError('BAD_CREDENTIALS');
    return changePassword(p.userId, input.next);
  }

  async function disable(userId: number): Promise<string[]> {
    await staff.updateStaff(db, userId, { disabledAt: core.now() });
    return sessions.deleteSessionsOfUser(db, userId);
  }

  /** An admin disables an account of their own street. */
  async function disableStaff(by: StaffPrincipal, rawId: number): Promise<string[]> {
    return disable((await streetAccount(by, rawId)).id);
  }

  /** Another account of the admin's street (their own changes on /account, with the current password). */
  async function streetAccount(by: StaffPrincipal, rawId: number) {
    requireAdmin(by);
    const u = await staff.findStaffById(db, Int4Id.parse(rawId));
    if (!u || u.streetId !== by.streetId) throw new AppError('NOT_FOUND');
    if (u.id === by.userId) throw new AppError('VALIDATION', [{ path: 'userId', code: 'self' }]);
    return u;
  }

  /** A forgotten password: the admin sets a first one again, handed over in person; every session of the person ends. */
  async function resetStaffPassword(by: StaffPrincipal, rawId: number, raw: unknown): Promise<string[]> {
    const { password } = z.object({ password: PasswordChange.shape.next }).parse(raw);
    const u = await streetAccount(by, rawId);
    return changePassword(u.id, password);
  }

  /** A disabled account in use again (a mistaken 停用, or someone back): they sign in with their password. */
  async function enableStaff(by: StaffPrincipal, rawId: number): Promise<void> {
    const u = await streetAccount(by, rawId);
    await staff.updateStaff(db, u.id, { disabledAt: null });
  }

  return { login, resolve, ended, logout, makeDisplay, createStaff, changePassword, changeOwnPassword, disable, disableStaff, resetStaffPassword, enableStaff };
}

export type AuthService = ReturnType<typeof createAuthService>;

function publicUser(u: staff.StaffRow): PublicUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role as Role };
}

export function principalOf(u: staff.StaffRow): StaffPrincipal {
  return { kind: 'staff', userId: u.id, role: u.role as Role, streetId: u.streetId, communityId: u.communityId, pointId: u.pointId, companyId: u.companyId };
}
