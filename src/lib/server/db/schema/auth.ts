// Staff accounts, their sessions, enrolled kiosk devices and login throttling.
import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { community, company, point, street } from './org';

export const staffUser = pgTable('staff_user', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** admin | street | verifier | agent — see src/lib/domain/roles.ts */
  role: text('role').notNull(),
  streetId: integer('street_id').notNull().references(() => street.id),
  communityId: integer('community_id').references(() => community.id),
  pointId: integer('point_id').references(() => point.id),
  companyId: integer('company_id').references(() => company.id),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const session = pgTable(
  'session',
  {
    /** sha256 of the cookie value: a stolen table row cannot be replayed as a cookie */
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** 大屏: a wall screen's session, read-only and never ended for idling (its absolute expiry stands) */
    display: boolean('display').notNull().default(false)
  },
  (t) => [index('session_user_idx').on(t.userId)]
);

export const kiosk = pgTable('kiosk', {
  id: serial('id').primaryKey(),
  pointId: integer('point_id').notNull().references(() => point.id),
  label: text('label').notNull(),
  tokenHash: text('token_hash').unique(),
  /** a rotated token not yet used: the first request with it promotes it and ends the old one */
  nextTokenHash: text('next_token_hash').unique(),
  tokenRotatedAt: timestamp('token_rotated_at', { withTimezone: true }),
  pairingCodeHash: text('pairing_code_hash'),
  pairingExpiresAt: timestamp('pairing_expires_at', { withTimezone: true }),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
