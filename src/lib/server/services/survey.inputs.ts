// Wire shapes of the survey feature; the cross-field rules live in domain/survey.ts.
import { z } from 'zod';
import { definitionProblems, MAX_OPTIONS, MAX_QUESTIONS, QUESTION_KINDS, RATING_MAX, RATING_MIN, RESPONSE_CHANNELS, TEXT_LIMIT } from '../../domain/survey';
import { Int4Id, storable } from './case.inputs';

const Text = (max: number) => z.string().trim().min(1).max(max).refine(storable);
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(storable)
    .nullish()
    .transform((s) => s || null);

export const OptionInput = z.object({
  key: z.string().trim().regex(/^[a-z0-9_-]{1,24}$/),
  zh: Text(60),
  en: OptionalText(80)
});

export const QuestionInput = z.object({
  kind: z.enum(QUESTION_KINDS),
  promptZh: Text(200),
  promptEn: OptionalText(300),
  options: z.array(OptionInput).max(MAX_OPTIONS).default([]),
  maxLength: z.number().int().min(1).max(TEXT_LIMIT).nullish().transform((n) => n ?? null)
});

export const SurveyDefinition = z
  .object({
    titleZh: Text(100),
    titleEn: OptionalText(160),
    questions: z.array(QuestionInput).min(1).max(MAX_QUESTIONS)
  })
  .superRefine((d, ctx) => {
    for (const p of definitionProblems(d.questions)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.code });
  });
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

export const StateInput = z.object({ state: z.enum(['open', 'closed']) });

export const AnswerSubmission = z.object({
  answers: z
    .array(
      z.object({
        questionId: Int4Id,
        choice: z.array(z.string().max(24)).max(MAX_OPTIONS).optional(),
        rating: z.number().int().min(RATING_MIN).max(RATING_MAX).optional(),
        text: z.string().max(TEXT_LIMIT * 2).refine(storable).optional()
      })
    )
    .max(MAX_QUESTIONS),
  /** staff entering a paper form: where it was filled in (street/admin may name a point or a community) */
  pointId: Int4Id.optional(),
  communityId: Int4Id.optional()
});
export type AnswerSubmission = z.infer<typeof AnswerSubmission>;

/** An empty form field means "all". */
const blank = (v: unknown) => (v === '' ? undefined : v);
export const ResultsFilter = z.object({
  communityId: z.preprocess(blank, z.coerce.number().int().positive().max(2_147_483_647).optional()),
  pointId: z.preprocess(blank, z.coerce.number().int().positive().max(2_147_483_647).optional()),
  channel: z.preprocess(blank, z.enum(RESPONSE_CHANNELS).optional())
});
export type ResultsFilter = z.infer<typeof ResultsFilter>;
