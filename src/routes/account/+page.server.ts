import { ROLES } from '$lib/domain/roles';
import { requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

// 修改密码: every staff member's own account. The change goes through POST /api/me/password.
export const load: PageServerLoad = async ({ locals }) => {
  requireStaff(locals, ROLES);
  return {};
};
