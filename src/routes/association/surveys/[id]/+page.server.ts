// One survey's results: per question counts, rating spread and mean, free texts; filters by place and
// channel. Street staff and admins may also type in a paper form (channel "staff"); verifiers only read.
import { randomUUID } from 'node:crypto';
import { error } from '@sveltejs/kit';
import { AppError } from '$lib/protocol/errors';
import { notFound, requireStaff, routeId } from '$lib/server/kit/page-guard';
import { homeScope } from '$lib/domain/roles';
import { filePaperForm } from '$lib/server/kit/survey-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
  const s = requireStaff(locals, ['admin', 'street', 'verifier']);
  // Refetched when an answer arrives (survey.answered.v1 on the user's home scope), so the figures stay live.
  depends('app:survey-results');
  const { surveys } = locals.runtime.services;
  const id = routeId(locals, params.id);
  try {
    const results = await surveys.results(s.principal, id, Object.fromEntries(url.searchParams));
    const canEnter = s.user.role !== 'verifier' && results.survey.state === 'open';
    return {
      results,
      canEnter,
      questions: canEnter ? (await surveys.get(s.principal, id)).questions : [],
      // One key per rendered form: pressing "save" twice files the paper form once.
      formKey: randomUUID(),
      // Where the live link starts: events after this mark are the ones the figures do not hold yet.
      live: { scope: homeScope(s.principal), hw: locals.runtime.core.bus.hw }
    };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') notFound(locals);
    if (e instanceof AppError && e.code === 'VALIDATION') error(400, { code: 'VALIDATION', message: locals.lang === 'en' ? 'Some fields are invalid' : '填写的内容有误' });
    throw e;
  }
};

export const actions: Actions = {
  answer: async ({ request, locals, params }) => {
    const s = requireStaff(locals, ['admin', 'street']);
    return filePaperForm(locals, s.principal, Number(params.id), await request.formData());
  }
};
