// Kiosk devices: enrolled by a one-time pairing code, then known by a device token stored hashed.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { principalKey, type KioskPrincipal, type StaffPrincipal } from '../../domain/roles';
import { secondsUntil, type Limit } from '../../domain/throttle';
import { appendAccess } from '../repositories/access-log.repository';
import * as kiosks from '../repositories/kiosk.repository';
import * as throttle from '../repositories/throttle.repository';
import { pointPlace } from '../repositories/org.repository';
import type { Core } from '../runtime/core';
import { Int4Id, storable } from './case.inputs';
import { newToken, sha256 } from './password';
import { requireAdmin } from './actor';
import { transact } from './uow';

export const PairInput = z.object({ code: z.string().trim().regex(/^\d{8}$/) });
const PAIRING_TTL_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 30_000;
/** Wrong pairing codes in a streak before a lock (doubling from a second to a quarter hour): per client, and in all. */
const PAIR_CLIENT: Limit = { free: 10, maxMs: 15 * 60_000 };
const PAIR_DOOR: Limit = { free: 100, maxMs: 15 * 60_000 };
const PAIR_ALL = 'pair:all';

export interface ResolvedKiosk {
  principal: KioskPrincipal;
  label: string;
  /** this request was the first with a rotated token: the old token is now dead, end its live connections */
  rotated?: boolean;
}

export function createKioskService(core: Core) {
  const { db } = core;

  async function create(by: StaffPrincipal, raw: { pointId: number; label: string }) {
    requireAdmin(by);
    const input = z.object({ pointId: Int4Id, label: z.string().trim().min(1).max(80).refine(storable) }).parse(raw);
    const place = await pointPlace(db, input.pointId);
    if (!place || place.streetId !== by.streetId) throw new AppError('NOT_FOUND');
    return kiosks.insertKiosk(db, input);
  }

  async function issuePairingCode(by: StaffPrincipal, rawId: number, ttlMs = PAIRING_TTL_MS) {
    requireAdmin(by);
    const kioskId = Int4Id.parse(rawId);
    const k = await kiosks.findKioskById(db, kioskId);
    if (!k || k.streetId !== by.streetId) throw new AppError('NOT_FOUND');
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const expiresAt = new Date(core.now().getTime() + ttlMs);
    await kiosks.setPairingCode(db, kioskId, sha256(code), expiresAt);
    // Named, so whoever sets up several kiosks types each code into the screen it was made for.
    return { code, expiresAt, kiosk: { id: kioskId, label: k.kiosk.label } };
  }

  /**
   * Eight digits are guessable at a request's pace: every attempt is counted against its client before the
   * code is tried, and every wrong code against the whole pairing door too (so many clients do not add up to
   * more guesses).
   */
  async function pair(raw: unknown, ip: string) {
    const { code } = PairInput.parse(raw);
    const now = core.now();
    const client = `pair-ip:${ip}`;
    const until = await transact(core, 'kiosk-pair', (tx) => throttle.reserve(tx, { key: client, limit: PAIR_CLIENT }, [PAIR_ALL], now));
    if (until) throw new AppError('RATE_LIMITED', { retryAfterSeconds: secondsUntil(until, now) });
    const token = newToken();
    const id = await kiosks.redeemPairingCode(db, sha256(code), sha256(token), now);
    if (id === undefined) {
      await throttle.recordMiss(db, [{ key: PAIR_ALL, limit: PAIR_DOOR }], now);
      throw new AppError('PAIRING_INVALID');
    }
    await throttle.clear(db, client);
    const k = (await kiosks.findKioskById(db, id))!;
    core.log.info({ kioskId: id }, 'kiosk enrolled');
    return { token, kiosk: { id, pointId: k.pointId, label: k.kiosk.label } };
  }

  /** Checked on every request and handshake, so a revoked kiosk stops at its next one. */
  async function resolve(token: string | undefined): Promise<ResolvedKiosk> {
    if (!token) throw new AppError('UNAUTHENTICATED');
    const hash = sha256(token);
    const k = await kiosks.findKioskByToken(db, hash);
    if (!k) throw new AppError('DEVICE_REVOKED');
    const now = core.now();
    // First use of a rotated token: it becomes the token and the old one stops working (one statement).
    let rotated = k.kiosk.nextTokenHash === hash;
    if (rotated && !(await kiosks.promoteNextToken(db, k.kiosk.id, hash, now))) {
      // A concurrent request with the same new token promoted it first: fine; anything else is not.
      if ((await kiosks.findKioskByToken(db, hash))?.kiosk.tokenHash !== hash) throw new AppError('DEVICE_REVOKED');
      rotated = false;
    }
    if (rotated) core.log.info({ kioskId: k.kiosk.id }, 'kiosk token rotated: the old token is revoked');
    if (!k.kiosk.lastSeenAt || now.getTime() - k.kiosk.lastSeenAt.getTime() > TOUCH_EVERY_MS) await kiosks.touchKiosk(db, k.kiosk.id, now);
    return {
      principal: { kind: 'kiosk', kioskId: k.kiosk.id, pointId: k.pointId, communityId: k.communityId, streetId: k.streetId },
      label: k.kiosk.label,
      ...(rotated ? { rotated } : {})
    };
  }

  /**
   * The kiosk asks for a new token with its current one. Two steps, so a lost answer never strands the
   * device: the new token is offered now and becomes the token at its first use, which ends the old one
   * (resolve). Until then the old token still works and may ask again (the offer is replaced). Logged in
   * the append-only access log.
   */
  async function rotateToken(k: KioskPrincipal, token: string, ctx: { ip?: string | null; requestId?: string | null }) {
    const next = newToken();
    if (!(await kiosks.offerNextToken(db, k.kioskId, sha256(token), sha256(next)))) throw new AppError('DEVICE_REVOKED');
    await appendAccess(db, { actor: principalKey(k), action: 'rotate_token', subjectType: 'kiosk', subjectId: String(k.kioskId), fields: [], ip: ctx.ip, requestId: ctx.requestId });
    core.log.info({ kioskId: k.kioskId }, 'kiosk token rotation offered');
    return { token: next };
  }

  /** The kiosk's periodic "I am here": always stamps last_seen_at (resolve does it at most every 30 s). */
  async function heartbeat(k: KioskPrincipal) {
    const now = core.now();
    await kiosks.touchKiosk(db, k.kioskId, now);
    return { serverTime: now.toISOString(), pointId: k.pointId };
  }

  async function revoke(by: StaffPrincipal, rawId: number): Promise<void> {
    requireAdmin(by);
    const kioskId = Int4Id.parse(rawId);
    const k = await kiosks.findKioskById(db, kioskId);
    if (!k || k.streetId !== by.streetId) throw new AppError('NOT_FOUND');
    await kiosks.revokeKiosk(db, kioskId, core.now());
  }

  async function list(by: StaffPrincipal) {
    requireAdmin(by);
    const now = core.now().getTime();
    return (await kiosks.listKiosks(db, by.streetId)).map((k) => ({
      id: k.kiosk.id,
      pointId: k.pointId,
      label: k.kiosk.label,
      enrolled: !!k.kiosk.tokenHash,
      revoked: !!k.kiosk.revokedAt,
      lastSeenAt: k.kiosk.lastSeenAt?.toISOString() ?? null,
      tokenRotatedAt: k.kiosk.tokenRotatedAt?.toISOString() ?? null,
      online: !!k.kiosk.lastSeenAt && now - k.kiosk.lastSeenAt.getTime() < 2 * 60_000
    }));
  }

  return { create, issuePairingCode, pair, resolve, rotateToken, heartbeat, revoke, list };
}

export type KioskService = ReturnType<typeof createKioskService>;
