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
    // Only the link in use is kept: an old one cannot be told from a mistyped one, so both hear the likely cause.
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      error(404, {
        code: 'NOT_FOUND',
        message: locals.lang === 'en' ? 'This link does not work. The street office may have replaced it: ask them for the new one.' : '此链接无效。街道办可能已更换链接，请向街道办索取新的链接。'
      });
    throw err;
  }
};
