// Paper questionnaires at the agent point: the street's open surveys, each opening its entry form.
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['agent']);
  return { surveys: await locals.runtime.services.surveys.list(s.principal) };
};
