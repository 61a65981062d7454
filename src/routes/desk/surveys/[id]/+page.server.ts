// One open survey's paper form at the agent point (channel "staff", the agent's own point).
import { randomUUID } from 'node:crypto';
import { AppError } from '$lib/protocol/errors';
import { notFound, requireStaff, routeId } from '$lib/server/kit/page-guard';
import { filePaperForm } from '$lib/server/kit/survey-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const s = requireStaff(locals, ['agent']);
  const id = routeId(locals, params.id);
  try {
    const survey = await locals.runtime.services.surveys.get(s.principal, id);
    // One key per rendered form: pressing "save" twice files the paper form once.
    return { survey: { id: survey.id, title: survey.title, questions: survey.questions }, formKey: randomUUID() };
  } catch (e) {
    // Closed, or another street's: not there for this point.
    if (e instanceof AppError && e.code === 'NOT_FOUND') notFound(locals);
    throw e;
  }
};

export const actions: Actions = {
  answer: async ({ request, locals, params }) => {
    const s = requireStaff(locals, ['agent']);
    return filePaperForm(locals, s.principal, Number(params.id), await request.formData());
  }
};
