// The promotion association (一会, 物业服务发展促进会) of a street: member companies, the charter's
// versions, joint meetings and benchmark visits with their attendees and decisions. A decision may name
// the service items or agreements it created (real foreign keys, one target per reference row).
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { staffUser } from './auth';
import { serviceItem } from './catalogue';
import { agreement } from './entrustment';
import { company, street } from './org';

export const associationMember = pgTable(
  'association_member',
  {
    id: serial('id').primaryKey(),
    streetId: integer('street_id').notNull().references(() => street.id),
    companyId: integer('company_id').notNull().references(() => company.id),
    /** president (会长单位) | vice_president (副会长单位) | member (会员单位) */
    role: text('role').notNull(),
    memberSince: date('member_since').notNull(),
    /** 退会: the day the company left; it stays listed as a former member, and joins again on this row */
    leftOn: date('left_on'),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [
    uniqueIndex('association_member_company_uq').on(t.companyId),
    // One president unit per street's association, whatever the service forgets.
    uniqueIndex('association_one_president').on(t.streetId).where(sql`role = 'president'`),
    check('association_member_role', sql`role in ('president', 'vice_president', 'member')`)
  ]
);

/** Append-only versions of the charter (章程); the current one is the highest version. */
export const associationCharter = pgTable(
  'association_charter',
  {
    id: serial('id').primaryKey(),
    streetId: integer('street_id').notNull().references(() => street.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    adoptedOn: date('adopted_on').notNull(),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('association_charter_version_uq').on(t.streetId, t.version)]
);

export const associationMeeting = pgTable(
  'association_meeting',
  {
    id: serial('id').primaryKey(),
    streetId: integer('street_id').notNull().references(() => street.id),
    /** joint (联席会议) | benchmark (参观学习) */
    kind: text('kind').notNull(),
    heldOn: date('held_on').notNull(),
    title: text('title').notNull(),
    place: text('place').notNull(),
    agenda: text('agenda').notNull().default(''),
    minutes: text('minutes').notNull().default(''),
    /** free-text guests (names and units of people without an account) */
    guests: jsonb('guests').$type<string[]>().notNull().default([]),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('association_meeting_street_idx').on(t.streetId, t.heldOn), check('association_meeting_kind', sql`kind in ('joint', 'benchmark')`)]
);

/** Who attended: a company or a staff member, one per row. */
export const associationAttendee = pgTable(
  'association_attendee',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull().references(() => associationMeeting.id),
    companyId: integer('company_id').references(() => company.id),
    staffUserId: integer('staff_user_id').references(() => staffUser.id),
  },
  (t) => [
    index('association_attendee_meeting_idx').on(t.meetingId),
    check('association_attendee_one', sql`(company_id is null) <> (staff_user_id is null)`)
  ]
);

export const associationDecision = pgTable(
  'association_decision',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull().references(() => associationMeeting.id),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('association_decision_position_uq').on(t.meetingId, t.position)]
);

/** What a decision created: a service item of the catalogue or an entrustment agreement. */
export const associationDecisionRef = pgTable(
  'association_decision_ref',
  {
    id: serial('id').primaryKey(),
    decisionId: integer('decision_id').notNull().references(() => associationDecision.id),
    serviceItemId: integer('service_item_id').references(() => serviceItem.id),
    agreementId: integer('agreement_id').references(() => agreement.id)
  },
  (t) => [
    index('association_decision_ref_decision_idx').on(t.decisionId),
    check('association_decision_ref_one', sql`(service_item_id is null) <> (agreement_id is null)`)
  ]
);
