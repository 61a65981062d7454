// What /admin's organisation panels are given: services/org.service.ts `overview`.
import type { Lang } from '$lib/protocol/errors';
import type { OrgService } from '$lib/server/services/org.service';

export type OrgOverview = Awaited<ReturnType<OrgService['overview']>>;

/** An agent point's name in the reader's language, by its id (`#id` when it is not in the overview). */
export function pointName(org: OrgOverview, pointId: number, lang: Lang): string {
  const p = org.properties.find((x) => x.pointId === pointId);
  return p ? ((lang === 'en' ? p.pointNameEn : p.pointNameZh) ?? '') : `#${pointId}`;
}
