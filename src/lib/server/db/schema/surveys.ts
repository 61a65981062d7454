// The association's resident service-needs survey (居民服务需求调查): surveys and their ordered questions
// are data; answers are anonymous — a response row knows its channel and place, never a person or a case.
import { sql } from 'drizzle-orm';
import { bigserial, bigint, check, date, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { staffUser } from './auth';
import { community, point, street } from './org';

export interface SurveyOptionRow {
  key: string;
  zh: string;
  en?: string;
}

export const survey = pgTable(
  'survey',
  {
    id: serial('id').primaryKey(),
    streetId: integer('street_id').notNull().references(() => street.id),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en'),
    /** draft → open ⇄ closed; only open surveys are answered */
    state: text('state').notNull().default('draft'),
    createdBy: integer('created_by').references(() => staffUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [index('survey_street_idx').on(t.streetId, t.id), check('survey_state_ck', sql`${t.state} in ('draft', 'open', 'closed')`)]
);

export const surveyQuestion = pgTable(
  'survey_question',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => survey.id),
    position: smallint('position').notNull(),
    /** single | multiple | rating (1–5) | text (short, optional) */
    kind: text('kind').notNull(),
    promptZh: text('prompt_zh').notNull(),
    promptEn: text('prompt_en'),
    options: jsonb('options').$type<SurveyOptionRow[]>().notNull().default([]),
    /** text questions: the longest answer accepted */
    maxLength: smallint('max_length')
  },
  (t) => [uniqueIndex('survey_question_pos_uq').on(t.surveyId, t.position), check('survey_question_kind_ck', sql`${t.kind} in ('single', 'multiple', 'rating', 'text')`)]
);

/** One submitted questionnaire. No name, phone, ID number, case or device: channel, place and day only. */
export const surveyResponse = pgTable(
  'survey_response',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => survey.id),
    /** kiosk | staff (a paper form typed in by staff) */
    channel: text('channel').notNull(),
    pointId: integer('point_id').references(() => point.id),
    communityId: integer('community_id').references(() => community.id),
    /** the Shanghai calendar day only: a time of day could single out the resident at a lobby kiosk */
    submittedOn: date('submitted_on').notNull()
  },
  (t) => [index('survey_response_survey_idx').on(t.surveyId), check('survey_response_channel_ck', sql`${t.channel} in ('kiosk', 'staff')`)]
);

/** One answer: a chosen option (one row per option of a multiple choice), a rating, or a short text. */
export const surveyAnswer = pgTable(
  'survey_answer',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    responseId: bigint('response_id', { mode: 'number' })
      .notNull()
      .references(() => surveyResponse.id),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestion.id),
    optionKey: text('option_key'),
    rating: smallint('rating'),
    text: text('text')
  },
  (t) => [
    index('survey_answer_question_idx').on(t.questionId),
    index('survey_answer_response_idx').on(t.responseId),
    check('survey_answer_rating_ck', sql`${t.rating} is null or ${t.rating} between 1 and 5`)
  ]
);
