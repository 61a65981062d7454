// Appointment slots a point publishes, and bookings against them (预约 / 上门).
import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { staffUser } from './auth';
import { proxyCase } from './cases';
import { point } from './org';

export const slot = pgTable(
  'slot',
  {
    id: serial('id').primaryKey(),
    pointId: integer('point_id').notNull().references(() => point.id),
    /** desk | home_visit */
    kind: text('kind').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0)
  },
  // A slot opened twice (a second click) would show twice on the kiosk: one per point, kind and time.
  (t) => [uniqueIndex('slot_once').on(t.pointId, t.kind, t.startsAt, t.endsAt)]
);

export const booking = pgTable(
  'booking',
  {
    id: serial('id').primaryKey(),
    slotId: integer('slot_id').notNull().references(() => slot.id),
    caseId: integer('case_id').notNull().references(() => proxyCase.id),
    address: text('address'),
    assignedUserId: integer('assigned_user_id').references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('booking_case_once').on(t.caseId)]
);
