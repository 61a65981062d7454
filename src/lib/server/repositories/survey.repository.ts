// Surveys, their questions and anonymous responses: all the SQL of the survey feature.
import { and, asc, count, countDistinct, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { survey, surveyAnswer, surveyQuestion, surveyResponse, type SurveyOptionRow } from '../db/schema';
import type { AnswerRow, QuestionKind, ResponseChannel, SurveyQuestion, SurveyState, Tallies } from '../../domain/survey';

export type SurveyRow = typeof survey.$inferSelect;

export interface NewQuestion {
  kind: QuestionKind;
  promptZh: string;
  promptEn: string | null;
  options: SurveyOptionRow[];
  maxLength: number | null;
}

export async function insertSurvey(db: DbOrTx, s: { streetId: number; titleZh: string; titleEn: string | null; createdBy: number | null }): Promise<SurveyRow> {
  const [row] = await db.insert(survey).values(s).returning();
  return row;
}

/** Locks the survey row: definition edits, state changes and answers of one survey run one at a time. */
export async function lockSurvey(db: DbOrTx, id: number): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(survey).where(eq(survey.id, id)).for('update');
  return row;
}

export async function findSurvey(db: DbOrTx, id: number): Promise<SurveyRow | undefined> {
  const [row] = await db.select().from(survey).where(eq(survey.id, id));
  return row;
}

export async function updateSurvey(db: DbOrTx, id: number, set: Partial<Pick<SurveyRow, 'titleZh' | 'titleEn' | 'state'>>, now: Date): Promise<void> {
  await db.update(survey).set({ ...set, updatedAt: now }).where(eq(survey.id, id));
}

/** Replaces the questions of a survey that has no answers (the service checks). */
export async function replaceQuestions(db: DbOrTx, surveyId: number, questions: NewQuestion[]): Promise<void> {
  await db.delete(surveyQuestion).where(eq(surveyQuestion.surveyId, surveyId));
  if (questions.length) await db.insert(surveyQuestion).values(questions.map((q, i) => ({ ...q, surveyId, position: i + 1 })));
}

export async function questionsOf(db: DbOrTx, surveyIds: number[]): Promise<(SurveyQuestion & { surveyId: number })[]> {
  if (!surveyIds.length) return [];
  const rows = await db
    .select()
    .from(surveyQuestion)
    .where(inArray(surveyQuestion.surveyId, surveyIds))
    .orderBy(asc(surveyQuestion.surveyId), asc(surveyQuestion.position));
  return rows.map((q) => ({ id: q.id, surveyId: q.surveyId, kind: q.kind as QuestionKind, promptZh: q.promptZh, promptEn: q.promptEn, options: q.options, maxLength: q.maxLength }));
}

export async function listSurveys(db: DbOrTx, streetId: number, state?: SurveyState): Promise<{ survey: SurveyRow; responses: number }[]> {
  const rows = await db
    .select()
    .from(survey)
    .where(and(eq(survey.streetId, streetId), state ? eq(survey.state, state) : undefined))
    .orderBy(desc(survey.id));
  if (!rows.length) return [];
  const counts = await db
    .select({ surveyId: surveyResponse.surveyId, n: count() })
    .from(surveyResponse)
    .where(
      inArray(
        surveyResponse.surveyId,
        rows.map((r) => r.id)
      )
    )
    .groupBy(surveyResponse.surveyId);
  const n = new Map(counts.map((c) => [c.surveyId, Number(c.n)]));
  return rows.map((r) => ({ survey: r, responses: n.get(r.id) ?? 0 }));
}

export async function responseCount(db: DbOrTx, surveyId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(surveyResponse).where(eq(surveyResponse.surveyId, surveyId));
  return Number(row?.n ?? 0);
}

export async function insertResponse(
  db: DbOrTx,
  r: { surveyId: number; channel: ResponseChannel; pointId: number | null; communityId: number | null; submittedOn: string },
  answers: AnswerRow[]
): Promise<number> {
  const [row] = await db.insert(surveyResponse).values(r).returning({ id: surveyResponse.id });
  if (answers.length) await db.insert(surveyAnswer).values(answers.map((a) => ({ ...a, responseId: row.id })));
  return row.id;
}

export interface ResponseFilter {
  communityId?: number;
  pointId?: number;
  channel?: ResponseChannel;
}

function responseWhere(surveyId: number, f: ResponseFilter): SQL | undefined {
  return and(
    eq(surveyResponse.surveyId, surveyId),
    f.communityId ? eq(surveyResponse.communityId, f.communityId) : undefined,
    f.pointId ? eq(surveyResponse.pointId, f.pointId) : undefined,
    f.channel ? eq(surveyResponse.channel, f.channel) : undefined
  );
}

/** the newest free-text answers listed per results page (counts are never cut) */
export const TEXTS_SHOWN = 500;

/** Every count of the results page, grouped by the database, under one filter. */
export async function tallies(db: DbOrTx, surveyId: number, f: ResponseFilter): Promise<Tallies> {
  const where = responseWhere(surveyId, f);
  const from = <T extends SelectedFields>(cols: T) => db.select(cols).from(surveyAnswer).innerJoin(surveyResponse, eq(surveyResponse.id, surveyAnswer.responseId));
  const [[total], answered, options, ratings, texts] = await Promise.all([
    db.select({ n: count() }).from(surveyResponse).where(where),
    from({ questionId: surveyAnswer.questionId, n: countDistinct(surveyAnswer.responseId) })
      .where(where)
      .groupBy(surveyAnswer.questionId),
    from({ questionId: surveyAnswer.questionId, optionKey: surveyAnswer.optionKey, n: count() })
      .where(and(where, isNotNull(surveyAnswer.optionKey)))
      .groupBy(surveyAnswer.questionId, surveyAnswer.optionKey),
    from({ questionId: surveyAnswer.questionId, rating: surveyAnswer.rating, n: count() })
      .where(and(where, isNotNull(surveyAnswer.rating)))
      .groupBy(surveyAnswer.questionId, surveyAnswer.rating),
    from({ questionId: surveyAnswer.questionId, text: surveyAnswer.text })
      .where(and(where, isNotNull(surveyAnswer.text)))
      .orderBy(desc(surveyAnswer.id))
      .limit(TEXTS_SHOWN)
  ]);
  return {
    responses: Number(total?.n ?? 0),
    answered: answered.map((a) => ({ questionId: a.questionId, n: Number(a.n) })),
    options: options.map((o) => ({ questionId: o.questionId, optionKey: o.optionKey!, n: Number(o.n) })),
    ratings: ratings.map((o) => ({ questionId: o.questionId, rating: Number(o.rating), n: Number(o.n) })),
    texts: texts.map((t) => ({ questionId: t.questionId, text: t.text! }))
  };
}

/** Where responses came from, for the results page's filters. */
export function responsePlaces(db: DbOrTx, surveyId: number) {
  return db
    .selectDistinct({ communityId: surveyResponse.communityId, pointId: surveyResponse.pointId })
    .from(surveyResponse)
    .where(eq(surveyResponse.surveyId, surveyId));
}
