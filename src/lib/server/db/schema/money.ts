// Money is a ledger: append-only rows in fen; corrections are reversals; statements need two people.
import { bigint, bigserial, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { staffUser } from './auth';
import { serviceItem } from './catalogue';
import { proxyCase } from './cases';
import { company, point } from './org';

export const ledgerEntry = pgTable(
  'ledger_entry',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    companyId: integer('company_id').notNull().references(() => company.id),
    pointId: integer('point_id').references(() => point.id),
    caseId: integer('case_id').references(() => proxyCase.id),
    itemId: integer('item_id').references(() => serviceItem.id),
    recordId: integer('record_id'),
    /** kind 'assessment': the graded assessment whose funding this is, and which grading of it (1, 2 … on re-grades) */
    assessmentId: integer('assessment_id'),
    assessmentRound: integer('assessment_round'),
    amountFen: integer('amount_fen').notNull(),
    /** YYYY-MM in Asia/Shanghai */
    period: text('period').notNull(),
    reversesId: bigint('reverses_id', { mode: 'number' }),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    // A case earns its subsidy at most once, and an entry is reversed at most once.
    uniqueIndex('ledger_subsidy_once').on(t.caseId).where(sql`kind = 'subsidy' and reverses_id is null`),
    // A grid record earns its incentive at most once (a reversed one stays spent: re-posting is a new decision by the street).
    uniqueIndex('ledger_incentive_once').on(t.recordId).where(sql`kind = 'incentive' and reverses_id is null`),
    // An assessment's funding is posted once per grading; a re-grade first reverses the live entry.
    uniqueIndex('ledger_assessment_once').on(t.assessmentId, t.assessmentRound).where(sql`kind = 'assessment' and reverses_id is null`),
    index('ledger_period_idx').on(t.period, t.kind, t.companyId),
    uniqueIndex('ledger_reversed_once').on(t.reversesId).where(sql`reverses_id is not null`)
  ]
);

export const statement = pgTable(
  'statement',
  {
    id: serial('id').primaryKey(),
    companyId: integer('company_id').notNull().references(() => company.id),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    totalFen: integer('total_fen').notNull(),
    entryCount: integer('entry_count').notNull(),
    preparedBy: integer('prepared_by').notNull().references(() => staffUser.id),
    preparedAt: timestamp('prepared_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: integer('approved_by').references(() => staffUser.id),
    approvedAt: timestamp('approved_at', { withTimezone: true })
  },
  (t) => [
    uniqueIndex('statement_once').on(t.companyId, t.kind, t.period),
    check('statement_four_eyes', sql`approved_by is null or approved_by <> prepared_by`)
  ]
);
