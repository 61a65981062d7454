// A survey definition from the plain form of /admin/surveys: title fields, then per question `qN.kind`,
// `qN.promptZh`, `qN.promptEn`, `qN.options` (one option a line, "中文|English") and `qN.maxLength`.
// Blank question slots are skipped; the service validates what is left (bad input → the form's error).
// And the paper questionnaire staff type in (`filePaperForm`).
import type { StaffPrincipal } from '../../domain/roles';
import { fail } from '@sveltejs/kit';
import { checkAnswers, MAX_QUESTIONS } from '../../domain/survey';
import { AppError } from '../../protocol/errors';
import { isIdempotencyKey } from '../../protocol/http';
import type { PublicSurvey } from '../../protocol/surveys';
import { attempt } from './form-action';

const str = (f: FormData, k: string) => {
  const v = f.get(k);
  return typeof v === 'string' ? v : '';
};

/** The definition, and for each of its questions the form's slot it came from (blank slots are skipped). */
export function surveyForm(f: FormData) {
  const questions: unknown[] = [];
  const slots: number[] = [];
  for (let i = 0; i < MAX_QUESTIONS + 5; i++) {
    const promptZh = str(f, `q${i}.promptZh`).trim();
    // A slot left blank is skipped; one with options or an English prompt but no Chinese one is a question
    // missing its prompt, refused at its place rather than dropped.
    if (!promptZh && !str(f, `q${i}.options`).trim() && !str(f, `q${i}.promptEn`).trim()) continue;
    const kind = str(f, `q${i}.kind`);
    const choice = kind === 'single' || kind === 'multiple';
    const options = choice
      ? str(f, `q${i}.options`)
          .split('\n')
          .map((l) => l.split('|').map((x) => x.trim()))
          .filter((p) => p[0])
          // Keys follow the order; they only need to be stable while answers exist, and then nothing changes.
          .map(([zh, en], j) => ({ key: `o${j + 1}`, zh, en: en || null }))
      : [];
    const max = str(f, `q${i}.maxLength`).trim();
    questions.push({ kind, promptZh, promptEn: str(f, `q${i}.promptEn`), options, maxLength: kind === 'text' && max ? Number(max) : null });
    slots.push(i);
  }
  return { definition: { titleZh: str(f, 'titleZh'), titleEn: str(f, 'titleEn'), questions }, slots };
}

/**
 * A refused definition comes back as typed (`values`, by field name) with what is wrong where: `faults` maps
 * a field (`titleZh`) or a slot (`q3`) to the first problem's code, so the admin fixes one question instead
 * of writing the survey again.
 */
export function refusedDefinition(f: FormData, slots: number[], details: unknown) {
  const values: Record<string, string> = {};
  for (const [name, v] of f) if (typeof v === 'string') values[name] = v;
  const faults: Record<string, string> = {};
  for (const d of Array.isArray(details) ? (details as { path: string; code: string }[]) : []) {
    const m = /^questions\.(\d+)/.exec(d.path);
    const at = m ? `q${slots[Number(m[1])]}` : d.path.split('.')[0] || 'questions';
    faults[at] ??= d.code;
  }
  return { values, faults };
}

/**
 * A paper questionnaire typed in by staff: `a<questionId>` holds the chosen option key(s), the rating or
 * the text; `where` is `p<pointId>`, `c<communityId>` or empty.
 */
export function paperAnswers(f: FormData, questions: { id: number; kind: string }[]) {
  const answers: { questionId: number; choice?: string[]; rating?: number; text?: string }[] = [];
  for (const q of questions) {
    const name = `a${q.id}`;
    if (q.kind === 'multiple') {
      const choice = f.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
      if (choice.length) answers.push({ questionId: q.id, choice });
    } else if (q.kind === 'single') {
      const v = str(f, name);
      if (v) answers.push({ questionId: q.id, choice: [v] });
    } else if (q.kind === 'rating') {
      const v = str(f, name);
      if (v) answers.push({ questionId: q.id, rating: Number(v) });
    } else {
      const v = str(f, name).trim();
      if (v) answers.push({ questionId: q.id, text: v });
    }
  }
  const where = /^([pc])(\d{1,9})$/.exec(str(f, 'where'));
  return { answers, ...(where ? (where[1] === 'p' ? { pointId: Number(where[2]) } : { communityId: Number(where[2]) }) : {}) };
}

/**
 * A paper form's `?/answer` action: its key, the survey's questions as they are now, the answers. A refusal
 * is the form's error, and comes back with the values as posted and the questions at fault, so the clerk
 * corrects one answer instead of typing the whole form in again.
 */
export async function filePaperForm(locals: App.Locals, by: StaffPrincipal, surveyId: number, f: FormData) {
  const key = str(f, 'key');
  const { surveys } = locals.runtime.services;
  // The survey as the service read it: a refusal is checked against the same questions.
  let survey: Awaited<ReturnType<typeof surveys.get>> | undefined;
  const r = await attempt(locals, async () => {
    if (!isIdempotencyKey(key)) throw new AppError('VALIDATION', [{ path: 'key', code: 'required' }]);
    // Closed while the form was being typed in: an agent no longer reads it, and is told it has closed.
    survey = await surveys.get(by, surveyId).catch((e: unknown) => {
      throw e instanceof AppError && e.code === 'NOT_FOUND' ? new AppError('SURVEY_CLOSED') : e;
    });
    const out = await surveys.answer(by, key, survey.id, paperAnswers(f, survey.questions));
    // A second press of 保存 is answered with the first result: the page counts the form once.
    return { ...out.result, replayed: out.replayed };
  });
  if ('result' in r) return r;
  // A survey closed or gone has no question at fault: the form's error says so.
  return fail(r.status, { ...r.data, values: posted(f), faults: survey ? faultsOf(survey.questions, f) : {} });
}

/** Every posted field by name (a checkbox group has several values), except the one-use key. */
function posted(f: FormData): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, v] of f) if (name !== 'key' && typeof v === 'string') (values[name] ??= []).push(v);
  return values;
}

/** question id → its problem (`required`, or another code of checkAnswers): the service's own check, run again. */
function faultsOf(questions: PublicSurvey['questions'], f: FormData): Record<number, string> {
  const { answers } = paperAnswers(f, questions);
  const { problems } = checkAnswers(questions.map((q) => ({ ...q, promptZh: q.prompt.zh })), answers);
  const faults: Record<number, string> = {};
  for (const p of problems) {
    // `answers.<i>…` is the i-th answer sent, `questions.<i>` the i-th question left blank.
    const m = /^(answers|questions)\.(\d+)/.exec(p.path);
    const id = m && (m[1] === 'answers' ? answers[Number(m[2])]?.questionId : questions[Number(m[2])]?.id);
    if (id && !(id in faults)) faults[id] = p.code;
  }
  return faults;
}
