import { homeFeed, requireStaff } from '$lib/server/kit/page-guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const s = requireStaff(locals, ['verifier']);
  return { feed: await homeFeed(locals, s) };
};
