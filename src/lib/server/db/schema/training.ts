// Staff training (培训考核) and the confidentiality pledge (保密承诺): no case work without both.
import { boolean, date, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { staffUser } from './auth';

export const trainingSession = pgTable('training_session', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  heldOn: date('held_on').notNull()
});

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    sessionId: integer('session_id').notNull().references(() => trainingSession.id),
    userId: integer('user_id').notNull().references(() => staffUser.id)
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })]
);

export const assessment = pgTable('assessment', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => staffUser.id),
  passed: boolean('passed').notNull(),
  assessedOn: date('assessed_on').notNull(),
  validUntil: timestamp('valid_until', { withTimezone: true }),
  recordedBy: integer('recorded_by').references(() => staffUser.id)
});

export const pledge = pgTable('pledge', {
  userId: integer('user_id').primaryKey().references(() => staffUser.id),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  text: text('text').notNull()
});
