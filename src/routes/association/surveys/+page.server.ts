// The association's surveys (居民服务需求调查): the street office, its admins and (read-only) verifiers.
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['admin', 'street', 'verifier']);
  return { surveys: await locals.runtime.services.surveys.list(s.principal), canDefine: s.user.role === 'admin' };
};
