// The resident service-needs survey (居民服务需求调查), pure: which answers fit which questions, and how
// counted answers become the results the street office reads. No IO; shared with the browser.

export const QUESTION_KINDS = ['single', 'multiple', 'rating', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const SURVEY_STATES = ['draft', 'open', 'closed'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];
export const RESPONSE_CHANNELS = ['kiosk', 'staff'] as const;
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];

export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** the longest free-text answer any question may allow, and the default */
export const TEXT_LIMIT = 200;
export const TEXT_DEFAULT = 100;
export const MAX_QUESTIONS = 20;
export const MAX_OPTIONS = 12;

export interface SurveyOption {
  key: string;
  zh: string;
  en?: string | null;
}

export interface SurveyQuestion {
  id: number;
  kind: QuestionKind;
  promptZh: string;
  promptEn?: string | null;
  options: SurveyOption[];
  maxLength: number | null;
}

/** What a client sends for one question. */
export interface AnswerInput {
  questionId: number;
  /** chosen option keys: exactly one for `single`, one or more for `multiple` */
  choice?: string[];
  rating?: number;
  text?: string;
}

/** What is stored: one row per chosen option, rating or text. */
export interface AnswerRow {
  questionId: number;
  optionKey: string | null;
  rating: number | null;
  text: string | null;
}

export interface Problem {
  path: string;
  code: string;
}

/** Choice and rating questions must be answered; a free-text question may be left empty. */
export function isRequired(q: Pick<SurveyQuestion, 'kind'>): boolean {
  return q.kind !== 'text';
}

/** The stored rows for a set of answers, or what is wrong with them. Order of rows follows the questions. */
export function checkAnswers(questions: readonly SurveyQuestion[], answers: readonly AnswerInput[]): { rows: AnswerRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byId = new Map<number, { a: AnswerInput; i: number }>();
  answers.forEach((a, i) => {
    if (!questions.some((q) => q.id === a.questionId)) problems.push({ path: `answers.${i}.questionId`, code: 'unknown_question' });
    else if (byId.has(a.questionId)) problems.push({ path: `answers.${i}.questionId`, code: 'duplicate' });
    else byId.set(a.questionId, { a, i });
  });
  const rows: AnswerRow[] = [];
  questions.forEach((q, qi) => {
    const got = byId.get(q.id);
    const at = got ? `answers.${got.i}` : `questions.${qi}`;
    const a = got?.a;
    const empty = !a || (a.choice === undefined && a.rating === undefined && (a.text === undefined || a.text.trim() === ''));
    if (empty) {
      if (isRequired(q)) problems.push({ path: at, code: 'required' });
      return;
    }
    const keys = new Set(q.options.map((o) => o.key));
    const others = (allowed: 'choice' | 'rating' | 'text') =>
      (allowed !== 'choice' && a.choice !== undefined) || (allowed !== 'rating' && a.rating !== undefined) || (allowed !== 'text' && a.text !== undefined);
    switch (q.kind) {
      case 'single':
      case 'multiple': {
        const choice = a.choice ?? [];
        if (others('choice') || choice.length === 0) problems.push({ path: at, code: 'choice_expected' });
        else if (q.kind === 'single' && choice.length !== 1) problems.push({ path: `${at}.choice`, code: 'one_option' });
        else if (new Set(choice).size !== choice.length) problems.push({ path: `${at}.choice`, code: 'duplicate' });
        else if (choice.some((k) => !keys.has(k))) problems.push({ path: `${at}.choice`, code: 'unknown_option' });
        // Rows in the question's option order, whatever order they were tapped in.
        else for (const o of q.options) if (choice.includes(o.key)) rows.push({ questionId: q.id, optionKey: o.key, rating: null, text: null });
        break;
      }
      case 'rating':
        if (others('rating') || !Number.isInteger(a.rating) || a.rating! < RATING_MIN || a.rating! > RATING_MAX) problems.push({ path: `${at}.rating`, code: 'rating_1_5' });
        else rows.push({ questionId: q.id, optionKey: null, rating: a.rating!, text: null });
        break;
      case 'text': {
        const text = (a.text ?? '').trim();
        if (others('text')) problems.push({ path: at, code: 'text_expected' });
        else if ([...text].length > (q.maxLength ?? TEXT_DEFAULT)) problems.push({ path: `${at}.text`, code: 'too_long' });
        else rows.push({ questionId: q.id, optionKey: null, rating: null, text });
        break;
      }
    }
  });
  if (!problems.length && rows.length === 0) problems.push({ path: 'answers', code: 'empty' });
  return { rows, problems };
}

/** Cross-field rules of a definition that a schema cannot say: unique option keys, enough options. */
export function definitionProblems(questions: readonly Omit<SurveyQuestion, 'id'>[]): Problem[] {
  const out: Problem[] = [];
  if (questions.length === 0) out.push({ path: 'questions', code: 'required' });
  if (questions.length > MAX_QUESTIONS) out.push({ path: 'questions', code: 'too_many' });
  questions.forEach((q, i) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && q.options.length < 2) out.push({ path: `questions.${i}.options`, code: 'two_options' });
    if (choice && q.options.length > MAX_OPTIONS) out.push({ path: `questions.${i}.options`, code: 'too_many' });
    if (!choice && q.options.length) out.push({ path: `questions.${i}.options`, code: 'no_options' });
    // Two options with one key, or with the same words (which split one answer's count in two).
    const words = new Set(q.options.map((o) => o.zh.trim()));
    if (new Set(q.options.map((o) => o.key)).size !== q.options.length || words.size !== q.options.length) out.push({ path: `questions.${i}.options`, code: 'duplicate_key' });
    if (q.kind === 'text' && q.maxLength !== null && (q.maxLength < 1 || q.maxLength > TEXT_LIMIT)) out.push({ path: `questions.${i}.maxLength`, code: 'out_of_range' });
    if (q.kind !== 'text' && q.maxLength !== null) out.push({ path: `questions.${i}.maxLength`, code: 'text_only' });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Results

/** Counts as the database groups them (repository) or as a test counts raw rows. */
export interface Tallies {
  responses: number;
  /** distinct responses that answered each question */
  answered: { questionId: number; n: number }[];
  options: { questionId: number; optionKey: string; n: number }[];
  ratings: { questionId: number; rating: number; n: number }[];
  texts: { questionId: number; text: string }[];
}

export interface QuestionResult {
  questionId: number;
  kind: QuestionKind;
  prompt: { zh: string; en: string | null };
  /** responses that answered this question */
  answered: number;
  options: { key: string; zh: string; en: string | null; count: number }[];
  /** rating questions: how many gave 1…5, and the mean (null with no answers) */
  ratings: number[] | null;
  average: number | null;
  texts: string[];
}

export interface SurveyResults {
  responses: number;
  questions: QuestionResult[];
}

export function buildResults(questions: readonly SurveyQuestion[], t: Tallies): SurveyResults {
  const answered = new Map(t.answered.map((a) => [a.questionId, a.n]));
  return {
    responses: t.responses,
    questions: questions.map((q) => {
      const options = q.options.map((o) => ({ key: o.key, zh: o.zh, en: o.en ?? null, count: t.options.find((x) => x.questionId === q.id && x.optionKey === o.key)?.n ?? 0 }));
      let ratings: number[] | null = null;
      let average: number | null = null;
      if (q.kind === 'rating') {
        ratings = [1, 2, 3, 4, 5].map((r) => t.ratings.find((x) => x.questionId === q.id && x.rating === r)?.n ?? 0);
        const n = ratings.reduce((s, x) => s + x, 0);
        average = n ? Math.round((ratings.reduce((s, x, i) => s + x * (i + 1), 0) / n) * 100) / 100 : null;
      }
      return {
        questionId: q.id,
        kind: q.kind,
        prompt: { zh: q.promptZh, en: q.promptEn ?? null },
        answered: answered.get(q.id) ?? 0,
        options,
        ratings,
        average,
        texts: t.texts.filter((x) => x.questionId === q.id).map((x) => x.text)
      };
    })
  };
}

/** Tallies counted in memory from stored rows: the reference the SQL grouping must agree with. */
export function tallyRows(rows: readonly (AnswerRow & { responseId: number })[], responses: number): Tallies {
  const answered = new Map<number, Set<number>>();
  const options = new Map<string, { questionId: number; optionKey: string; n: number }>();
  const ratings = new Map<string, { questionId: number; rating: number; n: number }>();
  const texts: Tallies['texts'] = [];
  for (const r of rows) {
    if (!answered.has(r.questionId)) answered.set(r.questionId, new Set());
    answered.get(r.questionId)!.add(r.responseId);
    if (r.optionKey !== null) {
      const k = `${r.questionId}:${r.optionKey}`;
      const e = options.get(k) ?? { questionId: r.questionId, optionKey: r.optionKey, n: 0 };
      e.n++;
      options.set(k, e);
    }
    if (r.rating !== null) {
      const k = `${r.questionId}:${r.rating}`;
      const e = ratings.get(k) ?? { questionId: r.questionId, rating: r.rating, n: 0 };
      e.n++;
      ratings.set(k, e);
    }
    if (r.text !== null && r.text !== '') texts.push({ questionId: r.questionId, text: r.text });
  }
  return {
    responses,
    answered: [...answered].map(([questionId, s]) => ({ questionId, n: s.size })),
    options: [...options.values()],
    ratings: [...ratings.values()],
    texts
  };
}
