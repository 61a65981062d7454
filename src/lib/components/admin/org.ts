// What /admin's organisation panels are given: services/org.service.ts `overview`.
import type { OrgService } from '$lib/server/services/org.service';

export type OrgOverview = Awaited<ReturnType<OrgService['overview']>>;
