import { shanghaiDateKey } from '$lib/domain/sla';
import { homeFeed, requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

/** Company staff file grid records here (phone-sized) and follow what the community decided. */
export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['agent']);
  const { services, core } = locals.runtime;
  const [feed, properties, mine] = await Promise.all([homeFeed(locals, s), services.grid.filingProperties(s.principal), services.gridQueries.mine(s.principal)]);
  return { feed, properties, mine, today: shanghaiDateKey(core.now()) };
};
