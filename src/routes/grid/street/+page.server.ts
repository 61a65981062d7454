import { shanghaiDateKey } from '$lib/domain/sla';
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

/** The street office's 一网 page: incentive rates, what is owed, agreements and assessments. */
export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['street', 'admin']);
  const { services, core } = locals.runtime;
  const period = shanghaiDateKey(core.now()).slice(0, 7);
  const [rates, owed, overview] = await Promise.all([services.incentives.rates(s.principal), services.incentives.owed(s.principal, period), services.entrustment.overview(s.principal)]);
  return { period, today: shanghaiDateKey(core.now()), rates: rates.map((r) => ({ kind: r.kind, period: r.period, amountFen: r.amountFen })), owed, ...overview };
};
