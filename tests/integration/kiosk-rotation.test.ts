// Kiosk token rotation: the kiosk asks with its token for a new one; the new token becomes the token at
// its first use and from that request on the old one is refused (HTTP and sockets); a lost answer never
// strands the device (asking again replaces the offer); revoke ends an offer too; every rotation is in
// the access log; other kiosks are untouched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairKiosk, rows } from '../support/cases';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait';

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
});
afterAll(() => s?.close());

async function newKiosk(): Promise<{ id: number; token: string }> {
  const k = await s.api('POST', '/api/admin/kiosks', { cookie: admin, body: { pointId: 1, label: `轮换测试 ${Date.now()}` } });
  expect(k.status, JSON.stringify(k.body)).toBe(201);
  return { id: k.body.data.id, token: await pairKiosk(s, admin, k.body.data.id) };
}
const me = (token: string) => s.api('GET', '/api/kiosk/me', { token });
const rotate = (token: string) => s.api('POST', '/api/kiosk/rotate-token', { token, body: {} });

describe('kiosk token rotation', () => {
  it('the new token replaces the old one at its first use, and the old one stops at the next request', async () => {
    const other = await newKiosk();
    const k = await newKiosk();
    const socket = await connectSocket(s, { auth: { protocol: 1, token: k.token } });
    try {
      const first = await rotate(k.token);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      const lost: string = first.body.data.token;
      expect(lost).not.toBe(k.token);
      // The answer may have been lost: the old token still works and asks again; the first offer is void.
      expect((await me(k.token)).status).toBe(200);
      const next: string = (await rotate(k.token)).body.data.token;
      expect((await me(lost)).body.error.code).toBe('DEVICE_REVOKED');

      const gone = waitFor<string>([socket as never, 'disconnect']);
      const used = await me(next);
      expect(used.status).toBe(200);
      expect(used.body.data.kiosk).toMatchObject({ kind: 'kiosk', kioskId: k.id });
      // The socket opened with the old token is ended, and the old token is refused from now on.
      expect(await gone).toBe('io server disconnect');
      const old = await me(k.token);
      expect(old.status).toBe(401);
      expect(old.body.error.code).toBe('DEVICE_REVOKED');
      expect((await rotate(k.token)).status).toBe(401);
      expect((await me(next)).status).toBe(200);

      // Nobody else was touched.
      expect((await me(other.token)).status).toBe(200);

      // Logged: two offers in the access log; the admin list shows when the token last changed.
      const log = await s.api('GET', `/api/admin/access-log?subjectType=kiosk&subjectId=${k.id}`, { cookie: admin });
      expect(log.status).toBe(200);
      expect(log.body.data.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
        ['rotate_token', `kiosk:${k.id}`],
        ['rotate_token', `kiosk:${k.id}`]
      ]);
      const adminP = (await s.runtime.services.auth.resolve(admin.split('=')[1])).principal;
      const listed = (await s.runtime.services.kiosks.list(adminP as never)).find((x) => x.id === k.id);
      expect(listed?.tokenRotatedAt).not.toBeNull();
      const [row] = await rows<{ r: Date | null; n: string | null }>(s, sql`select token_rotated_at as r, next_token_hash as n from kiosk where id = ${k.id}`);
      expect(row.r).not.toBeNull();
      expect(row.n).toBeNull();
    } finally {
      socket.close();
    }
  });

  it('several first uses of the new token at once all pass; the old token is then refused', async () => {
    const k = await newKiosk();
    const next: string = (await rotate(k.token)).body.data.token;
    const all = await Promise.all(Array.from({ length: 6 }, () => me(next)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await me(k.token)).body.error.code).toBe('DEVICE_REVOKED');
  });

  it('revoking a kiosk voids an offered token too', async () => {
    const k = await newKiosk();
    const next: string = (await rotate(k.token)).body.data.token;
    expect((await s.api('POST', `/api/admin/kiosks/${k.id}/revoke`, { cookie: admin })).status).toBe(200);
    expect((await me(next)).body.error.code).toBe('DEVICE_REVOKED');
    expect((await me(k.token)).body.error.code).toBe('DEVICE_REVOKED');
  });

  it('staff and anonymous callers cannot rotate', async () => {
    expect((await s.api('POST', '/api/kiosk/rotate-token', { cookie: admin, body: {} })).status).toBe(403);
    expect((await s.api('POST', '/api/kiosk/rotate-token', { body: {} })).status).toBe(401);
  });
});
