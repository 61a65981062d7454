// The catalogue of service items is data the street edits, never code.
import { boolean, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export interface Material {
  key: string;
  zh: string;
  en: string;
}

export interface Step {
  zh: string;
  en: string;
}

export const serviceItem = pgTable('service_item', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionZh: text('description_zh').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  materials: jsonb('materials').$type<Material[]>().notNull().default([]),
  steps: jsonb('steps').$type<Step[]>().notNull().default([]),
  needsIdNumber: boolean('needs_id_number').notNull().default(true),
  inPerson: boolean('in_person').notNull().default(false),
  homeVisit: boolean('home_visit').notNull().default(false),
  slaDays: integer('sla_days').notNull(),
  subsidyFen: integer('subsidy_fen').notNull(),
  active: boolean('active').notNull().default(true),
  isDemo: boolean('is_demo').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
