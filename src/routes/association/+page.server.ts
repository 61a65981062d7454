import { error } from '@sveltejs/kit';
import { AppError, errorBody } from '$lib/protocol/errors';
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

/** 一会: members, charter, meetings and decisions. Writes go through /api/association (idempotent). */
export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['street', 'admin', 'verifier', 'agent']);
  try {
    const view = await locals.runtime.services.association.overview(s.principal);
    // A wall screen (大屏 · 只读) reads: it is shown what a reader is — no forms, and no choices to fill them.
    return { view: locals.session?.display ? { ...view, canWrite: false, options: null } : view };
  } catch (err) {
    // An agent whose company is not a member: the same refusal the API gives.
    if (err instanceof AppError) error(err.status, errorBody(err.code, locals.lang).error);
    throw err;
  }
};
