// Names shared by the express doors and SvelteKit.
export const SESSION_COOKIE = 'ds_session';
export const LANG_COOKIE = 'lang';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
