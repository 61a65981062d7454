// The survey's pure core: which answers fit which questions, definition rules, and results from counts.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildResults, checkAnswers, definitionProblems, tallyRows, type AnswerRow, type SurveyQuestion } from '../../src/lib/domain/survey';

const opts = (...keys: string[]) => keys.map((key) => ({ key, zh: key.toUpperCase() }));
const Q: SurveyQuestion[] = [
  { id: 1, kind: 'single', promptZh: '单选', options: opts('a', 'b', 'c'), maxLength: null },
  { id: 2, kind: 'multiple', promptZh: '多选', options: opts('x', 'y', 'z'), maxLength: null },
  { id: 3, kind: 'rating', promptZh: '评分', options: [], maxLength: null },
  { id: 4, kind: 'text', promptZh: '建议', options: [], maxLength: 10 }
];
const good = [
  { questionId: 1, choice: ['b'] },
  { questionId: 2, choice: ['z', 'x'] },
  { questionId: 3, rating: 5 }
];
const codes = (answers: Parameters<typeof checkAnswers>[1]) => checkAnswers(Q, answers).problems.map((p) => p.code);

describe('checkAnswers', () => {
  it('turns valid answers into rows, options in question order, text optional', () => {
    const { rows, problems } = checkAnswers(Q, good);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { questionId: 1, optionKey: 'b', rating: null, text: null },
      { questionId: 2, optionKey: 'x', rating: null, text: null },
      { questionId: 2, optionKey: 'z', rating: null, text: null },
      { questionId: 3, optionKey: null, rating: 5, text: null }
    ]);
    expect(checkAnswers(Q, [...good, { questionId: 4, text: '  晚上开门  ' }]).rows.at(-1)).toEqual({ questionId: 4, optionKey: null, rating: null, text: '晚上开门' });
    // Blank text is no answer, not an empty row.
    expect(checkAnswers(Q, [...good, { questionId: 4, text: '   ' }]).rows).toHaveLength(4);
  });

  it('refuses answers that do not fit the question kind', () => {
    expect(codes([{ questionId: 1, choice: ['a', 'b'] }, good[1], good[2]])).toEqual(['one_option']);
    expect(codes([{ questionId: 1, choice: ['q'] }, good[1], good[2]])).toEqual(['unknown_option']);
    expect(codes([good[0], { questionId: 2, choice: ['x', 'x'] }, good[2]])).toEqual(['duplicate']);
    expect(codes([good[0], { questionId: 2, choice: [] }, good[2]])).toEqual(['choice_expected']);
    expect(codes([{ questionId: 1, rating: 2 }, good[1], good[2]])).toEqual(['choice_expected']);
    expect(codes([good[0], good[1], { questionId: 3, rating: 0 }])).toEqual(['rating_1_5']);
    expect(codes([good[0], good[1], { questionId: 3, rating: 6 }])).toEqual(['rating_1_5']);
    expect(codes([good[0], good[1], { questionId: 3, rating: 3.5 }])).toEqual(['rating_1_5']);
    expect(codes([good[0], good[1], { questionId: 3, rating: 3, text: '好' }])).toEqual(['rating_1_5']);
    expect(codes([...good, { questionId: 4, text: '一二三四五六七八九十十' }])).toEqual(['too_long']);
    expect(codes([...good, { questionId: 4, choice: ['a'] }])).toEqual(['text_expected']);
    // Ten characters counted as characters (code points), not UTF-16 units.
    expect(codes([...good, { questionId: 4, text: '𠮷'.repeat(10) }])).toEqual([]);
  });

  it('refuses missing required answers, unknown and repeated questions, and an empty form', () => {
    expect(codes([good[0], good[1]])).toEqual(['required']);
    expect(codes([...good, { questionId: 9, rating: 1 }])).toEqual(['unknown_question']);
    expect(codes([...good, { questionId: 1, choice: ['a'] }])).toEqual(['duplicate']);
    const textOnly: SurveyQuestion[] = [Q[3]];
    expect(checkAnswers(textOnly, []).problems.map((p) => p.code)).toEqual(['empty']);
  });

  it('never accepts what it cannot store (property)', () => {
    const answer = fc.record(
      {
        questionId: fc.integer({ min: 0, max: 5 }),
        choice: fc.array(fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z', 'q'), { maxLength: 4 }),
        rating: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.double()),
        text: fc.string({ maxLength: 14 })
      },
      { requiredKeys: ['questionId'] }
    );
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 6 }), (answers) => {
        const { rows, problems } = checkAnswers(Q, answers);
        if (problems.length) return;
        for (const r of rows) {
          const q = Q.find((x) => x.id === r.questionId)!;
          if (r.optionKey !== null) expect(q.options.map((o) => o.key)).toContain(r.optionKey);
          if (r.rating !== null) expect(Number.isInteger(r.rating) && r.rating >= 1 && r.rating <= 5).toBe(true);
          if (r.text !== null) expect([...r.text].length).toBeLessThanOrEqual(10);
        }
        expect(rows.filter((r) => r.questionId === 1)).toHaveLength(1);
        expect(rows.filter((r) => r.questionId === 3)).toHaveLength(1);
      })
    );
  });
});

describe('definitionProblems', () => {
  it('wants questions, two options per choice with unique keys, none elsewhere, text limits on text only', () => {
    expect(definitionProblems([]).map((p) => p.code)).toEqual(['required']);
    const base = { promptZh: '题', promptEn: null, maxLength: null };
    expect(definitionProblems([{ ...base, kind: 'single', options: opts('a') }]).map((p) => p.code)).toEqual(['two_options']);
    expect(definitionProblems([{ ...base, kind: 'multiple', options: [...opts('a'), ...opts('a')] }]).map((p) => p.code)).toEqual(['duplicate_key']);
    // The same words under two keys (the admin form keys options by their line) split one answer's count.
    const twice = [{ key: 'o1', zh: '上门服务', en: null }, { key: 'o2', zh: '预约服务', en: null }, { key: 'o3', zh: ' 上门服务', en: null }];
    expect(definitionProblems([{ ...base, kind: 'multiple', options: twice }]).map((p) => p.code)).toEqual(['duplicate_key']);
    expect(definitionProblems([{ ...base, kind: 'rating', options: opts('a', 'b') }]).map((p) => p.code)).toEqual(['no_options']);
    expect(definitionProblems([{ ...base, kind: 'rating', options: [], maxLength: 20 }]).map((p) => p.code)).toEqual(['text_only']);
    expect(definitionProblems([{ ...base, kind: 'text', options: [], maxLength: 500 }]).map((p) => p.code)).toEqual(['out_of_range']);
    expect(definitionProblems(Q.map(({ id: _id, ...q }) => q))).toEqual([]);
  });
});

describe('results', () => {
  it('counts options, spreads and averages ratings, lists texts, counts respondents once per question', () => {
    const rows: (AnswerRow & { responseId: number })[] = [];
    const add = (responseId: number, answers: Parameters<typeof checkAnswers>[1]) => {
      const r = checkAnswers(Q, answers);
      expect(r.problems).toEqual([]);
      rows.push(...r.rows.map((x) => ({ ...x, responseId })));
    };
    add(1, [{ questionId: 1, choice: ['a'] }, { questionId: 2, choice: ['x', 'y'] }, { questionId: 3, rating: 5 }, { questionId: 4, text: '<b>好</b>' }]);
    add(2, [{ questionId: 1, choice: ['a'] }, { questionId: 2, choice: ['y'] }, { questionId: 3, rating: 2 }]);
    add(3, [{ questionId: 1, choice: ['c'] }, { questionId: 2, choice: ['x', 'y', 'z'] }, { questionId: 3, rating: 4 }]);
    const res = buildResults(Q, tallyRows(rows, 3));
    expect(res.responses).toBe(3);
    expect(res.questions[0].options.map((o) => o.count)).toEqual([2, 0, 1]);
    expect(res.questions[1].options.map((o) => o.count)).toEqual([2, 3, 1]);
    expect(res.questions[1].answered).toBe(3);
    expect(res.questions[2].ratings).toEqual([0, 1, 0, 1, 1]);
    expect(res.questions[2].average).toBe(3.67);
    expect(res.questions[3]).toMatchObject({ answered: 1, texts: ['<b>好</b>'], ratings: null, average: null });
    // No answers: zero counts and no average, never NaN.
    const empty = buildResults(Q, tallyRows([], 0));
    expect(empty.questions[2]).toMatchObject({ answered: 0, ratings: [0, 0, 0, 0, 0], average: null });
  });
});
