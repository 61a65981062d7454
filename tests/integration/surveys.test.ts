// The resident service-needs survey: definitions at /admin, anonymous answers from kiosks and staff,
// results that equal counts made independently from the raw answer rows; on PGlite and Postgres.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResults, tallyRows } from '../../src/lib/domain/survey';
import { pairKiosk, rows } from '../support/cases';
import { startTestServer, newKey, type TestServer } from '../support/server';
import { answersFor, makeSurvey, postAnswers, surveyBody } from '../support/surveys';

describe('surveys', () => {
  let s: TestServer;
  let admin: string;
  let street: string;
  let verifier: string;
  let desk: string;
  let kiosk: string;

  beforeAll(async () => {
    s = await startTestServer();
    [admin, street, verifier, desk] = await Promise.all(['admin', 'street', 'verifier', 'desk'].map((u) => s.login(u)));
    kiosk = await pairKiosk(s, admin);
    // Generous: starting a server (migrations on PGlite) is slow on a loaded machine.
  }, 180_000);
  afterAll(() => s?.close());

  const code = (r: { body: any }) => r.body?.error?.code;

  it('a kiosk gets the open surveys of its street, questions only', async () => {
    const open = await makeSurvey(s, admin);
    const draft = await makeSurvey(s, admin, { open: false });
    await postAnswers(s, { token: kiosk }, open.id, { answers: answersFor(open.questions, { text: '希望周末开放' }) });
    const r = await s.api('GET', '/api/kiosk/surveys', { token: kiosk });
    expect(r.status).toBe(200);
    const ids = r.body.data.map((x: { id: number }) => x.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(draft.id);
    const text = JSON.stringify(r.body);
    // Nobody's answers travel to a kiosk: no counts, no texts.
    expect(text).not.toContain('希望周末开放');
    expect(text).not.toMatch(/responses|count|answers/);
    expect(r.body.data.find((x: { id: number }) => x.id === open.id).questions.map((q: { kind: string }) => q.kind)).toEqual(['single', 'multiple', 'rating', 'text']);
  });

  it('answers are checked against the question kinds; bad input changes nothing', async () => {
    const x = await makeSurvey(s, admin);
    const [single, multiple, rating, text] = x.questions;
    const bad = [
      [{ questionId: single.id, choice: ['senior', 'allowance'] }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 3 }],
      [{ questionId: single.id, choice: ['nope'] }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 3 }],
      [{ questionId: single.id, choice: ['senior'] }, { questionId: multiple.id, choice: ['home', 'home'] }, { questionId: rating.id, rating: 3 }],
      [{ questionId: single.id, choice: ['senior'] }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 6 }],
      [{ questionId: single.id, choice: ['senior'] }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 2.5 }],
      [{ questionId: single.id, choice: ['senior'] }, { questionId: multiple.id, choice: ['home'] }],
      [{ questionId: single.id, rating: 3 }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 3 }],
      [{ questionId: single.id, choice: ['senior'] }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 3 }, { questionId: text.id, text: '长'.repeat(51) }],
      [{ questionId: single.id, choice: ['senior'] }, { questionId: single.id, choice: ['senior'] }, { questionId: multiple.id, choice: ['home'] }, { questionId: rating.id, rating: 3 }],
      [{ questionId: 99999999, choice: ['senior'] }]
    ];
    for (const answers of bad) {
      const r = await postAnswers(s, { token: kiosk }, x.id, { answers });
      expect(r.status, JSON.stringify(answers)).toBe(400);
      expect(code(r)).toBe('VALIDATION');
    }
    // A question of another survey is not a question of this one.
    const other = await makeSurvey(s, admin);
    const foreign = await postAnswers(s, { token: kiosk }, x.id, { answers: answersFor(other.questions) });
    expect(foreign.status).toBe(400);
    const [{ n }] = await rows<{ n: number }>(s, sql`select count(*)::int as n from survey_response where survey_id = ${x.id}`);
    expect(n).toBe(0);
    // 50 characters is the question's limit: accepted.
    const okay = await postAnswers(s, { token: kiosk }, x.id, { answers: answersFor(x.questions, { text: '长'.repeat(50) }) });
    expect(okay.status, JSON.stringify(okay.body)).toBe(201);
  });

  it('a closed or draft survey refuses answers; reopening accepts them again', async () => {
    const x = await makeSurvey(s, admin, { open: false });
    expect(code(await postAnswers(s, { token: kiosk }, x.id, { answers: answersFor(x.questions) }))).toBe('SURVEY_CLOSED');
    await s.api('POST', `/api/admin/surveys/${x.id}/state`, { cookie: admin, body: { state: 'open' } });
    expect((await postAnswers(s, { token: kiosk }, x.id, { answers: answersFor(x.questions) })).status).toBe(201);
    await s.api('POST', `/api/admin/surveys/${x.id}/state`, { cookie: admin, body: { state: 'closed' } });
    const closed = await postAnswers(s, { cookie: desk }, x.id, { answers: answersFor(x.questions) });
    expect(closed.status).toBe(409);
    expect(code(closed)).toBe('SURVEY_CLOSED');
    expect((await s.api('GET', '/api/kiosk/surveys', { token: kiosk })).body.data.map((v: { id: number }) => v.id)).not.toContain(x.id);
  });

  it('an idempotent retry lands once; the same key with other answers is a conflict', async () => {
    const x = await makeSurvey(s, admin);
    const key = newKey();
    const body = { answers: answersFor(x.questions, { rating: 5 }) };
    const first = await postAnswers(s, { token: kiosk }, x.id, body, key);
    const again = await postAnswers(s, { token: kiosk }, x.id, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Nothing that identifies the stored response goes back to the device.
    expect(first.body.data).toEqual({ surveyId: x.id, received: true });
    const conflict = await postAnswers(s, { token: kiosk }, x.id, { answers: answersFor(x.questions, { rating: 1 }) }, key);
    expect(code(conflict)).toBe('IDEMPOTENCY_CONFLICT');
    // Concurrent duplicates (a retry racing the first send) still land once.
    const k2 = newKey();
    const racing = await Promise.all([1, 2, 3].map(() => postAnswers(s, { token: kiosk }, x.id, body, k2)));
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const [{ n }] = await rows<{ n: number }>(s, sql`select count(*)::int as n from survey_response where survey_id = ${x.id}`);
    expect(n).toBe(2);
  });

  it('answers are anonymous: channel, place and day only', async () => {
    const x = await makeSurvey(s, admin);
    await postAnswers(s, { token: kiosk }, x.id, { answers: answersFor(x.questions) });
    await postAnswers(s, { cookie: desk }, x.id, { answers: answersFor(x.questions) });
    await postAnswers(s, { cookie: street }, x.id, { answers: answersFor(x.questions), communityId: 2 });
    const got = await rows<Record<string, unknown>>(s, sql`select * from survey_response where survey_id = ${x.id} order by id`);
    expect(Object.keys(got[0]).sort()).toEqual(['channel', 'community_id', 'id', 'point_id', 'submitted_on', 'survey_id']);
    expect(got.map((r) => [r.channel, r.point_id, r.community_id])).toEqual([
      ['kiosk', 1, 1],
      ['staff', 1, 1],
      ['staff', null, 2]
    ]);
    // Each answer tells open results pages (street, and the answering community's verifiers) — which
    // survey and how it came, nothing of what it said.
    const told = await rows<{ scopes: string[]; payload: Record<string, unknown> }>(s, sql`select scopes, payload from event where type = 'survey.answered.v1' and (payload->>'surveyId')::int = ${x.id} order by seq`);
    expect(told.map((e) => [[...e.scopes].sort(), e.payload])).toEqual([
      [['community:1', 'street:1'], { surveyId: x.id, channel: 'kiosk' }],
      [['community:1', 'street:1'], { surveyId: x.id, channel: 'staff' }],
      [['community:2', 'street:1'], { surveyId: x.id, channel: 'staff' }]
    ]);
    // A verifier reads results but does not type in forms.
    expect((await postAnswers(s, { cookie: verifier }, x.id, { answers: answersFor(x.questions) })).status).toBe(403);
    // Street staff may only name places of their own street.
    const away = await postAnswers(s, { cookie: street }, x.id, { answers: answersFor(x.questions), pointId: 99999 });
    expect(code(away)).toBe('VALIDATION');
  });

  it('results equal counts made independently from the raw answer rows, under every filter', async () => {
    const x = await makeSurvey(s, admin);
    const [single, multiple] = x.questions;
    // A generated set: kiosk at point 1, desk at point 1, street staff at point 4 (community 2).
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 36; i++) {
      const who = i % 3 === 0 ? { token: kiosk } : i % 3 === 1 ? { cookie: desk } : { cookie: street };
      const picks = multiple.options.filter(() => rnd(2) === 1).map((o) => o.key);
      const answers = answersFor(x.questions, {
        single: single.options[rnd(3)].key,
        multiple: picks.length ? picks : [multiple.options[2].key],
        rating: 1 + rnd(5),
        ...(rnd(3) === 0 ? { text: `建议<b>${i}</b>` } : {})
      });
      const r = await postAnswers(s, who, x.id, { answers, ...(i % 3 === 2 ? { pointId: 4 } : {}) });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const raw = await rows<{ response_id: number; question_id: number; option_key: string | null; rating: number | null; text: string | null; channel: string; point_id: number | null; community_id: number | null }>(
      s,
      sql`select a.response_id, a.question_id, a.option_key, a.rating, a.text, r.channel, r.point_id, r.community_id
          from survey_answer a join survey_response r on r.id = a.response_id where r.survey_id = ${x.id}`
    );
    const responses = await rows<{ id: number; channel: string; point_id: number | null; community_id: number | null }>(s, sql`select id, channel, point_id, community_id from survey_response where survey_id = ${x.id}`);
    expect(responses.length).toBe(36);
    const filters: { q: string; keep: (r: { channel: string; point_id: number | null; community_id: number | null }) => boolean }[] = [
      { q: '', keep: () => true },
      { q: '?channel=kiosk', keep: (r) => r.channel === 'kiosk' },
      { q: '?channel=staff', keep: (r) => r.channel === 'staff' },
      { q: '?communityId=2', keep: (r) => r.community_id === 2 },
      { q: '?pointId=1&channel=staff', keep: (r) => r.point_id === 1 && r.channel === 'staff' },
      { q: '?communityId=3', keep: (r) => r.community_id === 3 }
    ];
    const questions = (await s.runtime.services.surveys.get((await s.runtime.services.auth.resolve(decodeURIComponent(admin.split('=')[1]))).principal, x.id)).questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      promptZh: q.prompt.zh,
      promptEn: q.prompt.en,
      options: q.options,
      maxLength: q.maxLength
    }));
    for (const f of filters) {
      const res = await s.api('GET', `/api/surveys/${x.id}/results${f.q}`, { cookie: street });
      expect(res.status, f.q).toBe(200);
      const mine = raw.filter(f.keep).map((a) => ({ responseId: Number(a.response_id), questionId: a.question_id, optionKey: a.option_key, rating: a.rating === null ? null : Number(a.rating), text: a.text }));
      const expected = buildResults(questions, tallyRows(mine, responses.filter(f.keep).length));
      const got = res.body.data;
      expect(got.responses, f.q).toBe(expected.responses);
      for (const [i, q] of expected.questions.entries()) {
        const g = got.questions[i];
        expect(g.answered, `${f.q} q${i}`).toBe(q.answered);
        expect(g.options.map((o: { count: number }) => o.count), `${f.q} q${i}`).toEqual(q.options.map((o) => o.count));
        expect(g.ratings, `${f.q} q${i}`).toEqual(q.ratings);
        expect(g.average, `${f.q} q${i}`).toBe(q.average);
        expect([...g.texts].sort(), `${f.q} q${i}`).toEqual([...q.texts].sort());
      }
    }
    // And a hand count of one cell, without the domain's help.
    const seniorByRaw = raw.filter((a) => a.question_id === single.id && a.option_key === 'senior').length;
    const all = (await s.api('GET', `/api/surveys/${x.id}/results`, { cookie: verifier })).body.data;
    expect(all.questions[0].options.find((o: { key: string }) => o.key === 'senior').count).toBe(seniorByRaw);
    expect(all.questions[0].options.reduce((n: number, o: { count: number }) => n + o.count, 0)).toBe(36);
    // The list's counts agree with the rows for every survey of the street (several surveys, interleaved ids).
    const listed = (await s.api('GET', '/api/surveys', { cookie: street })).body.data as { id: number; responses: number }[];
    const perSurvey = await rows<{ survey_id: number; n: number }>(s, sql`select survey_id, count(*)::int as n from survey_response group by survey_id`);
    expect(listed.length).toBeGreaterThan(3);
    for (const l of listed) expect(l.responses, `survey ${l.id}`).toBe(perSurvey.find((p) => Number(p.survey_id) === l.id)?.n ?? 0);
    expect(listed.find((l) => l.id === x.id)!.responses).toBe(36);
  });

  it('questions of an open or answered survey cannot change; a draft can', async () => {
    const draft = await makeSurvey(s, admin, { open: false });
    const edit = await s.api('PUT', `/api/admin/surveys/${draft.id}`, { cookie: admin, body: surveyBody('改过的问卷') });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const open = await makeSurvey(s, admin);
    expect(code(await s.api('PUT', `/api/admin/surveys/${open.id}`, { cookie: admin, body: surveyBody('不许改') }))).toBe('SURVEY_ANSWERED');
    await postAnswers(s, { token: kiosk }, open.id, { answers: answersFor(open.questions) });
    await s.api('POST', `/api/admin/surveys/${open.id}/state`, { cookie: admin, body: { state: 'closed' } });
    const answered = await s.api('PUT', `/api/admin/surveys/${open.id}`, { cookie: admin, body: surveyBody('不许改') });
    expect(answered.status).toBe(409);
    expect(code(answered)).toBe('SURVEY_ANSWERED');
    // Definitions are validated: a choice needs two options with distinct keys.
    const one = surveyBody();
    one.questions[0].options = [{ key: 'a', zh: '甲', en: 'A' }];
    expect(code(await s.api('POST', '/api/admin/surveys', { cookie: admin, body: one }))).toBe('VALIDATION');
    const dup = surveyBody();
    dup.questions[1].options = [
      { key: 'a', zh: '甲', en: 'A' },
      { key: 'a', zh: '乙', en: 'B' }
    ];
    expect(code(await s.api('POST', '/api/admin/surveys', { cookie: admin, body: dup }))).toBe('VALIDATION');
    expect((await s.api('POST', '/api/admin/surveys', { cookie: street, body: surveyBody() })).status).toBe(403);
  });

  it('another street cannot tell a survey exists (404 like an unknown id)', async () => {
    const x = await makeSurvey(s, admin);
    const [st] = await rows<{ id: number }>(s, sql`insert into street (code, name_zh, name_en) values (${`other-${process.pid}`}, '别的街道', 'Other street') returning id`);
    const users = s.runtime.services.auth;
    for (const role of ['admin', 'street'] as const) await users.createStaff({ username: `other-${role}`, displayName: `别街 ${role}`, password: 'other-password-1', role, streetId: Number(st.id) });
    const otherAdmin = await s.login('other-admin', 'other-password-1');
    const otherStreet = await s.login('other-street', 'other-password-1');
    const probes: [string, string, { cookie: string }, unknown?][] = [
      ['GET', `/api/surveys/:id`, { cookie: otherStreet }],
      ['GET', `/api/surveys/:id/results`, { cookie: otherStreet }],
      ['POST', `/api/surveys/:id/responses`, { cookie: otherStreet }, { answers: answersFor(x.questions) }],
      ['PUT', `/api/admin/surveys/:id`, { cookie: otherAdmin }, surveyBody()],
      ['POST', `/api/admin/surveys/:id/state`, { cookie: otherAdmin }, { state: 'closed' }]
    ];
    for (const [method, path, who, body] of probes) {
      const real = await s.api(method, path.replace(':id', String(x.id)), { ...who, body, headers: { 'Idempotency-Key': newKey() } });
      const ghost = await s.api(method, path.replace(':id', '99999999'), { ...who, body, headers: { 'Idempotency-Key': newKey() } });
      expect(real.status, `${method} ${path}`).toBe(404);
      expect(real.body, `${method} ${path}`).toEqual(ghost.body);
    }
    const list = await s.api('GET', '/api/surveys', { cookie: otherStreet });
    expect(list.body.data.map((v: { id: number }) => v.id)).not.toContain(x.id);
    // Still open, unanswered by them.
    expect((await s.api('GET', `/api/surveys/${x.id}`, { cookie: street })).body.data).toMatchObject({ state: 'open', responses: 0 });
  });
});
