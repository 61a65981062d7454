import { redirect } from '@sveltejs/kit';
import { LANG_COOKIE } from '$lib/protocol/http';
import type { Actions, PageServerLoad } from './$types';

/** one slash, a path of plain segments, then any query without a fragment or backslash */
const LOCAL_PATH = /^\/(?!\/)[\w\-/]*(\?[^#\\\s]*)?$/;

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const form = await request.formData();
    const lang = form.get('lang') === 'en' ? 'en' : 'zh';
    cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86_400 });
    const back = String(form.get('back') ?? '/');
    // Only a local path, with its query (filters, the open list): never an open redirect.
    redirect(303, LOCAL_PATH.test(back) ? back : '/');
  }
};
