// What every path that moves a case shares (one command at a time, case.service.ts, or a batch of them,
// case.batch.ts): who may see it, the state machine's verdict, and what the timeline and the boards are told.
import { AppError } from '../../protocol/errors';
import type { EventPayloads } from '../../protocol/events';
import { collectorRelationLabel, decide, type CaseFacts, type CaseState } from '../../domain/case.machine';
import { maskName } from '../../domain/mask';
import type { Principal } from '../../domain/roles';
import type { CaseWithPlace } from '../repositories/case.repository';
import type { Certification } from '../repositories/training.repository';
import { actorName, type Actor } from './actor';
import type { TransitionInput } from './case.inputs';

/** Object-level read rule: own point, own community, own street; kiosks read nothing by id. */
export function mayRead(p: Principal, r: CaseWithPlace): boolean {
  if (p.kind === 'kiosk') return false;
  switch (p.role) {
    case 'agent':
      return p.pointId === r.c.pointId;
    case 'verifier':
      return p.communityId === r.communityId;
    default:
      return p.streetId === r.streetId;
  }
}

/** A transition's idempotency identity: both paths claim keys under this name and hash this request, so a
 * retry that runs on the other path still finds its first answer (or its 409). */
export const TRANSITION = 'case.transition';
export const transitionRequest = (caseId: number, input: TransitionInput) => ({ caseId, ...input });

export const NO_CERTIFICATION: Certification = { certifiedUntil: null, pledgeSignedAt: null };

/** The state a transition leads to, or the error the caller gets. Someone who may not see the case learns nothing, not even that it exists. */
export function judge(p: Principal, found: CaseWithPlace | undefined, input: TransitionInput, cert: Certification, now: Date, more: Pick<CaseFacts, 'resubmitted'> = {}): { found: CaseWithPlace; to: CaseState } {
  if (!found || !mayRead(p, found)) throw new AppError('NOT_FOUND');
  const c = found.c;
  const facts = { state: c.state as CaseState, pointId: c.pointId, communityId: found.communityId, streetId: found.streetId, ...more };
  const d = decide(facts, input.action, { principal: p, ...cert, now }, input);
  if (!d.ok) throw new AppError(d.code, { reason: d.reason });
  if (input.version !== undefined && input.version !== c.version) throw new AppError('CONFLICT');
  return { found, to: d.to };
}

/**
 * 通知补材料 on a case the resident filed at a kiosk — dropped off, or an appointment or a home visit booked
 * there: they are not at the desk to hear it, so they are texted what to bring. A case taken in by the desk
 * is told in person. Such a step writes a message
 * besides the case, so it never rides in a batch (case.batch.ts).
 */
export function textsMissing(c: CaseWithPlace['c'], input: TransitionInput): boolean {
  return input.action === 'request_materials' && c.kioskId !== null;
}

/** 代领 on the timeline: the collector masked, their relation, and what the desk checked. */
export function collectorNote(by: NonNullable<TransitionInput['collector']>): string {
  return `代领：${maskName(by.name)}（${collectorRelationLabel[by.relation].zh}），已查验代领人身份证件和委托书`;
}

/** The timeline's note for a step: the reason, the note, the missing materials or the identity check's note. */
export function stepNote(input: TransitionInput): string | null {
  return input.reason ?? input.note ?? (input.missing ? input.missing.join('、') : null) ?? input.identityCheck?.note ?? null;
}

/** What the case's list of missing materials becomes: null when the step leaves it alone. */
export function missingAfter(input: TransitionInput): string[] | null {
  if (input.action === 'request_materials' || input.action === 'return_for_materials') return input.missing ?? [];
  return input.action === 'supply_materials' ? [] : null;
}

/** The materials handed in with 材料已补齐, to join the case's list; null when the step hands in none. */
export function givenNow(input: TransitionInput): string[] | null {
  return input.action === 'supply_materials' && input.materials?.length ? input.materials : null;
}

export function updatedPayload(c: CaseWithPlace['c'], to: CaseState, input: TransitionInput, actor: Actor, pointId = c.pointId): EventPayloads['case.updated.v1'] {
  return { caseId: c.id, caseNo: c.caseNo, pointId, from: c.state, to, action: input.action, by: actorName(actor) };
}

export function device(p: Principal): string {
  return p.kind === 'kiosk' ? `kiosk:${p.kioskId}` : 'desk';
}
