// Which board rooms a principal may watch, and gap-free catch-up from the event table.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import type { BoardEvent, EventType, SubscribeResult } from '../../protocol/events';
import { maskSurname } from '../../domain/mask';
import { homeScope, type Principal } from '../../domain/roles';
import { eventsForScope, recentForScope, type StoredEvent } from '../repositories/event.repository';
import { communityStreet, pointPlace } from '../repositories/org.repository';
import type { Core } from '../runtime/core';

export const ScopeString = z.string().regex(/^(street|community|point|kiosk):\d{1,9}$/);
export const SubscribeInput = z.object({
  scope: ScopeString,
  since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()
});

/** Further behind than this, a client reloads the board instead of replaying events. */
const MAX_REPLAY = 2000;

export function createBoardService(core: Core) {
  const { db } = core;

  async function canWatch(p: Principal, scope: string): Promise<boolean> {
    const [kind, idText] = scope.split(':');
    const id = Number(idText);
    if (scope === homeScope(p)) return true;
    if (p.kind === 'kiosk' || p.role === 'agent') return false;
    if (kind === 'community') {
      if (p.role === 'verifier') return false;
      return (await communityStreet(db, id)) === p.streetId;
    }
    if (kind === 'point') {
      const place = await pointPlace(db, id);
      if (!place) return false;
      return p.role === 'verifier' ? place.communityId === p.communityId : place.streetId === p.streetId;
    }
    return false;
  }

  async function authorize(p: Principal, scope: string): Promise<void> {
    if (!(await canWatch(p, scope))) throw new AppError('FORBIDDEN');
  }

  /**
   * Events after `since` up to the dispatcher's high-water mark, read from the table. The caller joins
   * the room first and captures `hw` in the same tick: live events then start right after it.
   */
  async function replay(scope: string, since: number | undefined, hw: number): Promise<SubscribeResult> {
    if (since === undefined || since >= hw) return { scope, hw, events: [], resync: false };
    const rows = await eventsForScope(db, scope, since, hw, MAX_REPLAY + 1);
    if (rows.length > MAX_REPLAY) return { scope, hw, events: [], resync: true };
    return { scope, hw, events: rows.map(toWire), resync: false };
  }

  async function recent(p: Principal, scope: string, limit = 50): Promise<BoardEvent[]> {
    await authorize(p, scope);
    return (await recentForScope(db, scope, limit)).map(toWire);
  }

  return { canWatch, authorize, replay, recent };
}

export type BoardService = ReturnType<typeof createBoardService>;

export function toWire(e: StoredEvent): BoardEvent {
  return { seq: e.seq, type: e.type as EventType, payload: lobbySafe(e.type, e.payload) as BoardEvent['payload'], at: e.createdAt.toISOString() };
}

/**
 * A pickup notice goes to the lobby's kiosk: the surname only (张**), as on the pickup board. Events stored
 * before this rule carried the name with its last character (吴*燕); they leave masked the same way.
 */
function lobbySafe(type: string, payload: unknown): unknown {
  if (type !== 'pickup.ready.v1') return payload;
  const p = payload as { applicant: string };
  return { ...p, applicant: maskSurname(p.applicant) };
}
