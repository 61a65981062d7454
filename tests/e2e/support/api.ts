// A plain HTTP client for the JSON API: a second session that is not a browser.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from './browser';

export interface ApiSession {
  cookie: string;
  get<T = unknown>(path: string): Promise<{ status: number; body: { data?: T; error?: { code: string; message: string } } }>;
  post<T = unknown>(path: string, body: unknown, key?: string): Promise<{ status: number; body: { data?: T; error?: { code: string; message: string } } }>;
  patch<T = unknown>(path: string, body: unknown, key?: string): Promise<{ status: number; body: { data?: T; error?: { code: string; message: string } } }>;
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(new URL(path, base), {
    method,
    // Writes must name their origin (server/http/auth.ts sameOriginWrites).
    headers: { origin: new URL(base).origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual'
  });
  return { res, status: res.status, body: (await res.json().catch(() => ({}))) as { data?: never; error?: { code: string; message: string } } };
}

export async function apiLogin(base: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const r = await call(base, 'POST', '/api/auth/login', {}, { username, password });
  if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  const cookie = r.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    cookie,
    get: async (path) => {
      const { status, body } = await call(base, 'GET', path, { cookie });
      return { status, body };
    },
    post: async (path, body, key = randomUUID()) => {
      const res = await call(base, 'POST', path, { cookie, 'idempotency-key': key }, body);
      return { status: res.status, body: res.body };
    },
    patch: async (path, body, key = randomUUID()) => {
      const res = await call(base, 'PATCH', path, { cookie, 'idempotency-key': key }, body);
      return { status: res.status, body: res.body };
    }
  };
}

/** The text of every Prometheus sample named `name` (no labels) in /metrics. */
export async function metric(base: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(new URL('/metrics', base))).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}
