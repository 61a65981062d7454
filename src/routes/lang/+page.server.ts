import { redirect } from '@sveltejs/kit';
import { LANG_COOKIE } from '$lib/protocol/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const form = await request.formData();
    const lang = form.get('lang') === 'en' ? 'en' : 'zh';
    cookies.set(LANG_COOKIE, lang, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86_400 });
    const back = String(form.get('back') ?? '/');
    // Only a local path: never an open redirect.
    redirect(303, /^\/(?!\/)[\w\-/]*$/.test(back) ? back : '/');
  }
};
