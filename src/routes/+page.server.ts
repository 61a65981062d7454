import { redirect } from '@sveltejs/kit';
import { ROLE_HOME } from '$lib/domain/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  redirect(303, locals.session ? ROLE_HOME[locals.session.user.role] : '/login');
};
