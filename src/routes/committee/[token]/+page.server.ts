import { error } from '@sveltejs/kit';
import { AppError } from '$lib/protocol/errors';
import type { PageServerLoad } from './$types';

/** The residents' committee's read-only view of a whole entrustment: the link is the credential. */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  try {
    return { view: await locals.runtime.services.entrustment.committeeView(params.token) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') error(404, { code: 'NOT_FOUND', message: locals.lang === 'en' ? 'Not found' : '页面不存在' });
    throw err;
  }
};
