// Web-level defences of the built app, as an attacker's tools would probe them (no browser needed):
// cross-origin writes refused whatever the content type or header spelling, strict CSP without
// 'unsafe-inline' scripts, no-store on signed-in pages, HSTS only behind TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, startServer, type RunningServer } from './support';

let server: RunningServer;
const EVIL = 'http://evil.example';

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

async function post(path: string, headers: Record<string, string>, body: string) {
  const res = await fetch(new URL(path, server.url), { method: 'POST', headers, body, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

describe('cross-origin state changes', () => {
  // The content-type spellings behind SvelteKit's published CSRF bypasses, and header case games.
  const types = [
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'Text/Plain',
    'text/plain;charset=utf-8',
    'APPLICATION/X-WWW-FORM-URLENCODED',
    'application/json',
    'application/x-www-form-urlencoded ; charset=UTF-8'
  ];
  const body = 'username=desk&password=doorstep-demo';

  it.each(types)('a form action refuses a cross-origin POST sent as %s', async (type) => {
    const r = await post('/login', { 'content-type': type, ORIGIN: EVIL }, body);
    expect(r.status).toBe(403);
    expect(r.text).not.toContain('ds_session');
  });

  it.each(types)('the JSON API refuses a cross-origin POST sent as %s', async (type) => {
    const r = await post('/api/auth/login', { 'Content-Type': type, Origin: EVIL }, JSON.stringify({ username: 'desk', password: 'doorstep-demo' }));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).error.code).toBe('BAD_ORIGIN');
  });

  it('a write with no Origin at all is refused; a same-origin one goes through', async () => {
    expect((await post('/logout', { 'content-type': 'application/x-www-form-urlencoded' }, '')).status).toBe(403);
    const same = await post('/api/auth/login', { 'content-type': 'application/json', origin: new URL(server.url).origin }, JSON.stringify({ username: 'desk', password: 'doorstep-demo' }));
    expect(same.status).toBe(200);
  });
});

describe('one runtime per process', () => {
  it('SvelteKit pages use the server’s runtime: one pool, bus, socket.io server and Yjs registry', async () => {
    const s = await apiLogin(server.url, 'desk');
    // Pages render through SvelteKit's bundle (its own copy of $lib/server) and hit the database.
    for (const path of ['/desk', '/login']) expect((await fetch(new URL(path, server.url), { headers: { cookie: s.cookie } })).status).toBe(200);
    const metrics = await (await fetch(new URL('/metrics', server.url))).text();
    for (const c of ['db_pool', 'event_bus', 'socket_io', 'yjs_registry']) expect(metrics).toContain(`doorstep_runtime_instances{component="${c}"} 1`);
  });
});

describe('headers', () => {
  it('pages carry a hash-based CSP with no unsafe-inline scripts; signed-in pages are no-store', async () => {
    const s = await apiLogin(server.url, 'desk');
    const res = await fetch(new URL('/desk', server.url), { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const script = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(script).toMatch(/'sha256-/);
    expect(script).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toContain('no-store');
    // Plain http here: no HSTS (it would pin browsers to https on a dev machine).
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const api = await fetch(new URL('/api/catalogue', server.url));
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    // helmet's headers on pages and answers alike.
    for (const r of [res, api]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('behind TLS (ORIGIN https) responses carry HSTS and cookies are Secure', async () => {
    const tls = await startServer({ env: { ORIGIN: 'https://doorstep.example.gov.cn' } });
    try {
      const res = await fetch(new URL('/api/auth/login', tls.url), {
        method: 'POST',
        headers: { origin: 'https://doorstep.example.gov.cn', 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'desk', password: 'doorstep-demo' })
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.getSetCookie().join(';')).toMatch(/Secure/);
    } finally {
      await tls.stop();
    }
  });
});
