import { startOfShanghaiDay } from '$lib/domain/sla';
import { homeFeed, requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['agent']);
  const { services, core } = locals.runtime;
  const now = core.now();
  const dayStart = startOfShanghaiDay(now);
  const [feed, cards, items, agenda, standing] = await Promise.all([
    homeFeed(locals, s),
    services.caseQueries.board(s.principal),
    services.catalogue.listPublic(),
    services.appointments.agenda(s.principal, dayStart),
    services.training.standing(s.principal)
  ]);
  return { feed, cards, items, agenda, agendaFrom: dayStart.toISOString(), standing };
};
