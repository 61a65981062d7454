// Finer dashboard rollups: intake per Shanghai hour, and the grid verification backlog. Kept by the
// services in the transaction that changes the counted rows, like the day rollups in ./dashboard.
import { index, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { community, company, point, property } from './org';

/** Per Shanghai day and hour (0–23), point and channel: cases taken in. */
export const caseHourStat = pgTable(
  'case_hour_stat',
  {
    day: text('day').notNull(),
    hour: smallint('hour').notNull(),
    pointId: integer('point_id').notNull().references(() => point.id),
    channel: text('channel').notNull(),
    intake: integer('intake').notNull().default(0)
  },
  (t) => [primaryKey({ columns: [t.day, t.hour, t.pointId, t.channel] }), index('case_hour_stat_point_idx').on(t.pointId, t.day)]
);

/** Grid records waiting for verification (pending or needs_visit) per property and kind. */
export const gridBacklogStat = pgTable(
  'grid_backlog_stat',
  {
    propertyId: integer('property_id').notNull().references(() => property.id),
    kind: text('kind').notNull(),
    companyId: integer('company_id').notNull().references(() => company.id),
    communityId: integer('community_id').notNull().references(() => community.id),
    n: integer('n').notNull().default(0)
  },
  (t) => [primaryKey({ columns: [t.propertyId, t.kind] })]
);
