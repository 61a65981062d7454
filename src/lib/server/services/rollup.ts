// How case and grid changes move the dashboard's rollups. Called inside the changing transaction.
import { isTerminal, type CaseState } from '../../domain/case.machine';
import { shanghaiHour } from '../../domain/dashboard';
import { shanghaiDateKey } from '../../domain/sla';
import type { DbOrTx } from '../db/client';
import { bumpCaseDay, bumpCaseHour, bumpCaseState, bumpGridBacklog, bumpGridDay, caseStateSlot, type GridOutcome } from '../repositories/rollup.repository';

interface CaseFacts {
  id: number;
  pointId: number;
  itemId: number;
  channel: string;
  submittedAt: Date;
}

export async function rollCaseIntake(tx: DbOrTx, c: CaseFacts): Promise<void> {
  await bumpCaseDay(tx, { day: shanghaiDateKey(c.submittedAt), pointId: c.pointId, itemId: c.itemId, channel: c.channel }, { intake: 1 });
  await bumpCaseHour(tx, { day: shanghaiDateKey(c.submittedAt), hour: shanghaiHour(c.submittedAt), pointId: c.pointId, channel: c.channel }, 1);
  await bumpCaseState(tx, c.pointId, 'submitted', caseStateSlot(c.id), 1);
}

/** A transition from `from` to `to`; a reassignment carries the case's intake and state to `toPointId`. */
export async function rollCaseTransition(tx: DbOrTx, c: CaseFacts, from: CaseState, to: CaseState, now: Date, toPointId?: number): Promise<void> {
  const pointId = toPointId ?? c.pointId;
  if (from !== to || pointId !== c.pointId) {
    // Always lock the two counter rows in one global order, or opposite transitions deadlock. Both are in
    // the case's slot, so (point, state) order is the table's key order.
    const bumps = [
      { pointId: c.pointId, state: from as string, by: -1 },
      { pointId, state: to as string, by: 1 }
    ].sort((a, b) => a.pointId - b.pointId || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
    // Issued together, in that order: one round trip, the rows still locked in the global order.
    await Promise.all(bumps.map((b) => bumpCaseState(tx, b.pointId, b.state, caseStateSlot(c.id), b.by)));
  }
  const submittedDay = shanghaiDateKey(c.submittedAt);
  if (pointId !== c.pointId) {
    const moves = [
      { pointId: c.pointId, intake: -1 },
      { pointId, intake: 1 }
    ].sort((a, b) => a.pointId - b.pointId);
    for (const m of moves) await bumpCaseDay(tx, { day: submittedDay, pointId: m.pointId, itemId: c.itemId, channel: c.channel }, { intake: m.intake });
    const hour = shanghaiHour(c.submittedAt);
    for (const m of moves) await bumpCaseHour(tx, { day: submittedDay, hour, pointId: m.pointId, channel: c.channel }, m.intake);
  }
  if (isTerminal(to) && !isTerminal(from) && (to === 'delivered' || to === 'rejected')) {
    const minutes = Math.round((now.getTime() - c.submittedAt.getTime()) / 60_000);
    const d = to === 'delivered' ? { delivered: 1, turnaroundMin: minutes } : { rejected: 1 };
    await bumpCaseDay(tx, { day: shanghaiDateKey(now), pointId, itemId: c.itemId, channel: c.channel }, d);
  }
}

interface RecordFacts {
  propertyId: number;
  companyId: number;
  communityId: number;
  kind: string;
}

const COUNTED = new Set<string>(['verified_new', 'verified_known', 'rejected']);
/** Waiting for verification: the backlog the street watches. */
const WAITING = new Set<string>(['pending', 'needs_visit']);

export async function rollGridFiled(tx: DbOrTx, r: RecordFacts, at: Date): Promise<void> {
  await bumpGridDay(tx, { ...r, day: shanghaiDateKey(at) }, 'filed', 1);
  await bumpGridBacklog(tx, pick(r), 1);
}

/** A decision (or the street's correction) moves the record from its old counted outcome to the new one. */
export async function rollGridDecided(tx: DbOrTx, r: RecordFacts & { state: string; decidedAt: Date | null }, to: string, at: Date): Promise<void> {
  if (COUNTED.has(r.state) && r.decidedAt) await bumpGridDay(tx, { ...pick(r), day: shanghaiDateKey(r.decidedAt) }, r.state as GridOutcome, -1);
  if (COUNTED.has(to)) await bumpGridDay(tx, { ...pick(r), day: shanghaiDateKey(at) }, to as GridOutcome, 1);
  const waitingBy = Number(WAITING.has(to)) - Number(WAITING.has(r.state));
  if (waitingBy) await bumpGridBacklog(tx, pick(r), waitingBy);
}

const pick = (r: RecordFacts) => ({ propertyId: r.propertyId, companyId: r.companyId, communityId: r.communityId, kind: r.kind });
