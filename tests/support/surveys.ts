// Survey fixtures shared by the integration, access-matrix and browser tests.
import { expect } from 'vitest';
import { newKey, type TestServer } from './server';

export interface PublicQuestion {
  id: number;
  kind: 'single' | 'multiple' | 'rating' | 'text';
  options: { key: string; zh: string }[];
  maxLength: number | null;
}

/** Four questions, one of each kind. */
export function surveyBody(title = `居民服务需求调查 ${process.pid}-${Math.random().toString(36).slice(2, 8)}`) {
  return {
    titleZh: title,
    titleEn: 'Resident service needs',
    questions: [
      {
        kind: 'single',
        promptZh: '您最常办理哪类事务？',
        promptEn: 'Which service do you use most?',
        options: [
          { key: 'senior', zh: '敬老优待证', en: 'Senior card' },
          { key: 'allowance', zh: '高龄津贴', en: 'Elderly allowance' },
          { key: 'marriage', zh: '婚育证明', en: 'Marriage certificate' }
        ]
      },
      {
        kind: 'multiple',
        promptZh: '您希望物业代办点增加哪些服务？',
        promptEn: 'Which services should the point add?',
        options: [
          { key: 'home', zh: '上门服务', en: 'Home visits' },
          { key: 'evening', zh: '晚间办理', en: 'Evening hours' },
          { key: 'online', zh: '网上预约', en: 'Online booking' }
        ]
      },
      { kind: 'rating', promptZh: '您对代办服务的满意度', promptEn: 'How satisfied are you?' },
      { kind: 'text', promptZh: '其他建议', promptEn: 'Other suggestions', maxLength: 50 }
    ]
  };
}

/** Answers that fit `surveyBody()`'s questions (in their order). */
export function answersFor(qs: PublicQuestion[], o: { single?: string; multiple?: string[]; rating?: number; text?: string } = {}) {
  return qs
    .map((q) => {
      if (q.kind === 'single') return { questionId: q.id, choice: [o.single ?? q.options[0].key] };
      if (q.kind === 'multiple') return { questionId: q.id, choice: o.multiple ?? [q.options[0].key] };
      if (q.kind === 'rating') return { questionId: q.id, rating: o.rating ?? 4 };
      return o.text === undefined ? null : { questionId: q.id, text: o.text };
    })
    .filter((a) => a !== null);
}

/** A survey of street 1 created by the admin (cookie), opened unless asked otherwise; its questions. */
export async function makeSurvey(s: TestServer, adminCookie: string, o: { open?: boolean; title?: string } = {}): Promise<{ id: number; title: string; questions: PublicQuestion[] }> {
  const body = surveyBody(o.title);
  const c = await s.api('POST', '/api/admin/surveys', { cookie: adminCookie, body });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const id = c.body.data.id as number;
  if (o.open !== false) {
    const st = await s.api('POST', `/api/admin/surveys/${id}/state`, { cookie: adminCookie, body: { state: 'open' } });
    expect(st.status, JSON.stringify(st.body)).toBe(200);
  }
  const got = await s.api('GET', `/api/surveys/${id}`, { cookie: adminCookie });
  expect(got.status, JSON.stringify(got.body)).toBe(200);
  return { id, title: body.titleZh, questions: got.body.data.questions };
}

export function postAnswers(s: TestServer, who: { cookie?: string; token?: string }, surveyId: number, body: unknown, key = newKey()) {
  return s.api('POST', `/api/surveys/${surveyId}/responses`, { ...who, body, headers: { 'Idempotency-Key': key } });
}
