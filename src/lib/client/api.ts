// Browser side of the JSON API: same-origin fetch, idempotency keys on writes, errors as values.
import { ErrorCodes } from '$lib/protocol/errors';
import { IDEMPOTENCY_HEADER } from '$lib/protocol/http';

export type Result<T> = { ok: true; data: T } | { ok: false; code: string; message: string; details?: unknown };

export async function getJson<T>(path: string): Promise<Result<T>> {
  return send<T>(path, { method: 'GET' });
}

/** `key` identifies the intended change: reuse it when retrying the same change. */
export async function postJson<T>(path: string, body: unknown, key: string = crypto.randomUUID()): Promise<Result<T>> {
  return send<T>(path, { method: 'POST', headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: key }, body: JSON.stringify(body) });
}

/** PATCH with the same idempotency rules as postJson. */
export async function patchJson<T>(path: string, body: unknown, key: string = crypto.randomUUID()): Promise<Result<T>> {
  return send<T>(path, { method: 'PATCH', headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: key }, body: JSON.stringify(body) });
}

/** DELETE, answered like the others (a refusal in the page's language, never the browser's status text). */
export function deleteJson<T>(path: string): Promise<Result<T>> {
  return send<T>(path, { method: 'DELETE' });
}

async function send<T>(path: string, init: RequestInit): Promise<Result<T>> {
  try {
    const res = await fetch(path, init);
    const body = await res.json().catch(() => null);
    if (res.ok && body && 'data' in body) return { ok: true, data: body.data as T };
    return { ok: false, code: body?.error?.code ?? 'INTERNAL', message: body?.error?.message ?? res.statusText, details: body?.error?.details };
  } catch {
    // In the page's language (the root element's lang, set by the layout from the reader's choice).
    const en = document.documentElement.lang.startsWith('en');
    if (navigator.onLine) return { ok: false, code: 'UNAVAILABLE', message: en ? ErrorCodes.UNAVAILABLE.en : ErrorCodes.UNAVAILABLE.zh };
    return { ok: false, code: 'UNAVAILABLE', message: en ? 'The network is down: try again once online.' : '网络已断开，请联网后再试。' };
  }
}
