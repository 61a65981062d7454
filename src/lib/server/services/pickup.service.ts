// Residents at the kiosk: look up a ready case with its pickup code and say when they will come.
// Wrong codes are counted per case (locks the case) and per device (locks the kiosk's attempts).
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { maskName } from '../../domain/mask';
import { principalKey, scopesOfPoint, type KioskPrincipal } from '../../domain/roles';
import { dateTime } from '../../kit/time';
import type { Tx } from '../db/client';
import * as cases from '../repositories/case.repository';
import * as throttle from '../repositories/throttle.repository';
import type { Core } from '../runtime/core';
import { secondsUntil } from '../../domain/throttle';
import { checkPickupCode, PICKUP_LOCK_MS, PICKUP_MAX_FAILURES } from './pickup.rules';
import { SaneDate } from './case.inputs';
import { actorName } from './actor';
import { device } from './case.rules';
import { transact, type Emit } from './uow';

export const PickupInput = z.object({
  caseNo: z.string().trim().regex(/^D\d{8}-\d{6,}$/),
  code: z.string().regex(/^\d{6}$/),
  plannedAt: SaneDate.optional()
});

const DEVICE_MAX_FAILURES = 20;

/**
 * The time a resident said they will come reaches the desk: a step on the case's timeline (with the time, in
 * China time) and a board event, so the point's board shows it on the card without a reload.
 */
async function planned(tx: Tx, emit: Emit, k: KioskPrincipal, r: cases.CaseWithPlace, at: Date, now: Date): Promise<void> {
  const by = actorName({ principal: k });
  const step = { action: 'plan_pickup', from: 'ready_for_pickup', to: 'ready_for_pickup' } as const;
  await cases.insertTransition(tx, { caseId: r.c.id, action: step.action, fromState: step.from, toState: step.to, actor: principalKey(k), actorName: by, device: device(k), note: dateTime('zh', at.toISOString()), at: now });
  emit('case.updated.v1', scopesOfPoint({ ...r, pointId: r.c.pointId }), { caseId: r.c.id, caseNo: r.c.caseNo, pointId: r.c.pointId, ...step, by });
}

export function createPickupService(core: Core) {
  async function check(k: KioskPrincipal, raw: unknown) {
    const input = PickupInput.parse(raw);
    const now = core.now();
    const deviceKey = `pickup-device:${k.kioskId}`;
    const paused = await throttle.lockedUntil(core.db, [deviceKey], now);
    if (paused) throw new AppError('RATE_LIMITED', { retryAfterSeconds: secondsUntil(paused, now) });
    // The failure count must survive the refusal, so it is written in its own transaction.
    const outcome = await transact(core, principalKey(k), async (tx, emit) => {
      const r = await cases.findCaseByNo(tx, input.caseNo, true);
      if (!r || r.c.pointId !== k.pointId || r.c.state !== 'ready_for_pickup') return { ok: false as const, r };
      if (checkPickupCode(r.c, input.code, now)) {
        await cases.updateCase(tx, r.c.id, { pickupFailures: 0, pickupLockedUntil: null, ...(input.plannedAt ? { pickupPlannedAt: input.plannedAt } : {}) }, false);
        if (input.plannedAt) await planned(tx, emit, k, r, input.plannedAt, now);
        return { ok: true as const, r };
      }
      // A lock that has run out starts a fresh count.
      const expired = !!r.c.pickupLockedUntil && r.c.pickupLockedUntil <= now;
      const failures = (expired ? 0 : r.c.pickupFailures) + 1;
      await cases.updateCase(tx, r.c.id, { pickupFailures: failures, ...(failures >= PICKUP_MAX_FAILURES ? { pickupLockedUntil: new Date(now.getTime() + PICKUP_LOCK_MS) } : {}) }, false);
      return { ok: false as const, r, left: PICKUP_MAX_FAILURES - failures };
    });
    if (!outcome.ok) {
      await throttle.recordMiss(core.db, [{ key: deviceKey, limit: { free: DEVICE_MAX_FAILURES, fixedMs: PICKUP_LOCK_MS } }], now);
      // A ready case's wrong code says how many tries are left, and the last one says the pause has begun.
      // That tells nobody more than the lobby's pickup board already shows: this number is ready here.
      if (outcome.left === undefined) throw new AppError('NOT_FOUND');
      throw outcome.left > 0 ? new AppError('NOT_FOUND', { attemptsLeft: outcome.left }) : new AppError('RATE_LIMITED', { retryAfterSeconds: PICKUP_LOCK_MS / 1000 });
    }
    const r = outcome.r;
    return {
      caseNo: r.c.caseNo,
      applicant: maskName(r.c.applicantName),
      item: { zh: r.itemNameZh, en: r.itemNameEn },
      point: { zh: r.pointNameZh, en: r.pointNameEn },
      plannedAt: (input.plannedAt ?? r.c.pickupPlannedAt)?.toISOString() ?? null
    };
  }
  return { check };
}

export type PickupService = ReturnType<typeof createPickupService>;
