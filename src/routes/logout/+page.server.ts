import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/protocol/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    const ended = await locals.runtime.services.auth.logout(locals.sessionToken);
    if (ended) locals.runtime.realtime.endSession(ended);
    cookies.delete(SESSION_COOKIE, { path: '/' });
    redirect(303, '/login');
  }
};
