import { homeFeed, requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

/** The shared verification board: open grid records (filtered by the URL) and cases under review. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const s = requireStaff(locals, ['verifier']);
  const { services } = locals.runtime;
  const query = Object.fromEntries([...url.searchParams].filter(([k, v]) => ['kind', 'propertyId', 'companyId'].includes(k) && v !== ''));
  const [feed, board, items, spotChecks] = await Promise.all([
    homeFeed(locals, s),
    services.gridQueries.board(s.principal, query),
    services.catalogue.listPublic(),
    services.assessments.openFor(s.principal)
  ]);
  return { feed, board, items, query, spotChecks, me: { userId: s.user.id, name: s.user.displayName } };
};
