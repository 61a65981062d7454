// Names shared by the express doors and SvelteKit.
export const SESSION_COOKIE = 'ds_session';
export const LANG_COOKIE = 'lang';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** What an idempotency key may be, in a header or a form field: 8–100 letters, digits, `_` or `-`. */
export const isIdempotencyKey = (k: string | undefined): k is string => !!k && /^[\w-]{8,100}$/.test(k);
