import type { Handle, HandleServerError } from '@sveltejs/kit';
import { AppError, errorBody } from '$lib/protocol/errors';
import { LANG_COOKIE, SESSION_COOKIE } from '$lib/protocol/http';
import { currentRuntime } from '$lib/server/runtime/handoff';

export const handle: Handle = async ({ event, resolve }) => {
  const rt = currentRuntime();
  event.locals.runtime = rt;
  const lang = event.cookies.get(LANG_COOKIE);
  // Chinese first for everyone; English only when chosen with the switch.
  event.locals.lang = lang === 'en' ? 'en' : 'zh';
  event.locals.session = null;
  event.locals.sessionToken = event.cookies.get(SESSION_COOKIE);
  if (event.locals.sessionToken) {
    try {
      event.locals.session = await rt.services.auth.resolve(event.locals.sessionToken);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      event.cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }
  // A wall screen's session (大屏) reads: a form posted from it changes nothing. Signing out and the language
  // switch are not changes to anything.
  if (event.locals.session?.display && event.request.method !== 'GET' && event.request.method !== 'HEAD' && !['/logout', '/lang'].includes(event.url.pathname)) {
    return new Response(errorBody('FORBIDDEN', event.locals.lang, { reason: 'display_read_only' }).error.message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang === 'en' ? 'en' : 'zh-CN')
  });
  // Signed-in pages show personal data: never cache them anywhere.
  if (event.locals.session || event.url.pathname.startsWith('/kiosk')) response.headers.set('cache-control', 'no-store');
  return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
  if (status === 404) return { message: event.locals.lang === 'en' ? 'Not found' : '页面不存在', code: 'NOT_FOUND' };
  event.locals.runtime?.core.log.error({ err: error, path: event.url.pathname }, 'page error');
  return { message: event.locals.lang === 'en' ? 'Something went wrong' : '系统出错，请稍后再试', code: 'INTERNAL' };
};
