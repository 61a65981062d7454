// Agreements, grading rule sets, assessments and their spot checks.
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { FUNDED_KINDS } from '../../domain/entrustment';
import type { DbOrTx } from '../db/client';
import { agreement, community, company, gradeRuleSet, gridAssessment, gridRecord, spotCheck } from '../db/schema';

export type AgreementRow = typeof agreement.$inferSelect;
export type AssessmentRow = typeof gridAssessment.$inferSelect;
export type RuleSetRow = typeof gradeRuleSet.$inferSelect;
export type SpotCheckRow = typeof spotCheck.$inferSelect;

/** undefined: the street already has this agreement (same company, title and start). */
export async function insertAgreement(tx: DbOrTx, a: typeof agreement.$inferInsert): Promise<AgreementRow | undefined> {
  const [row] = await tx.insert(agreement).values(a).onConflictDoNothing({ target: [agreement.streetId, agreement.companyId, agreement.title, agreement.startsOn] }).returning();
  return row;
}

export async function findAgreement(db: DbOrTx, id: number): Promise<AgreementRow | undefined> {
  const [row] = await db.select().from(agreement).where(eq(agreement.id, id));
  return row;
}

/** A company's special and whole entrustments in a street: the agreements that fund its records. */
export function fundedAgreementsOf(db: DbOrTx, streetId: number, companyId: number) {
  return db
    .select({ id: agreement.id, kind: agreement.kind, title: agreement.title, communityId: agreement.communityId, startsOn: agreement.startsOn, endsOn: agreement.endsOn })
    .from(agreement)
    .where(and(eq(agreement.streetId, streetId), eq(agreement.companyId, companyId), inArray(agreement.kind, [...FUNDED_KINDS])))
    .orderBy(asc(agreement.id));
}

/** The committee's link is replaced: the old token stops opening anything at once. */
export async function setCommitteeToken(db: DbOrTx, id: number, tokenHash: string): Promise<void> {
  await db.update(agreement).set({ committeeTokenHash: tokenHash }).where(eq(agreement.id, id));
}

export async function agreementByToken(db: DbOrTx, tokenHash: string): Promise<AgreementRow | undefined> {
  const [row] = await db.select().from(agreement).where(eq(agreement.committeeTokenHash, tokenHash));
  return row;
}

const withCompany = (db: DbOrTx) =>
  db.select({ a: agreement, companyZh: company.nameZh, companyEn: company.nameEn }).from(agreement).innerJoin(company, eq(company.id, agreement.companyId));

export function agreementsOfStreet(db: DbOrTx, streetId: number) {
  return withCompany(db).where(eq(agreement.streetId, streetId)).orderBy(asc(agreement.id));
}

/** One agreement with its company's names. */
export async function agreementWithCompany(db: DbOrTx, id: number) {
  const [row] = await withCompany(db).where(eq(agreement.id, id));
  return row;
}

export async function insertRuleSet(tx: DbOrTx, r: typeof gradeRuleSet.$inferInsert): Promise<RuleSetRow> {
  const [row] = await tx.insert(gradeRuleSet).values(r).returning();
  return row;
}

export async function findRuleSet(db: DbOrTx, id: number): Promise<RuleSetRow | undefined> {
  const [row] = await db.select().from(gradeRuleSet).where(eq(gradeRuleSet.id, id));
  return row;
}

/** Several rule sets in one query (the sets a list of assessments was opened with). */
export async function ruleSetsByIds(db: DbOrTx, ids: readonly number[]): Promise<RuleSetRow[]> {
  return ids.length ? db.select().from(gradeRuleSet).where(inArray(gradeRuleSet.id, [...new Set(ids)])) : [];
}

export async function latestRuleSet(db: DbOrTx, streetId: number): Promise<RuleSetRow | undefined> {
  const [row] = await db.select().from(gradeRuleSet).where(eq(gradeRuleSet.streetId, streetId)).orderBy(desc(gradeRuleSet.id)).limit(1);
  return row;
}

/** Records a company filed in [from, to) (Shanghai days), scoped to the agreement's community if it has one. */
export function recordsInPeriod(db: DbOrTx, companyId: number, communityId: number | null, from: string, to: string) {
  return db
    .select({ id: gridRecord.id, state: gridRecord.state, observedOn: gridRecord.observedOn, filedAt: gridRecord.filedAt })
    .from(gridRecord)
    .where(
      and(
        eq(gridRecord.companyId, companyId),
        communityId ? eq(gridRecord.communityId, communityId) : undefined,
        gte(gridRecord.filedAt, sql`(${from}::date)::timestamp at time zone 'Asia/Shanghai'`),
        lt(gridRecord.filedAt, sql`((${to}::date) + 1)::timestamp at time zone 'Asia/Shanghai'`)
      )
    )
    .orderBy(asc(gridRecord.id));
}

/**
 * An assessment of this agreement whose period shares a day with [from, to], after locking the agreement's row
 * (so two overlapping openings at once meet here one after the other).
 */
export async function overlappingAssessment(tx: DbOrTx, agreementId: number, from: string, to: string): Promise<AssessmentRow | undefined> {
  await tx.select({ id: agreement.id }).from(agreement).where(eq(agreement.id, agreementId)).for('update');
  const [row] = await tx
    .select()
    .from(gridAssessment)
    .where(and(eq(gridAssessment.agreementId, agreementId), sql`${gridAssessment.periodFrom} <= ${to}`, sql`${gridAssessment.periodTo} >= ${from}`))
    .limit(1);
  return row;
}

export async function insertAssessment(tx: DbOrTx, a: typeof gridAssessment.$inferInsert): Promise<AssessmentRow> {
  const [row] = await tx.insert(gridAssessment).values(a).returning();
  return row;
}

export async function findAssessment(db: DbOrTx, id: number, lock = false): Promise<AssessmentRow | undefined> {
  const q = db.select().from(gridAssessment).where(eq(gridAssessment.id, id));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export async function updateAssessment(tx: DbOrTx, id: number, patch: Partial<typeof gridAssessment.$inferInsert>): Promise<void> {
  await tx.update(gridAssessment).set(patch).where(eq(gridAssessment.id, id));
}

export function assessmentsOf(db: DbOrTx, agreementIds: number[]): Promise<AssessmentRow[]> {
  if (agreementIds.length === 0) return Promise.resolve([]);
  return db.select().from(gridAssessment).where(inArray(gridAssessment.agreementId, agreementIds)).orderBy(asc(gridAssessment.id));
}

export async function insertSpotChecks(tx: DbOrTx, rows: (typeof spotCheck.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(spotCheck).values(rows);
}

export function spotChecksOf(db: DbOrTx, assessmentId: number): Promise<SpotCheckRow[]> {
  return db.select().from(spotCheck).where(eq(spotCheck.assessmentId, assessmentId)).orderBy(asc(spotCheck.position));
}

export async function findSpotCheck(db: DbOrTx, id: number): Promise<SpotCheckRow | undefined> {
  const [row] = await db.select().from(spotCheck).where(eq(spotCheck.id, id));
  return row;
}

export async function recordSpotCheck(tx: DbOrTx, id: number, patch: Partial<typeof spotCheck.$inferInsert>): Promise<void> {
  await tx.update(spotCheck).set(patch).where(eq(spotCheck.id, id));
}

/** What a whole-entrustment company did, by kind and state, for the residents' committee. */
export async function workSummary(db: DbOrTx, companyId: number, communityId: number | null) {
  const rows = await db
    .select({ kind: gridRecord.kind, state: gridRecord.state, n: sql<number>`count(*)::int` })
    .from(gridRecord)
    .where(and(eq(gridRecord.companyId, companyId), communityId ? eq(gridRecord.communityId, communityId) : undefined))
    .groupBy(gridRecord.kind, gridRecord.state)
    .orderBy(gridRecord.kind, gridRecord.state);
  return rows;
}

/** Companies and communities of a street: the options of the agreement form. */
export async function streetParties(db: DbOrTx, streetId: number) {
  const [companies, communities] = await Promise.all([
    db.select({ id: company.id, nameZh: company.nameZh, nameEn: company.nameEn }).from(company).where(eq(company.streetId, streetId)).orderBy(asc(company.id)),
    db.select({ id: community.id, nameZh: community.nameZh, nameEn: community.nameEn }).from(community).where(eq(community.streetId, streetId)).orderBy(asc(community.id))
  ]);
  return { companies, communities };
}
