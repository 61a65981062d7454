// /metrics is the operator's: without METRICS_TOKEN only a direct loopback caller (no proxy hop) gets it;
// with one, only `Authorization: Bearer <token>`. Refusals have the standard error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

const TOKEN = 'metrics-token-for-the-test-0123456789';
let open: TestServer;
let locked: TestServer;

beforeAll(async () => {
  open = await startTestServer();
  locked = await startTestServer({ config: { metricsToken: TOKEN } });
});
afterAll(async () => {
  await open?.close();
  await locked?.close();
});

const get = (s: TestServer, headers: Record<string, string> = {}) => fetch(`${s.url}/metrics`, { headers });

describe('/metrics', () => {
  it('without a token: a direct loopback caller only', async () => {
    const ok = await get(open);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('doorstep_runtime_instances');
    const proxied: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }];
    for (const h of proxied) {
      const res = await get(open, h);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
  });

  it('with a token: the bearer, nothing else', async () => {
    const none = await get(locked);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('UNAUTHENTICATED');
    expect((await get(locked, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await get(locked, { authorization: 'Bearer short' })).status).toBe(401);
    const ok = await get(locked, { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('doorstep_');
  });
});
