import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  lang: locals.lang,
  user: locals.session?.user ?? null,
  /** 大屏: this browser's session is a wall screen's, read-only */
  display: locals.session?.display ?? false
});
