import { shanghaiDateKey } from '$lib/domain/sla';
import { ledgerMonth } from '$lib/domain/ledger';
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

/** The street office's 一网 page: incentive rates, what is owed, agreements and assessments. */
export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['street', 'admin']);
  const { services, core } = locals.runtime;
  const period = ledgerMonth(core.now());
  const [rates, owed, overview] = await Promise.all([services.incentives.rates(s.principal), services.incentives.owed(s.principal, period), services.entrustment.overview(s.principal)]);
  // Each assessment's grade is named by the rule set it was opened with, not by whichever set is in force now.
  const gradeNames = await services.assessments.gradeNames(s.principal, overview.assessments.map((x) => x.ruleSetId));
  return { period, today: shanghaiDateKey(core.now()), rates: rates.map((r) => ({ kind: r.kind, period: r.period, amountFen: r.amountFen })), owed, ...overview, gradeNames };
};
