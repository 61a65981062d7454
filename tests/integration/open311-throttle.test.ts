// Open311 reads are public, so each client IP has a budget per minute: past it, 429 with Retry-After
// and the GeoReport error list carrying the standard { error: { code, message } }. Filing is not counted
// (it needs a kiosk key and has its own checks); another client keeps its own budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

const LIMIT = 5;
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ config: { open311ReadsPerMinute: LIMIT } });
});
afterAll(() => s?.close());

describe('Open311 read throttling', () => {
  it('answers 429 with Retry-After past the per-IP budget', async () => {
    const paths = ['/open311/v2/services.json', '/open311/v2/services/senior-card.json', '/open311/v2/requests.json?service_request_id=D20260101-000001'];
    for (let i = 0; i < LIMIT; i++) {
      const res = await fetch(`${s.url}${paths[i % paths.length]}`);
      expect(res.status, `read ${i + 1}`).not.toBe(429);
    }
    const over = await fetch(`${s.url}/open311/v2/services.json`, { headers: { 'accept-language': 'en' } });
    expect(over.status).toBe(429);
    const retry = Number(over.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    const body = await over.json();
    expect(body).toEqual([{ code: 429, description: expect.stringMatching(/Too many/), error: { code: 'RATE_LIMITED', message: expect.stringMatching(/Too many/) } }]);

    // Another client behind the local proxy (X-Forwarded-For from a loopback peer) has its own budget.
    expect((await fetch(`${s.url}/open311/v2/services.json`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
    expect((await fetch(`${s.url}/open311/v2/services.json`)).status).toBe(429);

    // A batch lookup is as many reads as the case numbers it asks for: no walking 50 numbers per read.
    const batch = (n: number) => fetch(`${s.url}/open311/v2/requests.json?service_request_id=${Array.from({ length: n }, (_, i) => `D20260101-00000${i}`).join(',')}`, { headers: { 'x-forwarded-for': '203.0.113.8' } });
    expect((await batch(3)).status).toBe(200);
    expect((await batch(3)).status).toBe(429);

    // Writes are not counted against reads: a bad filing is refused for what it is, not throttled.
    const post = await fetch(`${s.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json', origin: s.origin }, body: '{}' });
    expect(post.status).toBe(400);
  });
});
