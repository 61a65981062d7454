// The verification board's commands: claim an item, let it go, decide a record. A decision is one
// transaction: the record's state, the register (verified = known), the incentive ledger row (only for a
// company not entrusted with the community when it filed: src/lib/domain/entrustment.ts), the
// claim consumed, and the event rows. The database, not this process, settles claim races.
import { AppError } from '../../protocol/errors';
import type { GridKind } from '../../domain/grid.kinds';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import { fundingAgreement } from '../../domain/entrustment';
import { ledgerMonth } from '../../domain/ledger';
import { shanghaiDateKey } from '../../domain/sla';
import { verifyRefusal, type Refusal } from '../../domain/verification';
import type { Tx } from '../db/client';
import { findCase } from '../repositories/case.repository';
import * as claims from '../repositories/claim.repository';
import * as grid from '../repositories/grid.repository';
import { liveIncentive, rateFor } from '../repositories/incentive.repository';
import { fundedAgreementsOf } from '../repositories/entrustment.repository';
import { appendEntry } from '../repositories/ledger.repository';
import { deleteKnownOfRecord, findKnown, insertKnown, labelColumns } from '../repositories/register.repository';
import type { Core } from '../runtime/core';
import { consumeClaim } from './claim.rules';
import { CLAIM_TTL_MS } from './grid.queries';
import { CorrectInput, DecideInput } from './grid.inputs';
import { recordScopes } from './grid.service';
import { knownLabel } from './grid.views';
import { command, transact } from './uow';
import { rollGridDecided } from './rollup';
import { requireStreet } from './actor';

const REFUSAL_CODE: Record<Refusal, 'NOT_FOUND' | 'FORBIDDEN' | 'ILLEGAL_TRANSITION'> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  SELF: 'FORBIDDEN',
  OWN_COMPANY: 'FORBIDDEN',
  CLOSED: 'ILLEGAL_TRANSITION'
};

function refuse(r: Refusal): never {
  // Reasons only where the caller may know the record exists (their own community's).
  if (r === 'NOT_FOUND' || r === 'FORBIDDEN') throw new AppError(REFUSAL_CODE[r]);
  throw new AppError(REFUSAL_CODE[r], { reason: r.toLowerCase() });
}

export function createVerificationService(core: Core) {
  async function recordFor(tx: Tx, p: StaffPrincipal, id: number, lock: boolean) {
    // Role first: whoever may not verify at all learns nothing about which ids exist.
    if (p.role !== 'verifier') throw new AppError('FORBIDDEN');
    const x = await grid.findRecord(tx, id, lock);
    if (!x) throw new AppError('NOT_FOUND');
    const r = verifyRefusal(p, x.r);
    if (r) refuse(r);
    return x;
  }

  /** Claims (or renews) a record or a case under review for `CLAIM_TTL_MS`. */
  async function claim(p: StaffPrincipal, name: string, subject: claims.Subject, id: number) {
    return transact(core, principalKey(p), async (tx, emit) => {
      let scopes: string[];
      let communityId: number;
      let caseNo: string | undefined;
      if (subject === 'record') {
        const x = await recordFor(tx, p, id, false);
        communityId = x.r.communityId;
        scopes = await recordScopes(tx, x.r, x.streetId);
      } else {
        const c = await findCase(tx, id);
        if (p.role !== 'verifier' || !c || c.communityId !== p.communityId) throw new AppError('NOT_FOUND');
        if (c.c.state !== 'in_review') throw new AppError('ILLEGAL_TRANSITION');
        communityId = c.communityId;
        caseNo = c.c.caseNo;
        scopes = [`street:${c.streetId}`, `community:${c.communityId}`];
      }
      const now = core.now();
      const row = await claims.claim(tx, { subjectType: subject, subjectId: id, communityId, holderId: p.userId, holderName: name, now, expiresAt: new Date(now.getTime() + CLAIM_TTL_MS) });
      if (!row) throw new AppError('CONFLICT', { reason: 'held_by_other' });
      const expiresAt = row.expiresAt.toISOString();
      emit('grid.claimed.v1', scopes, { subject, id, holderId: p.userId, holder: name, expiresAt, caseNo });
      return { subject, id, holder: { userId: p.userId, name, expiresAt } };
    });
  }

  async function release(p: StaffPrincipal, subject: claims.Subject, id: number) {
    return transact(core, principalKey(p), async (tx, emit) => {
      if (!(await claims.release(tx, subject, id, p.userId))) throw new AppError('NOT_FOUND');
      const caseNo = subject === 'case' ? (await findCase(tx, id))?.c.caseNo : undefined;
      emit('grid.claimed.v1', [`street:${p.streetId}`, `community:${p.communityId}`], { subject, id, holderId: null, holder: null, expiresAt: null, caseNo });
      return { subject, id, holder: null };
    });
  }

  async function decide(p: StaffPrincipal, name: string, id: number, key: string, raw: unknown) {
    const input = DecideInput.parse(raw);
    return command(core, { principal: principalKey(p), key, name: 'grid.decide', input: { id, ...input } }, async (tx, emit) => {
      const x = await recordFor(tx, p, id, true);
      const r = x.r;
      if (input.version !== undefined && input.version !== r.version) throw new AppError('CONFLICT');
      const now = core.now();
      // Deciding needs your own live claim: an abandoned claim that expired is anyone's again.
      await consumeClaim(tx, 'record', id, p.userId, now);
      const kind = r.kind as GridKind;
      let incentiveFen = 0;
      if (input.outcome === 'verified_new') {
        const known = await findKnown(tx, r.communityId, kind, r.matchKey);
        if (known) throw new AppError('CONFLICT', { reason: 'already_known', match: known });
      }
      if (input.outcome === 'verified_new' || input.outcome === 'verified_known') {
        await insertKnown(tx, [{ communityId: r.communityId, kind, matchKey: r.matchKey, ...labelColumns(knownLabel(kind, { zh: x.propertyNameZh, en: x.propertyNameEn }, r.unit, r.fields)), source: 'verified', sourceRecordId: id, createdAt: now }]);
      }
      let fundedBy: { agreementId: number; kind: string; title: string } | null = null;
      if (input.outcome === 'verified_new') {
        // Filed while its company was entrusted with the community: the agreement's graded funding pays for it.
        const a = fundingAgreement(await fundedAgreementsOf(tx, x.streetId, r.companyId), r.communityId, shanghaiDateKey(r.filedAt));
        fundedBy = a ? { agreementId: a.id, kind: a.kind, title: a.title } : null;
        const period = ledgerMonth(now);
        incentiveFen = a ? 0 : ((await rateFor(tx, x.streetId, kind, period)) ?? 0);
        // No rate set for the month means nothing is owed; a zero row would only be noise in the ledger.
        if (incentiveFen > 0) await appendEntry(tx, { kind: 'incentive', companyId: r.companyId, recordId: id, amountFen: incentiveFen, period, createdBy: principalKey(p) });
      }
      await rollGridDecided(tx, r, input.outcome, now);
      await grid.updateRecord(tx, id, { state: input.outcome, decidedBy: p.userId, decidedByName: name, decidedAt: now, reason: input.reason ?? null });
      emit('grid.decided.v1', await recordScopes(tx, r, x.streetId), { recordId: id, kind, outcome: input.outcome, by: name, companyId: r.companyId });
      return { recordId: id, state: input.outcome, incentiveFen, fundedBy, version: r.version + 1 };
    });
  }

  /**
   * The street corrects a wrong verified_new: the incentive is reversed (never edited) and the record
   * takes the right outcome. It cannot earn again: the partial unique index keeps it spent.
   */
  async function correct(p: StaffPrincipal, name: string, id: number, key: string, raw: unknown) {
    requireStreet(p);
    const input = CorrectInput.parse(raw);
    return command(core, { principal: principalKey(p), key, name: 'grid.correct', input: { id, ...input } }, async (tx, emit) => {
      const x = await grid.findRecord(tx, id, true);
      if (!x || x.streetId !== p.streetId) throw new AppError('NOT_FOUND');
      if (x.r.state !== 'verified_new') throw new AppError('ILLEGAL_TRANSITION');
      const e = await liveIncentive(tx, id);
      if (e) await appendEntry(tx, { ...e, id: undefined, amountFen: -e.amountFen, reversesId: e.id, reason: input.reason, createdBy: principalKey(p), createdAt: undefined });
      if (input.to === 'rejected') await deleteKnownOfRecord(tx, id);
      const at = core.now();
      await rollGridDecided(tx, x.r, input.to, at);
      await grid.updateRecord(tx, id, { state: input.to, reason: input.reason, decidedBy: p.userId, decidedByName: name, decidedAt: at });
      emit('grid.decided.v1', await recordScopes(tx, x.r, x.streetId), { recordId: id, kind: x.r.kind, outcome: input.to, by: name, companyId: x.r.companyId });
      return { recordId: id, state: input.to, reversedFen: e ? e.amountFen : 0 };
    });
  }

  return { claim, release, decide, correct };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
