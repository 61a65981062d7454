// Rollups for the street dashboard: kept by the services in the same transaction as the change they
// count, so a figure on the dashboard is never older than the commit that changed it.
import { index, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { serviceItem } from './catalogue';
import { community, company, point, property } from './org';

/** Per Shanghai day, point, item and channel: cases taken in, delivered, rejected, and the delivered turnaround (minutes). */
export const caseDayStat = pgTable(
  'case_day_stat',
  {
    day: text('day').notNull(),
    pointId: integer('point_id').notNull().references(() => point.id),
    itemId: integer('item_id').notNull().references(() => serviceItem.id),
    channel: text('channel').notNull(),
    intake: integer('intake').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    turnaroundMin: integer('turnaround_min').notNull().default(0)
  },
  (t) => [primaryKey({ columns: [t.day, t.pointId, t.itemId, t.channel] }), index('case_day_stat_point_idx').on(t.pointId, t.day)]
);

/**
 * Cases currently in each state at each point (terminal states included; WIP is the non-terminal rows),
 * spread over CASE_STATE_SLOTS rows per (point, state) by case id: every transition at a point bumps two
 * of these rows, and with one row per (point, state) a busy point's transitions queued on it one at a
 * time. Readers sum the slots.
 */
export const caseStateCount = pgTable(
  'case_state_count',
  {
    pointId: integer('point_id').notNull().references(() => point.id),
    state: text('state').notNull(),
    slot: smallint('slot').notNull().default(0),
    n: integer('n').notNull().default(0)
  },
  (t) => [primaryKey({ columns: [t.pointId, t.state, t.slot] })]
);

/** Per Shanghai day, property (so company and community) and kind: records filed and decided by outcome. */
export const gridDayStat = pgTable(
  'grid_day_stat',
  {
    day: text('day').notNull(),
    propertyId: integer('property_id').notNull().references(() => property.id),
    companyId: integer('company_id').notNull().references(() => company.id),
    communityId: integer('community_id').notNull().references(() => community.id),
    kind: text('kind').notNull(),
    filed: integer('filed').notNull().default(0),
    verifiedNew: integer('verified_new').notNull().default(0),
    verifiedKnown: integer('verified_known').notNull().default(0),
    rejected: integer('rejected').notNull().default(0)
  },
  (t) => [primaryKey({ columns: [t.day, t.propertyId, t.kind] }), index('grid_day_stat_company_idx').on(t.companyId, t.day)]
);
