import { error } from '@sveltejs/kit';
import { AppError } from '$lib/protocol/errors';
import type { PageServerLoad } from './$types';

/** The residents' committee's read-only view of a whole entrustment: the link is the credential. */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  // same-origin, not no-referrer: the token (in the URL) never leaves the site, and Chromium would send
  // `Origin: null` on the language switch's form post under no-referrer, which SvelteKit refuses (403).
  setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
  try {
    return { view: await locals.runtime.services.entrustment.committeeView(params.token) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') error(404, { code: 'NOT_FOUND', message: locals.lang === 'en' ? 'Not found' : '页面不存在' });
    throw err;
  }
};
