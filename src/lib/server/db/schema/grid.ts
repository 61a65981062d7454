// Grid records (一网): what companies report from their properties, the community's register of what it
// already knows, claims on the verification board, and the street's incentive rates.
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, date } from 'drizzle-orm/pg-core';
import { staffUser } from './auth';
import { community, company, property, street } from './org';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const gridRecord = pgTable(
  'grid_record',
  {
    id: serial('id').primaryKey(),
    communityId: integer('community_id').notNull().references(() => community.id),
    propertyId: integer('property_id').notNull().references(() => property.id),
    companyId: integer('company_id').notNull().references(() => company.id),
    /** population | rentalHousing | legalEntity | facility | event */
    kind: text('kind').notNull(),
    unit: text('unit').notNull(),
    /** the per-kind fields (zod-validated); holds personal data, masked on every read; ID numbers stored masked (see id_cipher) */
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    /** the ID numbers of `fields` by path ({"idNumber": …, "tenants.0.idNumber": …}), AES-256-GCM (services/grid.ids.ts) */
    idCipher: text('id_cipher'),
    /** normalised duplicate key (domain/grid.keys.ts); an ID number enters it only as an HMAC */
    matchKey: text('match_key').notNull(),
    observedOn: date('observed_on').notNull(),
    /** pending | needs_visit | verified_new | verified_known | rejected */
    state: text('state').notNull().default('pending'),
    filedBy: integer('filed_by').notNull().references(() => staffUser.id),
    filedByName: text('filed_by_name').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => staffUser.id),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** set when the retention job replaced the personal fields with masked values */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    reason: text('reason'),
    /** 修改后重新上报: the refused record this one corrects (each refused record at most once) */
    resubmittedFrom: integer('resubmitted_from'),
    version: integer('version').notNull().default(1)
  },
  (t) => [
    uniqueIndex('grid_record_resubmitted_from_uq').on(t.resubmittedFrom).where(sql`resubmitted_from is not null`),
    index('grid_record_queue_idx').on(t.communityId, t.state, t.id),
    index('grid_record_key_idx').on(t.communityId, t.kind, t.matchKey),
    index('grid_record_company_idx').on(t.companyId, t.filedAt),
    index('grid_record_backlog_idx').on(t.filedAt).where(sql`state in ('pending', 'needs_visit')`),
    // The street dashboard's oldest waiting record per property (an index-only min per property).
    index('grid_record_backlog_property_idx').on(t.propertyId, t.filedAt).where(sql`state in ('pending', 'needs_visit')`),
    // Records not yet sealed (from before encryption): empty once the start-up pass has run (see proxy_case_id_clear_idx).
    index('grid_record_ids_clear_idx').on(t.id).where(sql`id_cipher is null and anonymised_at is null`),
    // The service decides; the table refuses what no service should ever write.
    check('grid_record_kind', sql`kind in ('population', 'rentalHousing', 'legalEntity', 'facility', 'event')`),
    check('grid_record_state', sql`state in ('pending', 'needs_visit', 'verified_new', 'verified_known', 'rejected')`)
  ]
);

/** Photos live in the database: one backup, one access rule, nothing on a path a web server might serve. */
export const gridPhoto = pgTable(
  'grid_photo',
  {
    id: serial('id').primaryKey(),
    recordId: integer('record_id').notNull().references(() => gridRecord.id),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdBy: integer('created_by').notNull().references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('grid_photo_record_idx').on(t.recordId), check('grid_photo_type', sql`content_type in ('image/jpeg', 'image/png', 'image/webp')`)]
);

/** What the community already knows: imported registers plus every verified record. */
export const knownEntry = pgTable(
  'known_entry',
  {
    id: serial('id').primaryKey(),
    communityId: integer('community_id').notNull().references(() => community.id),
    kind: text('kind').notNull(),
    matchKey: text('match_key').notNull(),
    /** a masked, human summary shown beside a match ("欧*明 · 侨香村 3#1201") */
    label: text('label').notNull(),
    /** the same in English; rows from before it existed show the Chinese one */
    labelEn: text('label_en'),
    /** import | verified */
    source: text('source').notNull(),
    sourceRecordId: integer('source_record_id').references(() => gridRecord.id),
    importBatch: text('import_batch'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('known_entry_key_uq').on(t.communityId, t.kind, t.matchKey)]
);

/**
 * Who holds an item on the verification board. One row per item; taking it over is allowed only when
 * the holder's time ran out, decided by the WHERE of the upsert, so the database settles every race.
 */
export const reviewClaim = pgTable(
  'review_claim',
  {
    /** record | case */
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id').notNull(),
    communityId: integer('community_id').notNull().references(() => community.id),
    holderId: integer('holder_id').notNull().references(() => staffUser.id),
    holderName: text('holder_name').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
  },
  (t) => [
    primaryKey({ columns: [t.subjectType, t.subjectId] }),
    index('review_claim_community_idx').on(t.communityId),
    check('review_claim_subject', sql`subject_type in ('record', 'case')`),
    check('review_claim_expiry', sql`expires_at > claimed_at`)
  ]
);

/** Per-record incentive of a kind in a month, set by the street office (参与激励). */
export const incentiveRate = pgTable(
  'incentive_rate',
  {
    id: serial('id').primaryKey(),
    streetId: integer('street_id').notNull().references(() => street.id),
    kind: text('kind').notNull(),
    /** YYYY-MM in Asia/Shanghai */
    period: text('period').notNull(),
    amountFen: integer('amount_fen').notNull(),
    setBy: integer('set_by').notNull().references(() => staffUser.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('incentive_rate_uq').on(t.streetId, t.kind, t.period), check('incentive_rate_nonnegative', sql`amount_fen >= 0`)]
);
