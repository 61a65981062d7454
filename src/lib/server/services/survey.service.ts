// The resident service-needs survey (居民服务需求调查). Street admins define surveys and open or close
// them; kiosks and staff file anonymous answers to open ones; street users, admins and the street's
// verifiers read the results. Answers carry a channel and a place, never a person or a case.
import { AppError } from '../../protocol/errors';
import type { PublicSurvey } from '../../protocol/surveys';
import { principalKey, type KioskPrincipal, type Principal, type StaffPrincipal } from '../../domain/roles';
import { shanghaiDateKey } from '../../domain/sla';
import { buildResults, checkAnswers, type SurveyQuestion, type SurveyState } from '../../domain/survey';
import { communitiesOf, placesOf } from '../repositories/dashboard.repository';
import { communityStreet, pointPlace } from '../repositories/org.repository';
import * as repo from '../repositories/survey.repository';
import type { Core } from '../runtime/core';
import { Int4Id } from './case.inputs';
import { AnswerSubmission, ResultsFilter, StateInput, SurveyDefinition } from './survey.inputs';
import { command, transact } from './uow';
import { requireAdmin } from './actor';

/** who reads results: the street office, its admins and (read-only) the street's community verifiers */
const READERS = new Set(['admin', 'street', 'verifier']);
/** who types in a paper form: the street office, its admins and agent-point staff (at their point) */
const PAPER = new Set(['admin', 'street', 'agent']);


function publicQuestions(qs: SurveyQuestion[]): PublicSurvey['questions'] {
  return qs.map((q) => ({
    id: q.id,
    kind: q.kind,
    prompt: { zh: q.promptZh, en: q.promptEn ?? null },
    options: q.options.map((o) => ({ key: o.key, zh: o.zh, en: o.en ?? null })),
    maxLength: q.kind === 'text' ? q.maxLength : null
  }));
}

export function createSurveyService(core: Core) {
  const { db } = core;

  /** The survey if the caller's street owns it; any other street's survey does not exist for them. */
  async function ownSurvey(p: Principal, rawId: number) {
    const id = Int4Id.parse(rawId);
    const s = await repo.findSurvey(db, id);
    if (!s || s.streetId !== p.streetId) throw new AppError('NOT_FOUND');
    return s;
  }

  const questionRows = (d: SurveyDefinition) =>
    d.questions.map((q) => ({ kind: q.kind, promptZh: q.promptZh, promptEn: q.promptEn, options: q.options.map((o) => ({ key: o.key, zh: o.zh, ...(o.en ? { en: o.en } : {}) })), maxLength: q.kind === 'text' ? q.maxLength : null }));

  async function create(by: StaffPrincipal, raw: unknown) {
    requireAdmin(by);
    const d = SurveyDefinition.parse(raw);
    return transact(core, principalKey(by), async (tx) => {
      const s = await repo.insertSurvey(tx, { streetId: by.streetId, titleZh: d.titleZh, titleEn: d.titleEn, createdBy: by.userId });
      await repo.replaceQuestions(tx, s.id, questionRows(d));
      return { id: s.id, state: s.state as SurveyState };
    });
  }

  /** A definition changes only while the survey is not open and has no answers; otherwise copy it. */
  async function update(by: StaffPrincipal, rawId: number, raw: unknown) {
    requireAdmin(by);
    await ownSurvey(by, rawId);
    const d = SurveyDefinition.parse(raw);
    return transact(core, principalKey(by), async (tx) => {
      const s = (await repo.lockSurvey(tx, rawId))!;
      if (s.state === 'open' || (await repo.responseCount(tx, s.id)) > 0) throw new AppError('SURVEY_ANSWERED');
      await repo.updateSurvey(tx, s.id, { titleZh: d.titleZh, titleEn: d.titleEn }, core.now());
      await repo.replaceQuestions(tx, s.id, questionRows(d));
      return { id: s.id, state: s.state as SurveyState };
    });
  }

  async function setState(by: StaffPrincipal, rawId: number, raw: unknown) {
    requireAdmin(by);
    await ownSurvey(by, rawId);
    const { state } = StateInput.parse(raw);
    return transact(core, principalKey(by), async (tx) => {
      const s = (await repo.lockSurvey(tx, rawId))!;
      if (s.state !== state) await repo.updateSurvey(tx, s.id, { state }, core.now());
      return { id: s.id, state };
    });
  }

  /** Surveys of the caller's street. Agents see the open ones (to type in paper forms), without counts. */
  async function list(by: StaffPrincipal) {
    const reader = READERS.has(by.role);
    const rows = await repo.listSurveys(db, by.streetId, reader ? undefined : 'open');
    return rows.map((r) => ({
      id: r.survey.id,
      title: { zh: r.survey.titleZh, en: r.survey.titleEn },
      state: r.survey.state as SurveyState,
      updatedAt: r.survey.updatedAt.toISOString(),
      responses: reader ? Number(r.responses) : null
    }));
  }

  /** One survey with its questions, for the editor and the paper-form entry. */
  async function get(by: StaffPrincipal, rawId: number) {
    const s = await ownSurvey(by, rawId);
    if (!READERS.has(by.role) && s.state !== 'open') throw new AppError('NOT_FOUND');
    const [questions, responses] = await Promise.all([repo.questionsOf(db, [s.id]), repo.responseCount(db, s.id)]);
    return {
      id: s.id,
      title: { zh: s.titleZh, en: s.titleEn },
      state: s.state as SurveyState,
      responses,
      editable: s.state !== 'open' && responses === 0,
      questions: publicQuestions(questions)
    };
  }

  /** What a kiosk shows: the open surveys of its street, questions only — never anyone's answers. */
  async function openForKiosk(k: KioskPrincipal): Promise<PublicSurvey[]> {
    const open = await repo.listSurveys(db, k.streetId, 'open');
    const qs = await repo.questionsOf(
      db,
      open.map((o) => o.survey.id)
    );
    return open
      .map((o) => ({ id: o.survey.id, title: { zh: o.survey.titleZh, en: o.survey.titleEn }, questions: publicQuestions(qs.filter((q) => q.surveyId === o.survey.id)) }))
      .filter((s) => s.questions.length > 0);
  }

  /** Where an answer was given: the kiosk's point, the agent's point, or what street staff name. */
  async function placeOf(p: Principal, input: AnswerSubmission): Promise<{ pointId: number | null; communityId: number | null }> {
    if (p.kind === 'kiosk') return { pointId: p.pointId, communityId: p.communityId };
    if (!PAPER.has(p.role)) throw new AppError('FORBIDDEN');
    if (p.role === 'agent') return { pointId: p.pointId, communityId: p.communityId };
    if (input.pointId) {
      const place = await pointPlace(db, input.pointId);
      if (!place || place.streetId !== p.streetId) throw new AppError('VALIDATION', [{ path: 'pointId', code: 'unknown_point' }]);
      return { pointId: place.pointId, communityId: place.communityId };
    }
    if (input.communityId) {
      if ((await communityStreet(db, input.communityId)) !== p.streetId) throw new AppError('VALIDATION', [{ path: 'communityId', code: 'unknown_community' }]);
      return { pointId: null, communityId: input.communityId };
    }
    return { pointId: null, communityId: null };
  }

  /**
   * One anonymous questionnaire, exactly once per idempotency key (a kiosk's offline queue resends the
   * same key). Checked against the questions as they are when it arrives; a closed survey refuses it.
   */
  async function answer(p: Principal, key: string, rawId: number, raw: unknown) {
    const input = AnswerSubmission.parse(raw);
    const surveyId = (await ownSurvey(p, rawId)).id;
    const place = await placeOf(p, input);
    return command(core, { principal: principalKey(p), key, name: 'survey.answer', input: { surveyId, ...input } }, async (tx, emit) => {
      const s = (await repo.lockSurvey(tx, surveyId))!;
      if (s.state !== 'open') throw new AppError('SURVEY_CLOSED');
      const questions = await repo.questionsOf(tx, [s.id]);
      const { rows, problems } = checkAnswers(questions, input.answers);
      if (problems.length) throw new AppError('VALIDATION', problems);
      const channel = p.kind === 'kiosk' ? 'kiosk' : 'staff';
      await repo.insertResponse(tx, { surveyId: s.id, channel, ...place, submittedOn: shanghaiDateKey(core.now()) }, rows);
      // Open results pages refetch on it: the street's, and a verifier's when the answer came from their community.
      emit('survey.answered.v1', [`street:${s.streetId}`, ...(place.communityId ? [`community:${place.communityId}`] : [])], { surveyId: s.id, channel });
      // No response id goes back: nothing on the device or in the idempotency store points at the answers.
      return { surveyId: s.id, received: true };
    });
  }

  /** Per question: counts per option, rating spread and mean, free texts; under a place / channel filter. */
  async function results(by: StaffPrincipal, rawId: number, rawFilter: unknown) {
    if (!READERS.has(by.role)) throw new AppError('FORBIDDEN');
    const s = await ownSurvey(by, rawId);
    const filter = ResultsFilter.parse(rawFilter ?? {});
    const [questions, tallies, communities, points] = await Promise.all([
      repo.questionsOf(db, [s.id]),
      repo.tallies(db, s.id, filter),
      communitiesOf(db, by.streetId),
      placesOf(db, by.streetId)
    ]);
    return {
      survey: { id: s.id, title: { zh: s.titleZh, en: s.titleEn }, state: s.state as SurveyState },
      filter,
      ...buildResults(questions, tallies),
      textsShown: repo.TEXTS_SHOWN,
      places: {
        communities: communities.map((c) => ({ id: c.id, zh: c.nameZh, en: c.nameEn })),
        points: points.map((x) => ({ id: x.pointId, communityId: x.communityId, zh: x.pointZh, en: x.pointEn }))
      }
    };
  }

  return { create, update, setState, list, get, openForKiosk, answer, results };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
