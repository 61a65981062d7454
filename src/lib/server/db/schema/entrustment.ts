// Entrustment agreements (专项委托 / 整体委托 / 参与激励), grading rules as data, periodic assessments
// with their recorded spot-check sample.
import { sql } from 'drizzle-orm';
import type { GradeRule } from '../../../domain/grading';
import { check, date, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { staffUser } from './auth';
import { gridRecord } from './grid';
import { community, company, street } from './org';

export interface EntrustedItem {
  category: string;
  name: string;
}

export type { GradeRule };

export const agreement = pgTable(
  'agreement',
  {
    id: serial('id').primaryKey(),
    streetId: integer('street_id').notNull().references(() => street.id),
    communityId: integer('community_id').references(() => community.id),
    companyId: integer('company_id').notNull().references(() => company.id),
    /** special | whole | participation */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    baseFundingFen: integer('base_funding_fen').notNull().default(0),
    /** records the company is expected to report in a period: the denominator of coverage */
    targetRecords: integer('target_records').notNull().default(0),
    items: jsonb('items').$type<EntrustedItem[]>().notNull().default([]),
    /** sha256 of the residents' committee read-only link token (whole entrustment) */
    committeeTokenHash: text('committee_token_hash').unique(),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    check('agreement_period', sql`ends_on >= starts_on`),
    check('agreement_funding', sql`base_funding_fen >= 0 and target_records >= 0`),
    // The same agreement entered twice (a second click) would be funded twice: one per company, title and start.
    uniqueIndex('agreement_once').on(t.streetId, t.companyId, t.title, t.startsOn)
  ]
);

/** Rules are data the street sets; an assessment keeps the id of the set it was graded by. */
export const gradeRuleSet = pgTable('grade_rule_set', {
  id: serial('id').primaryKey(),
  streetId: integer('street_id').notNull().references(() => street.id),
  name: text('name').notNull(),
  rules: jsonb('rules').$type<GradeRule[]>().notNull(),
  /** records filed within this many days of what they report count as timely */
  timelyDays: integer('timely_days').notNull().default(3),
  createdBy: integer('created_by').notNull().references(() => staffUser.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const gridAssessment = pgTable(
  'grid_assessment',
  {
    id: serial('id').primaryKey(),
    agreementId: integer('agreement_id').notNull().references(() => agreement.id),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    ruleSetId: integer('rule_set_id').notNull().references(() => gradeRuleSet.id),
    /** the sample is drawn from `population` records by seeded PRNG: recorded so anyone can redraw it */
    seed: text('seed').notNull(),
    sampleSize: integer('sample_size').notNull(),
    population: integer('population').notNull(),
    /** open | graded */
    state: text('state').notNull().default('open'),
    accuracyBp: integer('accuracy_bp'),
    timelinessBp: integer('timeliness_bp'),
    coverageBp: integer('coverage_bp'),
    grade: text('grade'),
    fundingFen: integer('funding_fen'),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    gradedBy: integer('graded_by').references(() => staffUser.id),
    gradedAt: timestamp('graded_at', { withTimezone: true })
  },
  (t) => [uniqueIndex('grid_assessment_once').on(t.agreementId, t.periodFrom, t.periodTo)]
);

export const spotCheck = pgTable(
  'spot_check',
  {
    id: serial('id').primaryKey(),
    assessmentId: integer('assessment_id').notNull().references(() => gridAssessment.id),
    recordId: integer('record_id').notNull().references(() => gridRecord.id),
    position: integer('position').notNull(),
    /** accurate | inaccurate; null until a verifier has checked it in the field */
    result: text('result'),
    checkedBy: integer('checked_by').references(() => staffUser.id),
    checkedByName: text('checked_by_name'),
    checkedAt: timestamp('checked_at', { withTimezone: true })
  },
  (t) => [uniqueIndex('spot_check_once').on(t.assessmentId, t.recordId)]
);
