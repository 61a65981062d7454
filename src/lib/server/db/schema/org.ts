// Organisations of one street: communities, property companies, properties and the agent points in them.
import { boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const street = pgTable('street', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull()
});

export const community = pgTable('community', {
  id: serial('id').primaryKey(),
  streetId: integer('street_id').notNull().references(() => street.id),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull()
});

export const company = pgTable('company', {
  id: serial('id').primaryKey(),
  streetId: integer('street_id').notNull().references(() => street.id),
  creditCode: text('credit_code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  isDemo: boolean('is_demo').notNull().default(false)
});

export const property = pgTable(
  'property',
  {
    id: serial('id').primaryKey(),
    communityId: integer('community_id').notNull().references(() => community.id),
    companyId: integer('company_id').notNull().references(() => company.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').notNull().default('residential')
  },
  // One 侨香村 per community: the street adds a property once, however often the form is sent.
  (t) => [uniqueIndex('property_name_uq').on(t.communityId, t.nameZh)]
);

export const point = pgTable(
  'point',
  {
    id: serial('id').primaryKey(),
    propertyId: integer('property_id').notNull().references(() => property.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('point_code_uq').on(t.code)]
);
