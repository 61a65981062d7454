// Case commands: intake and transitions. The state machine decides; this file applies the decision
// with its effects (pickup code, subsidy, notifications) in the same transaction as the event rows.
import { AppError } from '../../protocol/errors';
import { isTerminal, needsReviewClaim, type CaseState } from '../../domain/case.machine';
import { maskName, maskSurname } from '../../domain/mask';
import { principalKey, scopesOfPoint, type StaffPrincipal } from '../../domain/roles';
import { pauseChange } from '../../domain/sla';
import type { Tx } from '../db/client';
import { findItemByCode, findItemById } from '../repositories/catalogue.repository';
import * as cases from '../repositories/case.repository';
import { enqueue } from '../repositories/notification.repository';
import { pointPlace } from '../repositories/org.repository';
import { certificationOf } from '../repositories/training.repository';
import type { Core } from '../runtime/core';
import type { AppointmentService } from './appointment.service';
import { IntakeInput, TransitionInput } from './case.inputs';
import { openCase } from './case.open';
import { actorName, type Actor } from './actor';
import { consumeClaim } from './claim.rules';
import { issuePickupCode, verifyPickupCode } from './pickup.rules';
import { accrueSubsidy } from './subsidy.service';
import { rollCaseTransition } from './rollup';
import { requireCertified as requireCertifiedUser } from './training.service';
import { createCaseBatcher, BATCHED_ACTIONS } from './case.batch';
import { collectorNote, device, givenNow, judge, missingAfter, NO_CERTIFICATION, stepNote, textsMissing, TRANSITION, transitionRequest, updatedPayload } from './case.rules';
import { command, settleAll, type CommandResult } from './uow';
import { sealIdNumber } from './pii.cipher';

export interface Receipt {
  caseId: number;
  caseNo: string;
  state: CaseState;
  dueAt: string;
  item: { zh: string; en: string };
  applicant: string;
  slot: { startsAt: string; endsAt: string } | null;
}

export interface TransitionResult {
  caseId: number;
  caseNo: string;
  state: CaseState;
  version: number;
  /** shown once to the desk when a pickup notice is issued, so they can tell the resident */
  pickupCode?: string;
  /** 重新受理: the new case that starts the refused one again */
  resubmittedAs?: { caseId: number; caseNo: string };
}

export function createCaseService(core: Core, appointments: AppointmentService) {
  function sealedId(idNumber: string | undefined) {
    if (!idNumber) return { applicantIdCipher: null, applicantIdHash: null, applicantIdMasked: null };
    const s = sealIdNumber(core, idNumber);
    return { applicantIdCipher: s.cipher, applicantIdHash: s.hash, applicantIdMasked: s.masked };
  }

  async function intake(actor: Actor, key: string, raw: unknown): Promise<{ result: Receipt; replayed: boolean }> {
    const input = IntakeInput.parse(raw);
    const p = actor.principal;
    const pointId = p.kind === 'kiosk' ? p.pointId : p.role === 'agent' ? p.pointId : null;
    if (!pointId) throw new AppError('FORBIDDEN');
    if (p.kind === 'staff') await requireCertified(p);
    return command(core, { principal: principalKey(p), key, name: 'case.intake', input }, async (tx, emit, defer) => {
      const item = await findItemByCode(tx, input.itemCode);
      if (!item || !item.active) throw new AppError('NOT_FOUND');
      if (item.needsIdNumber && !input.applicant.idNumber) throw new AppError('VALIDATION', [{ path: 'applicant.idNumber', code: 'required' }]);
      if (input.channel === 'home_visit' && (!item.homeVisit || !input.address)) throw new AppError('VALIDATION', [{ path: 'address', code: 'required' }]);
      // The way a case came in is what the street's figures count by channel: a kiosk's are the lobby's, a desk's the counter's.
      if (input.channel === (p.kind === 'kiosk' ? 'desk' : 'kiosk')) throw new AppError('VALIDATION', [{ path: 'channel', code: 'invalid_value' }]);
      const place = (await pointPlace(tx, pointId))!;
      const now = core.now();
      const row = await openCase(tx, emit, defer, actor, { place, item, now }, {
        channel: input.channel,
        applicantName: input.applicant.name,
        applicantPhone: input.applicant.phone,
        // Encrypted at rest (pii.cipher.ts): the row holds ciphertext, a keyed hash and the mask, never the number.
        ...sealedId(input.applicant.idNumber),
        address: input.address ?? null,
        materialsProvided: input.materials,
        kioskId: p.kind === 'kiosk' ? p.kioskId : null,
        kioskRef: p.kind === 'kiosk' ? (input.kioskRef ?? null) : null
      });
      const slot = input.slotId
        ? await appointments.book(tx, { slotId: input.slotId, pointId, caseId: row.id, channel: input.channel, address: input.address ?? null, assignedUserId: p.kind === 'staff' ? p.userId : null, now })
        : null;
      // A kiosk's receipt can be lost, or was printed offline with only a provisional reference: the
      // resident gets the case number by text, which is what the 查询进度 door asks for.
      if (p.kind === 'kiosk') defer((tx) => enqueue(tx, { caseId: row.id, channel: 'sms', template: 'case_received', params: { caseNo: row.caseNo, item: item.nameZh } }));
      return {
        caseId: row.id,
        caseNo: row.caseNo,
        state: 'submitted' as const,
        dueAt: row.dueAt.toISOString(),
        item: { zh: item.nameZh, en: item.nameEn },
        applicant: maskName(row.applicantName),
        slot
      };
    });
  }

  /** The desk's everyday steps are committed in batches (case.batch.ts); the rest one command at a time. */
  const batch = createCaseBatcher(core, transitionAlone);

  async function transition(actor: Actor, caseId: number, key: string, raw: unknown): Promise<CommandResult<TransitionResult>> {
    const input = TransitionInput.parse(raw);
    return BATCHED_ACTIONS.has(input.action) ? batch(actor, caseId, key, input) : transitionAlone(actor, caseId, key, input);
  }

  async function transitionAlone(actor: Actor, caseId: number, key: string, input: TransitionInput): Promise<CommandResult<TransitionResult>> {
    const p = actor.principal;
    // The locked read and the agent's certification go out with the key claim (one round trip on Postgres).
    const read = (tx: Tx) =>
      settleAll([
        cases.findCase(tx, caseId, true),
        p.kind === 'staff' && p.role === 'agent' ? certificationOf(tx, p.userId) : Promise.resolve(NO_CERTIFICATION),
        input.action === 'resubmit' ? cases.resubmissionOf(tx, caseId) : Promise.resolve(undefined)
      ]);
    return command(core, { principal: principalKey(p), key, name: TRANSITION, input: transitionRequest(caseId, input) }, async (tx, emit, defer, [maybe, cert, again]) => {
      const now = core.now();
      const { found, to } = judge(p, maybe, input, cert, now, { resubmitted: !!again });
      const c = found.c;
      if (needsReviewClaim(input.action)) {
        if (p.kind !== 'staff') throw new AppError('FORBIDDEN');
        // A review decision consumes the verifier's own live claim on the case (verification board).
        await consumeClaim(tx, 'case', caseId, p.userId, now);
      }
      // A step that leaves a closed case closed (重新受理) keeps the day it closed: the dashboard counts by it.
      const patch: Partial<cases.NewCase> = { state: to, updatedAt: now, ...(isTerminal(to) && to !== c.state ? { closedAt: now } : {}), ...pauseChange({ ...c, state: c.state as CaseState }, to, now) };
      const out: TransitionResult = { caseId, caseNo: c.caseNo, state: to, version: c.version + 1 };
      let scopes = scopesOfPoint({ ...found, pointId: c.pointId });
      let note = stepNote(input);
      const missing = missingAfter(input);
      if (missing) patch.missing = missing;
      // What to bring, and where: for 退回补正, and for 通知补材料 when the resident filed at a kiosk.
      const textMissing = (template: 'materials_requested' | 'case_returned') =>
        defer((tx) => enqueue(tx, { caseId, channel: 'sms', template, params: { caseNo: c.caseNo, item: found.itemNameZh, missing: (input.missing ?? []).join('、'), point: found.pointNameZh } }));
      if (textsMissing(c, input)) textMissing('materials_requested');
      switch (input.action) {
        case 'reject':
          patch.rejectionReason = input.reason ?? null;
          // The resident hears the outcome and its reason, and where to collect the originals they handed in.
          defer((tx) => enqueue(tx, { caseId, channel: 'sms', template: 'case_rejected', params: { caseNo: c.caseNo, item: found.itemNameZh, reason: input.reason ?? '', point: found.pointNameZh } }));
          break;
        case 'supply_materials': {
          // Run alone only when the batch could not (case.batch.ts writes the same union in SQL).
          const given = givenNow(input);
          if (given) {
            const item = await findItemById(tx, c.itemId);
            patch.materialsProvided = [...new Set([...c.materialsProvided, ...given.filter((k) => item?.materials.some((m) => m.key === k))])].sort();
          }
          break;
        }
        case 'return_for_materials':
          // The resident is not at the desk when the community asks: they hear by text what to bring, and where.
          textMissing('case_returned');
          break;
        case 'cancel':
          await appointments.release(tx, caseId);
          break;
        case 'issue_pickup': {
          const code = issuePickupCode();
          patch.pickupCodeHash = code.hash;
          patch.pickupFailures = 0;
          out.pickupCode = code.plain;
          await notifyPickup(tx, found, code.plain);
          emit('pickup.ready.v1', [`kiosk:${c.pointId}`], { caseId, caseNo: c.caseNo, pointId: c.pointId, applicant: maskSurname(c.applicantName) });
          break;
        }
        case 'deliver':
          if (input.identityCheck?.method === 'pickup_code') verifyPickupCode(c, input.identityCheck.code, now);
          patch.pickupCodeHash = null;
          if (input.collector) {
            // 代领: the timeline names the collector masked; the full name is the case's, behind a logged reveal.
            patch.collectorName = input.collector.name;
            patch.collectorRelation = input.collector.relation;
            note = [note, collectorNote(input.collector)].filter(Boolean).join('；');
          }
          await accrueSubsidy(tx, found, principalKey(p), now);
          emit('pickup.cleared.v1', [`kiosk:${c.pointId}`], { caseId, caseNo: c.caseNo, pointId: c.pointId });
          break;
        case 'reassign': {
          const target = await pointPlace(tx, input.toPointId!);
          if (!target || target.streetId !== found.streetId) throw new AppError('NOT_FOUND');
          patch.pointId = target.pointId;
          // The resident was told where to go (a receipt, a text to bring materials): they hear where now.
          defer((tx) => enqueue(tx, { caseId, channel: 'sms', template: 'case_reassigned', params: { caseNo: c.caseNo, item: found.itemNameZh, point: target.pointNameZh } }));
          // The old point's slot is not the new point's: the resident is booked again there.
          await appointments.release(tx, caseId);
          scopes = [...new Set([...scopes, ...scopesOfPoint(target)])];
          break;
        }
        case 'resubmit': {
          // The same resident, item and point as a new case (the ID number copied sealed, never decrypted);
          // the materials are what the desk has in hand now.
          if (c.anonymisedAt) throw new AppError('ILLEGAL_TRANSITION', { reason: 'case_anonymised' });
          const item = await findItemById(tx, c.itemId);
          if (!item?.active) throw new AppError('ILLEGAL_TRANSITION', { reason: 'item_inactive' });
          const place = { pointId: c.pointId, communityId: found.communityId, streetId: found.streetId, companyId: found.companyId };
          const fresh = await openCase(tx, emit, defer, actor, { place, item, now, note: c.caseNo }, {
            channel: 'desk',
            applicantName: c.applicantName,
            applicantPhone: c.applicantPhone,
            applicantIdCipher: c.applicantIdCipher,
            applicantIdHash: c.applicantIdHash,
            applicantIdMasked: c.applicantIdMasked,
            address: c.address,
            materialsProvided: input.materials ?? [],
            resubmittedFrom: c.id
          });
          out.resubmittedAs = { caseId: fresh.id, caseNo: fresh.caseNo };
          note = fresh.caseNo;
          break;
        }
      }
      // Nothing below is read back in this transaction: sent with the event rows just before commit. The
      // counters last, so the contended per-point rows are held for as short a time as possible.
      defer((tx) => cases.updateCase(tx, caseId, patch));
      defer((tx) => cases.insertTransition(tx, { caseId, action: input.action, fromState: c.state, toState: to, actor: principalKey(p), actorName: actorName(actor), device: device(p), note, at: now }));
      defer((tx) => rollCaseTransition(tx, c, c.state as CaseState, to, now, patch.pointId));
      emit('case.updated.v1', scopes, updatedPayload(c, to, input, actor, patch.pointId));
      return out;
    }, read);
  }

  const requireCertified = (p: StaffPrincipal) => requireCertifiedUser(core.db, p.userId, core.now());

  async function notifyPickup(tx: Tx, found: cases.CaseWithPlace, code: string) {
    await enqueue(tx, { caseId: found.c.id, channel: 'sms', template: 'pickup_ready', params: { caseNo: found.c.caseNo, code, point: found.pointNameZh } });
  }

  return { intake, transition };
}

export type CaseService = ReturnType<typeof createCaseService>;
