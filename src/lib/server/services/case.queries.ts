// Reads of cases. Everything is masked; `reveal` is the one full read, it names its reason and is logged first.
import { AppError } from '../../protocol/errors';
import { availableActions, caseStateLabel, type CaseAction, type CaseState } from '../../domain/case.machine';
import { last4, maskSurname } from '../../domain/mask';
import { principalKey, type KioskPrincipal, type Principal, type StaffPrincipal } from '../../domain/roles';
import { secondsUntil, type Limit } from '../../domain/throttle';
import { appendAccess } from '../repositories/access-log.repository';
import * as cases from '../repositories/case.repository';
import { pointPlace } from '../repositories/org.repository';
import { bookedTimes, bookingOfCase } from '../repositories/appointment.repository';
import * as throttle from '../repositories/throttle.repository';
import { certificationOf } from '../repositories/training.repository';
import type { Core } from '../runtime/core';
import { digitsOf, KIOSK_REF } from '../../domain/case-no';
import { mayRead } from './case.rules';
import { requireCertified } from './training.service';
import { toCard, toDetail, type CaseCard, type CaseDetail } from './case.views';
import { decryptOrRefuse, PURPOSE } from './pii.cipher';
import { revealReason } from './reveal.inputs';
import { transact } from './uow';

const BOARD_CLOSED_DAYS = 3;
/** Following a case guesses at most 4 digits: a case number and a kiosk each get a few misses per streak, then a quarter hour's pause. */
const TRACK_CASE: Limit = { free: 10, fixedMs: 15 * 60_000 };
const TRACK_DEVICE: Limit = { free: 20, fixedMs: 15 * 60_000 };

export interface RequestContext {
  ip?: string | null;
  requestId?: string | null;
}

export function createCaseQueries(core: Core) {
  const { db } = core;

  async function load(p: Principal, id: number): Promise<cases.CaseWithPlace> {
    const r = await cases.findCase(db, id);
    if (!r || !mayRead(p, r)) throw new AppError('NOT_FOUND');
    return r;
  }

  /** A kiosk's 临时编号 typed like a case number (D YYYYMMDD-NNNNNN): the applications it queued under it. */
  async function queuedOffline(typed: string): Promise<cases.CaseWithPlace[]> {
    const ref = digitsOf(typed);
    return /^D?\d{8}-?\d{6}$/.test(typed) && KIOSK_REF.test(ref) ? cases.findCasesByKioskRef(db, ref) : [];
  }

  return {
    /** The desk's kanban: the point's open cases and the ones closed in the last days. */
    async board(p: StaffPrincipal, pointId = p.pointId): Promise<CaseCard[]> {
      if (!pointId) throw new AppError('FORBIDDEN');
      // A point outside the caller's scope is refused outright (not answered with an empty board).
      if (pointId !== p.pointId) {
        const place = await pointPlace(db, pointId);
        const inScope = !!place && (p.role === 'verifier' ? place.communityId === p.communityId : p.role !== 'agent' && place.streetId === p.streetId);
        if (!inScope) throw new AppError('FORBIDDEN');
      }
      const now = core.now();
      const rows = await cases.casesOfPoint(db, pointId, new Date(now.getTime() - BOARD_CLOSED_DAYS * 86_400_000));
      const cards = rows.filter((r) => mayRead(p, r)).map((r) => toCard(r, now));
      // A booked case not yet taken in says on its card when the resident comes, or when someone goes.
      const waiting = cards.filter((c) => c.state === 'submitted' && (c.channel === 'appointment' || c.channel === 'home_visit'));
      const times = await bookedTimes(db, waiting.map((c) => c.id));
      for (const c of waiting) c.bookedAt = times.get(c.id)?.toISOString() ?? null;
      return cards;
    },

    async reviewQueue(p: StaffPrincipal): Promise<CaseCard[]> {
      if (p.role !== 'verifier' || !p.communityId) throw new AppError('FORBIDDEN');
      const now = core.now();
      return (await cases.casesInReview(db, p.communityId)).map((r) => toCard(r, now));
    },

    /** The case with its timeline and the actions this principal could take now (the buttons). */
    async detail(p: Principal, id: number): Promise<CaseDetail & { actions: CaseAction[] }> {
      const r = await load(p, id);
      const now = core.now();
      const cert = p.kind === 'staff' && p.role === 'agent' ? await certificationOf(db, p.userId) : { certifiedUntil: null, pledgeSignedAt: null };
      // Only a refused case, or one that starts a refused one again, has a 重新受理 link to look up.
      const links = r.c.state === 'rejected' || r.c.resubmittedFrom !== null ? await cases.resubmissionLinks(db, r.c) : { from: null, as: null };
      const facts = { state: r.c.state as CaseState, pointId: r.c.pointId, communityId: r.communityId, streetId: r.streetId, resubmitted: !!links.as };
      // Only a case booked at a kiosk or the desk for a time has one to show.
      const b = r.c.channel === 'appointment' || r.c.channel === 'home_visit' ? await bookingOfCase(db, id) : undefined;
      const booking = b ? { kind: b.kind, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), assignedTo: b.assignedTo } : null;
      return { ...toDetail(r, await cases.timeline(db, id), { resubmittedFrom: links.from, resubmittedAs: links.as, booking }, now), actions: availableActions(facts, { principal: p, ...cert, now }) };
    },

    async canRead(p: Principal, id: number): Promise<boolean> {
      const r = await cases.findCase(db, id);
      return !!r && mayRead(p, r);
    },

    /**
     * Full name, phone and ID number, for the roles that handle the papers: the point's agents and the
     * community's verifiers. Written to the append-only access log before it is returned.
     */
    async reveal(p: StaffPrincipal, id: number, ctx: RequestContext, raw: unknown) {
      const r = await load(p, id);
      if (p.role !== 'agent' && p.role !== 'verifier') throw new AppError('FORBIDDEN');
      const why = revealReason('case', raw);
      // The confidentiality pledge is what an agent signs before reading residents' full details.
      if (p.role === 'agent') await requireCertified(db, p.userId, core.now());
      // Decrypted before the log entry: a wrong or missing key answers KEY_UNAVAILABLE and reveals nothing.
      const idNumber = r.c.applicantIdCipher ? decryptOrRefuse(core, r.c.applicantIdCipher, PURPOSE.caseIdNumber) : r.c.applicantIdNumber;
      const fields = ['applicantName', 'applicantPhone', ...(idNumber ? ['applicantIdNumber'] : []), ...(r.c.address ? ['address'] : []), ...(r.c.collectorName ? ['collectorName'] : [])];
      await appendAccess(db, { actor: principalKey(p), action: 'reveal', subjectType: 'case', subjectId: String(id), fields, ip: ctx.ip, requestId: ctx.requestId, ...why });
      return { name: r.c.applicantName, phone: r.c.applicantPhone, idNumber, address: r.c.address, collectorName: r.c.collectorName };
    },

    /**
     * A resident follows a case with its number (or the 临时编号 a kiosk printed while it was offline, once the
     * application has reached the server) and the last four digits of the phone, at a kiosk of the
     * case's street. Misses are counted per device and per case number (throttle table), so nobody can
     * walk the 10,000 possible endings from one kiosk or spread over many.
     */
    async track(k: KioskPrincipal, caseNo: string, phoneLast4: string) {
      const now = core.now();
      const [perCase, device] = [`track-case:${caseNo}`, `track-device:${k.kioskId}`];
      // Counted against the case number before the phone is compared: tries sent at once get no more comparisons than tries in turn.
      const until = await transact(core, principalKey(k), (tx) => throttle.reserve(tx, { key: perCase, limit: TRACK_CASE }, [device], now));
      if (until) throw new AppError('RATE_LIMITED', { retryAfterSeconds: secondsUntil(until, now) });
      const found = [await cases.findCaseByNo(db, caseNo), ...(await queuedOffline(caseNo))];
      const r = found.find((x) => x && x.streetId === k.streetId && last4(x.c.applicantPhone) === phoneLast4);
      if (!r) {
        await throttle.recordMiss(db, [{ key: device, limit: TRACK_DEVICE }], now);
        throw new AppError('NOT_FOUND');
      }
      await throttle.clear(db, perCase);
      const state = r.c.state as CaseState;
      // A refusal started again at the desk (重新受理): the resident follows the new number from here.
      const again = state === 'rejected' ? await cases.resubmissionOf(db, r.c.id) : undefined;
      return { caseNo: r.c.caseNo, item: { zh: r.itemNameZh, en: r.itemNameEn }, state, stateLabel: caseStateLabel[state], dueAt: r.c.dueAt.toISOString(), missing: r.c.missing, rejectionReason: r.c.rejectionReason, resubmittedAs: again?.caseNo ?? null };
    },

    /**
     * The lobby's pickup board: case numbers and surnames only. Neighbours read it, so neither a given name
     * nor the item (a disability card, a low-income review) is on it; the item shows after the pickup code.
     */
    async pickupBoard(pointId: number) {
      return (await cases.readyForPickup(db, pointId)).map((r) => ({ caseNo: r.c.caseNo, applicant: maskSurname(r.c.applicantName) }));
    }
  };
}

export type CaseQueries = ReturnType<typeof createCaseQueries>;
