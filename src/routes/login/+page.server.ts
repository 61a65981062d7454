import { fail, redirect } from '@sveltejs/kit';
import { AppError, errorBody } from '$lib/protocol/errors';
import { SESSION_COOKIE } from '$lib/protocol/http';
import { ZodError } from 'zod';
import { ROLE_HOME } from '$lib/domain/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.session) redirect(303, ROLE_HOME[locals.session.user.role]);
  // After 修改密码 every session has ended: the form says why it is asking again.
  return { changed: url.searchParams.get('changed') === '1' };
};

export const actions: Actions = {
  default: async ({ request, cookies, locals, getClientAddress, platform }) => {
    const form = await request.formData();
    const username = String(form.get('username') ?? '');
    try {
      const s = await locals.runtime.services.auth.login(
        { username, password: String(form.get('password') ?? '') },
        // Mounted in express (server/app.ts): its `req.ip` knows the client behind nginx; `vite dev` has no platform.
        platform?.req?.ip ?? getClientAddress(),
        locals.sessionToken
      );
      cookies.set(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: locals.runtime.core.config.secureCookies,
        expires: s.expiresAt
      });
      redirect(303, ROLE_HOME[s.user.role]);
    } catch (err) {
      const code = err instanceof AppError ? err.code : err instanceof ZodError ? 'VALIDATION' : null;
      if (!code) throw err;
      return fail(new AppError(code).status, { username, ...errorBody(code, locals.lang) });
    }
  }
};
