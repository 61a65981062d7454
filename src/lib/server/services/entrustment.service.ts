// Agreements between the street (or a community) and a company, grading rule sets, and the residents'
// committee's read-only view of a whole-entrustment company's work (a capability link, no account).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { kindLabel, stateLabel, type GridKind, type RecordState } from '../../domain/grid.kinds';
import { gradeLabel, ruleProblems } from '../../domain/grading';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import * as ent from '../repositories/entrustment.repository';
import { companyStreet } from '../repositories/ledger.repository';
import { communityStreet, companiesOf } from '../repositories/org.repository';
import type { Core } from '../runtime/core';
import { transact } from './uow';
import { requireStreet } from './actor';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Bp = z.number().int().min(0).max(10000);

export const AgreementInput = z
  .object({
    kind: z.enum(['special', 'whole', 'participation']),
    companyId: z.number().int().positive(),
    communityId: z.number().int().positive().optional(),
    title: z.string().trim().min(1).max(120),
    startsOn: Day,
    endsOn: Day,
    baseFundingFen: z.number().int().min(0).max(1_000_000_000),
    targetRecords: z.number().int().min(0).max(1_000_000).default(0),
    items: z.array(z.object({ category: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(120) })).max(300).default([])
  })
  .refine((a) => a.kind !== 'whole' || a.items.length > 0, { path: ['items'], message: 'whole entrustment lists its items' })
  .refine((a) => a.endsOn >= a.startsOn, { path: ['endsOn'], message: 'ends before it starts' });

export const RuleSetInput = z.object({
  name: z.string().trim().min(1).max(80),
  timelyDays: z.number().int().min(0).max(60).default(3),
  rules: z
    .array(z.object({ grade: z.string().trim().min(1).max(20), zh: z.string().trim().min(1).max(20), en: z.string().trim().min(1).max(30), minAccuracyBp: Bp, minTimelinessBp: Bp, minCoverageBp: Bp, fundingBp: Bp }))
    .min(1)
    .max(10)
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createEntrustmentService(core: Core) {
  const { db } = core;

  async function create(p: StaffPrincipal, raw: unknown) {
    requireStreet(p);
    const a = AgreementInput.parse(raw);
    if ((await companyStreet(db, a.companyId)) !== p.streetId) throw new AppError('NOT_FOUND');
    if (a.communityId && (await communityStreet(db, a.communityId)) !== p.streetId) throw new AppError('NOT_FOUND');
    // The committee's link is shown once; only its hash is kept, like a session cookie.
    const token = a.kind === 'whole' ? randomBytes(24).toString('base64url') : null;
    const row = await transact(core, principalKey(p), (tx) =>
      ent.insertAgreement(tx, { ...a, communityId: a.communityId ?? null, streetId: p.streetId, committeeTokenHash: token ? sha256(token) : null, createdBy: p.userId, createdAt: core.now() })
    );
    if (!row) throw new AppError('CONFLICT', { reason: 'agreement_exists' });
    return { ...publicAgreement(row), committeeToken: token };
  }

  /**
   * A new link for the residents' committee of a whole entrustment (only a hash of a token is kept, so a lost
   * link cannot be shown again): the old one stops working.
   */
  async function reissueCommitteeLink(p: StaffPrincipal, id: number) {
    requireStreet(p);
    const a = await ent.findAgreement(db, id);
    if (!a || a.streetId !== p.streetId) throw new AppError('NOT_FOUND');
    if (a.kind !== 'whole') throw new AppError('ILLEGAL_TRANSITION', { reason: 'not_whole' });
    const token = randomBytes(24).toString('base64url');
    await ent.setCommitteeToken(db, id, sha256(token));
    return { agreementId: id, committeeToken: token };
  }

  async function list(p: StaffPrincipal) {
    if (p.role === 'agent') throw new AppError('FORBIDDEN');
    const rows = await ent.agreementsOfStreet(db, p.streetId);
    const visible = p.role === 'verifier' ? rows.filter((r) => r.a.communityId === p.communityId) : rows;
    return visible.map((r) => ({ ...publicAgreement(r.a), company: { zh: r.companyZh, en: r.companyEn } }));
  }

  async function addRuleSet(p: StaffPrincipal, raw: unknown) {
    requireStreet(p);
    const r = RuleSetInput.parse(raw);
    const problems = ruleProblems(r.rules);
    // Codes, not sentences: the form says each one in the user's language (domain/grading.ts ruleProblemText).
    if (problems.length) throw new AppError('VALIDATION', problems.map((x) => ({ path: x.rule === null ? 'rules' : `rules.${x.rule}${x.field ? `.${x.field}` : ''}`, code: x.code, rule: x.rule, field: x.field ?? null })));
    return transact(core, principalKey(p), (tx) => ent.insertRuleSet(tx, { ...r, streetId: p.streetId, createdBy: p.userId, createdAt: core.now() }));
  }

  /** Read-only, for the residents' committee holding the link of a whole entrustment. */
  async function committeeView(token: string) {
    if (!/^[\w-]{20,64}$/.test(token)) throw new AppError('NOT_FOUND');
    const a = await ent.agreementByToken(db, sha256(token));
    if (!a || a.kind !== 'whole') throw new AppError('NOT_FOUND');
    const [summary, assessments] = await Promise.all([ent.workSummary(db, a.companyId, a.communityId), ent.assessmentsOf(db, [a.id])]);
    // Each grade in the words of the rule set its assessment was opened with: a street may name its grades.
    const sets = new Map((await ent.ruleSetsByIds(db, assessments.map((x) => x.ruleSetId))).map((rs) => [rs.id, rs.rules]));
    const gradeName = (grade: string | null, ruleSetId: number) => (grade ? { zh: gradeLabel(grade, 'zh', sets.get(ruleSetId)), en: gradeLabel(grade, 'en', sets.get(ruleSetId)) } : null);
    const co = (await companiesOf(db, a.streetId)).find((c) => c.id === a.companyId);
    return {
      // What the committee supervises, and nothing of the street's own bookkeeping (ids, money targets, who typed it).
      agreement: { title: a.title, startsOn: String(a.startsOn), endsOn: String(a.endsOn), items: a.items, company: co ? { zh: co.nameZh, en: co.nameEn } : null },
      work: summary.map((s) => ({ kind: s.kind, kindLabel: kindLabel[s.kind as GridKind], state: s.state, stateLabel: stateLabel[s.state as RecordState], n: Number(s.n) })),
      assessments: assessments.map((x) => ({ id: x.id, periodFrom: String(x.periodFrom), periodTo: String(x.periodTo), state: x.state, grade: x.grade, gradeName: gradeName(x.grade, x.ruleSetId), accuracyBp: x.accuracyBp, timelinessBp: x.timelinessBp, coverageBp: x.coverageBp, fundingFen: x.fundingFen }))
    };
  }

  /** Everything the street's 一网 page shows: parties, agreements with their assessments. */
  async function overview(p: StaffPrincipal) {
    requireStreet(p);
    const [parties, agreements, rs] = await Promise.all([ent.streetParties(db, p.streetId), list(p), ent.latestRuleSet(db, p.streetId)]);
    const assessments = await ent.assessmentsOf(db, agreements.map((a) => a.id));
    // The rules new assessments are graded by (the latest set; an assessment keeps the set it was opened with).
    const ruleSet = rs ? { id: rs.id, name: rs.name, timelyDays: rs.timelyDays, rules: rs.rules, createdAt: rs.createdAt.toISOString() } : null;
    return { ...parties, agreements, ruleSet, assessments: assessments.map((x) => ({ ...x, periodFrom: String(x.periodFrom), periodTo: String(x.periodTo) })) };
  }

  return { create, reissueCommitteeLink, list, addRuleSet, committeeView, overview };
}

function publicAgreement(a: ent.AgreementRow) {
  const { committeeTokenHash, createdAt, ...rest } = a;
  return { ...rest, startsOn: String(a.startsOn), endsOn: String(a.endsOn), hasCommitteeLink: !!committeeTokenHash, createdAt: createdAt.toISOString() };
}

export type EntrustmentService = ReturnType<typeof createEntrustmentService>;
