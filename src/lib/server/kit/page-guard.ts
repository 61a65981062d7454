// Shared by the role pages' load functions: who may see the page, and the board feed they start from.
import { error, redirect } from '@sveltejs/kit';
import { homeScope, type Role } from '../../domain/roles';
import { errorBody } from '../../protocol/errors';
import type { ResolvedSession } from '../services/auth.service';

export function requireStaff(locals: App.Locals, roles: readonly Role[]): ResolvedSession {
  const s = locals.session;
  if (!s) redirect(303, '/login');
  if (!roles.includes(s.user.role)) error(403, { code: 'FORBIDDEN', message: locals.lang === 'en' ? 'You are not allowed to see this page' : '没有权限查看此页面' });
  return s;
}

/** The last events of the user's home scope, cut at the dispatcher's mark so live ones continue it. */
export async function homeFeed(locals: App.Locals, s: ResolvedSession) {
  const scope = homeScope(s.principal);
  const hw = locals.runtime.core.bus.hw;
  const events = (await locals.runtime.services.board.recent(s.principal, scope)).filter((e) => e.seq <= hw);
  return { scope, hw, events };
}

/** The 404 page, in the user's language. */
export function notFound(locals: App.Locals): never {
  error(404, errorBody('NOT_FOUND', locals.lang).error);
}

/** A route's numeric id (an int4), or the 404 page. */
export function routeId(locals: App.Locals, raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) notFound(locals);
  return Number(raw);
}
