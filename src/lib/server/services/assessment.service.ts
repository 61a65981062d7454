// Periodic assessments: a reproducible spot-check sample of the company's records, field results per
// sampled record, and a grade computed from accuracy, timeliness and coverage by the street's rules.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { fundingFen, gradeOf, isTimely, ratioBp, type GradeRule } from '../../domain/grading';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import { drawSample } from '../../domain/sample';
import { shanghaiDateKey } from '../../domain/sla';
import { ledgerMonth } from '../../domain/ledger';
import { verifyRefusal } from '../../domain/verification';
import type { DbOrTx, Tx } from '../db/client';
import * as ent from '../repositories/entrustment.repository';
import * as grid from '../repositories/grid.repository';
import { appendEntry, assessmentFundingRounds, liveAssessmentFunding } from '../repositories/ledger.repository';
import type { Core } from '../runtime/core';
import { command, transact } from './uow';
import { requireStreet } from './actor';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const AssessmentInput = z
  .object({
    agreementId: z.number().int().positive(),
    periodFrom: Day,
    periodTo: Day,
    sampleSize: z.number().int().min(1).max(500),
    /** omitted: the server draws one; given: an auditor re-running a sample */
    seed: z.string().trim().min(4).max(64).optional(),
    ruleSetId: z.number().int().positive().optional()
  })
  // A period ends on or after the day it starts (both inclusive): a reversed one would sample nothing.
  .refine((x) => x.periodFrom <= x.periodTo, { path: ['periodTo'], message: 'period_reversed' });
export const SpotCheckInput = z.object({ result: z.enum(['accurate', 'inaccurate']) });
export const RegradeInput = z.object({ reason: z.string().trim().min(1).max(200) });

const VERIFIED = ['verified_new', 'verified_known'];
/** filed and not yet decided by the community */
const WAITING = ['pending', 'needs_visit'];

export function createAssessmentService(core: Core) {
  const { db } = core;
  /** Inside a transaction pass `tx`: PGlite runs one connection, so a read on `db` there would wait forever. */
  async function agreementOf(p: StaffPrincipal, id: number, q: DbOrTx = db) {
    const a = await ent.findAgreement(q, id);
    if (!a || a.streetId !== p.streetId) throw new AppError('NOT_FOUND');
    if (p.role === 'verifier' && a.communityId !== p.communityId) throw new AppError('NOT_FOUND');
    return a;
  }

  async function open(p: StaffPrincipal, raw: unknown) {
    requireStreet(p);
    const input = AssessmentInput.parse(raw);
    const a = await agreementOf(p, input.agreementId);
    const rules = input.ruleSetId ? await ent.findRuleSet(db, input.ruleSetId) : await ent.latestRuleSet(db, p.streetId);
    if (!rules || rules.streetId !== p.streetId) throw new AppError('NOT_FOUND');
    // The agreement's term is what it pays for: a period outside it assesses work it never bought.
    if (input.periodFrom < String(a.startsOn) || input.periodTo > String(a.endsOn)) throw new AppError('VALIDATION', [{ path: 'periodFrom', code: 'outside_term' }]);
    const seed = input.seed ?? randomBytes(12).toString('base64url');
    return transact(core, principalKey(p), async (tx) => {
      // Each day of the term is assessed, and paid for, once: a period that shares a day with another is refused.
      const other = await ent.overlappingAssessment(tx, a.id, input.periodFrom, input.periodTo);
      if (other) throw new AppError('CONFLICT', { reason: 'period_overlaps', assessmentId: other.id, periodFrom: String(other.periodFrom), periodTo: String(other.periodTo) });
      const population = await ent.recordsInPeriod(tx, a.companyId, a.communityId, input.periodFrom, input.periodTo);
      // No records, nothing to sample and no grade ever: refused before an assessment exists to clutter the
      // street's list and the verifiers' board.
      if (population.length === 0) throw new AppError('CONFLICT', { reason: 'empty_sample' });
      const sample = drawSample(population.map((r) => r.id), input.sampleSize, seed);
      const row = await ent.insertAssessment(tx, { ...input, seed, ruleSetId: rules.id, sampleSize: sample.length, population: population.length, createdBy: p.userId, createdAt: core.now() });
      await ent.insertSpotChecks(tx, sample.map((recordId, position) => ({ assessmentId: row.id, recordId, position })));
      return { ...row, sample };
    });
  }

  async function get(p: StaffPrincipal, id: number) {
    if (p.role === 'agent') throw new AppError('FORBIDDEN');
    const x = await ent.findAssessment(db, id);
    if (!x) throw new AppError('NOT_FOUND');
    await agreementOf(p, x.agreementId);
    const rules = await ent.findRuleSet(db, x.ruleSetId);
    // What is being assessed, in words: the agreement and its company, not an id.
    const a = (await ent.agreementWithCompany(db, x.agreementId))!;
    const agreement = { id: a.a.id, title: a.a.title, company: { zh: a.companyZh, en: a.companyEn } };
    // What grading waits for besides the sample (compute's second refusal): the period's records the community has not decided.
    const undecided = x.state === 'graded' ? 0 : (await ent.recordsInPeriod(db, a.a.companyId, a.a.communityId, String(x.periodFrom), String(x.periodTo))).filter((r) => WAITING.includes(r.state)).length;
    return { assessment: x, agreement, spotChecks: await ent.spotChecksOf(db, id), gradeNames: gradeNamesOf(rules?.rules ?? []), undecided };
  }

  /** The grade names of each rule set the street's assessments were opened with (by rule-set id). */
  async function gradeNames(p: StaffPrincipal, ruleSetIds: readonly number[]) {
    requireStreet(p);
    const out: Record<number, { grade: string; zh: string; en: string }[]> = {};
    for (const rs of await ent.ruleSetsByIds(db, ruleSetIds)) if (rs.streetId === p.streetId) out[rs.id] = gradeNamesOf(rs.rules);
    return out;
  }

  /** A field result for one sampled record, by a verifier of its community who did not file it. */
  async function check(p: StaffPrincipal, name: string, spotCheckId: number, raw: unknown) {
    const { result } = SpotCheckInput.parse(raw);
    return transact(core, principalKey(p), async (tx) => {
      const sc = await ent.findSpotCheck(tx, spotCheckId);
      const x = sc && (await ent.findAssessment(tx, sc.assessmentId, true));
      const rec = sc && (await grid.findRecord(tx, sc.recordId));
      if (!sc || !x || !rec) throw new AppError('NOT_FOUND');
      const refusal = verifyRefusal(p, { ...rec.r, state: 'pending' });
      if (refusal) throw new AppError(refusal === 'NOT_FOUND' ? 'NOT_FOUND' : 'FORBIDDEN', { reason: refusal.toLowerCase() });
      if (x.state !== 'open') throw new AppError('ILLEGAL_TRANSITION');
      await ent.recordSpotCheck(tx, spotCheckId, { result, checkedBy: p.userId, checkedByName: name, checkedAt: core.now() });
      return { id: spotCheckId, result };
    });
  }

  /** The three scores, the grade and its funding from the sampled results and the period's records now. */
  async function compute(tx: Tx, x: ent.AssessmentRow, a: ent.AgreementRow) {
    const checks = await ent.spotChecksOf(tx, x.id);
    // Nothing sampled, nothing measured: accuracy would read 100 % and the grade would mean nothing.
    if (checks.length === 0) throw new AppError('CONFLICT', { reason: 'empty_sample' });
    if (checks.some((c) => !c.result)) throw new AppError('CONFLICT', { reason: 'unchecked_samples' });
    const rules = (await ent.findRuleSet(tx, x.ruleSetId))!;
    const records = await ent.recordsInPeriod(tx, a.companyId, a.communityId, String(x.periodFrom), String(x.periodTo));
    // Coverage counts records found true: one the community has not decided yet would count as missing,
    // and the company's funding with it.
    if (records.some((r) => WAITING.includes(r.state))) throw new AppError('CONFLICT', { reason: 'unverified_records' });
    const scores = {
      accuracyBp: ratioBp(checks.filter((c) => c.result === 'accurate').length, checks.length),
      timelinessBp: ratioBp(records.filter((r) => isTimely(String(r.observedOn), shanghaiDateKey(r.filedAt), rules.timelyDays)).length, records.length),
      coverageBp: ratioBp(records.filter((r) => VERIFIED.includes(r.state)).length, a.targetRecords)
    };
    const g = gradeOf(scores, rules.rules);
    return { scores, g, fundingFen: fundingFen(a.baseFundingFen, g.fundingBp) };
  }

  /**
   * Posts the grade's funding to the company's ledger: one `assessment` entry per grading (the partial
   * unique index `ledger_assessment_once` on assessment and round), nothing at zero, like incentives.
   */
  async function postFunding(tx: Tx, p: StaffPrincipal, x: ent.AssessmentRow, a: ent.AgreementRow, amountFen: number, at: Date) {
    if (amountFen <= 0) return null;
    const round = (await assessmentFundingRounds(tx, x.id)) + 1;
    return appendEntry(tx, { kind: 'assessment', companyId: a.companyId, assessmentId: x.id, assessmentRound: round, amountFen, period: ledgerMonth(at), createdBy: principalKey(p) });
  }

  /** Scores and grade, once every sampled record has been checked; the funding goes to the ledger once. */
  async function grade(p: StaffPrincipal, id: number) {
    requireStreet(p);
    return transact(core, principalKey(p), async (tx) => {
      const x = await ent.findAssessment(tx, id, true);
      if (!x) throw new AppError('NOT_FOUND');
      const a = await agreementOf(p, x.agreementId, tx);
      if (x.state !== 'open') throw new AppError('ILLEGAL_TRANSITION');
      const { scores, g, fundingFen: funding } = await compute(tx, x, a);
      const now = core.now();
      const patch = { ...scores, grade: g.grade, fundingFen: funding, state: 'graded', gradedBy: p.userId, gradedAt: now };
      await ent.updateAssessment(tx, id, patch);
      const entry = await postFunding(tx, p, x, a, funding, now);
      return { ...x, ...patch, gradeLabel: { zh: g.zh, en: g.en }, ledgerEntryId: entry?.id ?? null };
    });
  }

  /**
   * Grades a graded assessment again from today's data (after the street corrected records, say). When
   * the funding changes, the live ledger entry is reversed (never edited) and the new amount posted as
   * the next round; when it does not, the ledger is left alone. Idempotent by key, like every money move.
   */
  async function regrade(p: StaffPrincipal, id: number, key: string, raw: unknown) {
    requireStreet(p);
    const { reason } = RegradeInput.parse(raw);
    return command(core, { principal: principalKey(p), key, name: 'assessment.regrade', input: { id, reason } }, async (tx) => {
      const x = await ent.findAssessment(tx, id, true);
      if (!x) throw new AppError('NOT_FOUND');
      const a = await agreementOf(p, x.agreementId, tx);
      if (x.state !== 'graded') throw new AppError('ILLEGAL_TRANSITION');
      const { scores, g, fundingFen: funding } = await compute(tx, x, a);
      const now = core.now();
      const patch = { ...scores, grade: g.grade, fundingFen: funding, gradedBy: p.userId, gradedAt: now };
      const live = await liveAssessmentFunding(tx, id);
      let reversedFen = 0;
      let entry = live ?? null;
      if ((live?.amountFen ?? 0) !== funding) {
        if (live) {
          await appendEntry(tx, { ...live, id: undefined, amountFen: -live.amountFen, reversesId: live.id, reason, createdBy: principalKey(p), createdAt: undefined });
          reversedFen = live.amountFen;
        }
        entry = await postFunding(tx, p, x, a, funding, now);
      }
      await ent.updateAssessment(tx, id, patch);
      return { ...x, ...patch, state: x.state, gradeLabel: { zh: g.zh, en: g.en }, previous: { grade: x.grade, fundingFen: x.fundingFen }, reversedFen, ledgerEntryId: entry?.id ?? null };
    });
  }

  /** Who may open the worksheet document of a spot check: the community's verifiers and the street. */
  async function canOpenWorksheet(p: StaffPrincipal, spotCheckId: number): Promise<boolean> {
    const sc = await ent.findSpotCheck(db, spotCheckId);
    const rec = sc && (await grid.findRecord(db, sc.recordId));
    if (!rec) return false;
    if (p.role === 'verifier') return p.communityId === rec.r.communityId;
    return (p.role === 'street' || p.role === 'admin') && p.streetId === rec.streetId;
  }

  /** Open assessments a verifier's community has spot checks in (the verify board links them). */
  async function openFor(p: StaffPrincipal) {
    if (p.role !== 'verifier') throw new AppError('FORBIDDEN');
    const ids = (await ent.agreementsOfStreet(db, p.streetId)).filter((r) => r.a.communityId === p.communityId).map((r) => r.a.id);
    return (await ent.assessmentsOf(db, ids)).filter((x) => x.state === 'open').map((x) => ({ id: x.id, periodFrom: String(x.periodFrom), periodTo: String(x.periodTo), sampleSize: x.sampleSize }));
  }

  return { open, get, gradeNames, check, grade, regrade, canOpenWorksheet, openFor };
}

const gradeNamesOf = (rules: readonly GradeRule[]) => rules.map((r) => ({ grade: r.grade, zh: r.zh, en: r.en }));

export type AssessmentService = ReturnType<typeof createAssessmentService>;
