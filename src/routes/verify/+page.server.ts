import { homeFeed, requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['verifier']);
  const { services } = locals.runtime;
  const [feed, queue, items] = await Promise.all([homeFeed(locals, s), services.caseQueries.reviewQueue(s.principal), services.catalogue.listPublic()]);
  return { feed, queue, items };
};
