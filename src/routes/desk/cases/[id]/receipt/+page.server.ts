// 受理回执: the paper a resident takes home from the desk. It is their proof that the office holds their
// originals, so it lists each material handed in, and what is still to bring. Masked like every screen.
import { AppError } from '$lib/protocol/errors';
import { notFound, requireStaff, routeId } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const s = requireStaff(locals, ['agent']);
  const id = routeId(locals, params.id);
  const { services } = locals.runtime;
  try {
    const [c, items] = await Promise.all([services.caseQueries.detail(s.principal, id), services.catalogue.listPublic()]);
    // The paper needs neither the buttons nor the case's history.
    const { actions: _actions, timeline: _timeline, ...shown } = c;
    return { c: shown, item: items.find((i) => i.code === c.item.code) ?? null, issuedBy: s.user.displayName, printedAt: locals.runtime.core.now().toISOString() };
  } catch (e) {
    // Another point's case, or none: not there for this desk.
    if (e instanceof AppError && e.code === 'NOT_FOUND') notFound(locals);
    throw e;
  }
};
