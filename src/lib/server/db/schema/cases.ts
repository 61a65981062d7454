// Proxy cases (代办件), their timeline, and pickup notices.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { kiosk } from './auth';
import { serviceItem } from './catalogue';
import { point } from './org';

export const proxyCase = pgTable(
  'proxy_case',
  {
    id: serial('id').primaryKey(),
    caseNo: text('case_no').notNull().unique(),
    pointId: integer('point_id').notNull().references(() => point.id),
    itemId: integer('item_id').notNull().references(() => serviceItem.id),
    channel: text('channel').notNull(),
    state: text('state').notNull(),
    /** personal data: masked by the server on every read unless the role needs it (and then logged) */
    applicantName: text('applicant_name').notNull(),
    applicantPhone: text('applicant_phone').notNull(),
    /** legacy clear-text column: always null once the startup pass (services/pii.backfill.ts) has run */
    applicantIdNumber: text('applicant_id_number'),
    /** the ID number, AES-256-GCM (services/pii.cipher.ts): `v1:<kid>:<iv>:<ct>:<tag>` */
    applicantIdCipher: text('applicant_id_cipher'),
    /** HMAC-SHA256 under PII_KEY of `id:<normalised ID number>` (the grid's duplicate-key form): lookups without decrypting */
    applicantIdHash: text('applicant_id_hash'),
    /** what every screen shows (4403**********1234), kept so lists never decrypt */
    applicantIdMasked: text('applicant_id_masked'),
    address: text('address'),
    materialsProvided: jsonb('materials_provided').$type<string[]>().notNull().default([]),
    missing: jsonb('missing').$type<string[]>().notNull().default([]),
    rejectionReason: text('rejection_reason'),
    kioskId: integer('kiosk_id').references(() => kiosk.id),
    pickupCodeHash: text('pickup_code_hash'),
    pickupFailures: integer('pickup_failures').notNull().default(0),
    pickupLockedUntil: timestamp('pickup_locked_until', { withTimezone: true }),
    pickupPlannedAt: timestamp('pickup_planned_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** since when the case waits on the resident's materials (待补材料): its SLA clock is paused (domain/sla.ts pauseChange) */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** set when the retention job replaced the personal data with masked values */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    /** 重新受理: the refused case this one starts again, for the same resident at the same point (at most once) */
    resubmittedFrom: integer('resubmitted_from').references((): AnyPgColumn => proxyCase.id),
    /** the 临时编号 a kiosk printed when it had to queue the application offline (domain/case-no.ts): 14 digits */
    kioskRef: text('kiosk_ref'),
    /** 代领: who collected the certificate for the applicant (name masked on every screen but a logged reveal) */
    collectorName: text('collector_name'),
    collectorRelation: text('collector_relation'),
    version: integer('version').notNull().default(1)
  },
  (t) => [
    index('proxy_case_point_state_idx').on(t.pointId, t.state),
    index('proxy_case_submitted_idx').on(t.submittedAt),
    // dashboard: closed cases by state and day (turnaround, rejection reasons), open cases by due date, kiosk submissions
    index('proxy_case_closed_idx').on(t.state, t.closedAt),
    index('proxy_case_open_due_idx').on(t.dueAt).where(sql`state not in ('delivered', 'rejected', 'cancelled')`),
    index('proxy_case_kiosk_idx').on(t.kioskId, t.submittedAt),
    index('proxy_case_id_hash_idx').on(t.applicantIdHash).where(sql`applicant_id_hash is not null`),
    uniqueIndex('proxy_case_resubmitted_from_uq').on(t.resubmittedFrom).where(sql`resubmitted_from is not null`),
    index('proxy_case_kiosk_ref_idx').on(t.kioskRef).where(sql`kiosk_ref is not null`),
    // Rows still holding an ID number in clear (written before encryption): empty once the start-up pass has
    // run, so each later start finds them with one index probe instead of reading the table.
    index('proxy_case_id_clear_idx').on(t.id).where(sql`applicant_id_number is not null`)
  ]
);

export const caseTransition = pgTable(
  'case_transition',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id').notNull().references(() => proxyCase.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    actorName: text('actor_name').notNull(),
    device: text('device'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('case_transition_case_idx').on(t.caseId, t.id)]
);

/** Notification outbox: written in the case's transaction, sent after commit by a pluggable sender. */
export const notification = pgTable('notification', {
  id: serial('id').primaryKey(),
  caseId: integer('case_id').notNull().references(() => proxyCase.id),
  channel: text('channel').notNull(),
  template: text('template').notNull(),
  params: jsonb('params').$type<Record<string, string>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0)
});

