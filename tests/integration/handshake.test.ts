// Who may open the realtime doors: socket.io handshakes and subscriptions, kiosk enrolment and
// revocation, and the Yjs upgrade route — each refusal with its named reason.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { connectSocket, refusal, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';
import { upgradeRefusal } from '../support/yjs';

const EVIL = 'http://evil.example';
const DEMO_KIOSK = 1;

describe('realtime handshakes', () => {
  let s: TestServer;
  let admin: string;
  let desk: string;
  let verifier: string;

  beforeAll(async () => {
    s = await startTestServer();
    [admin, desk, verifier] = await Promise.all([s.login('admin'), s.login('desk'), s.login('verifier')]);
  });
  afterAll(() => s?.close());

  async function pairKiosk(): Promise<string> {
    const issued = await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/pairing-code`, { cookie: admin });
    expect(issued.status).toBe(200);
    const paired = await s.api('POST', '/api/kiosk/pair', { body: { code: issued.body.data.code } });
    expect(paired.status).toBe(201);
    return paired.body.data.token;
  }

  describe('socket.io refuses with a named reason', () => {
    it('no session cookie → UNAUTHENTICATED', async () => {
      const err = await refusal(s, {});
      expect(err.message).toBe('UNAUTHENTICATED');
      expect(err.data?.error.code).toBe('UNAUTHENTICATED');
      expect(err.data?.error.message).toBeTruthy();
    });

    it('another origin → BAD_ORIGIN, even with a valid cookie', async () => {
      const err = await refusal(s, { cookie: desk, origin: EVIL });
      expect(err.message).toBe('BAD_ORIGIN');
      expect(err.data?.error.code).toBe('BAD_ORIGIN');
      const none = await refusal(s, { cookie: desk, origin: null });
      expect(none.data?.error.code).toBe('BAD_ORIGIN');
    });

    it('protocol 0 or none → PROTOCOL_TOO_OLD', async () => {
      for (const auth of [{ protocol: 0 }, {}]) {
        const err = await refusal(s, { cookie: desk, auth });
        expect(err.message).toBe('PROTOCOL_TOO_OLD');
        expect(err.data?.error.code).toBe('PROTOCOL_TOO_OLD');
      }
    });

    it('a revoked kiosk token → DEVICE_REVOKED', async () => {
      const token = await pairKiosk();
      expect((await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/revoke`, { cookie: admin })).status).toBe(200);
      const err = await refusal(s, { auth: { protocol: 1, token } });
      expect(err.message).toBe('DEVICE_REVOKED');
      expect(err.data?.error.code).toBe('DEVICE_REVOKED');
    });
  });

  describe('subscriptions stay inside what a role may see', () => {
    it('an agent of point 1 may watch point:1 but not point:4 (FORBIDDEN)', async () => {
      const socket = await connectSocket(s, { cookie: desk });
      try {
        expect(await subscribe(socket, 'point:1')).toMatchObject({ data: { scope: 'point:1', resync: false } });
        expect(await subscribe(socket, 'point:4')).toMatchObject({ error: { code: 'FORBIDDEN' } });
        expect(await subscribe(socket, 'street:1')).toMatchObject({ error: { code: 'FORBIDDEN' } });
      } finally {
        socket.close();
      }
    });

    it('a verifier of community 1 may watch community:1 but not community:2 (FORBIDDEN)', async () => {
      const socket = await connectSocket(s, { cookie: verifier });
      try {
        expect(await subscribe(socket, 'community:1')).toMatchObject({ data: { scope: 'community:1' } });
        expect(await subscribe(socket, 'community:2')).toMatchObject({ error: { code: 'FORBIDDEN' } });
        expect(await subscribe(socket, 'point:4')).toMatchObject({ error: { code: 'FORBIDDEN' } });
      } finally {
        socket.close();
      }
    });

    it('a malformed subscription is a VALIDATION error, not a crash', async () => {
      const socket = await connectSocket(s, { cookie: desk });
      try {
        expect(await subscribe(socket, 'point:one')).toMatchObject({ error: { code: 'VALIDATION' } });
        expect(await subscribe(socket, 'point:1', -5)).toMatchObject({ error: { code: 'VALIDATION' } });
      } finally {
        socket.close();
      }
    });
  });

  describe('kiosk pairing', () => {
    it('pairing codes cannot be walked: wrong codes are counted per client before they are tried, and all together', async () => {
      const issued = await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/pairing-code`, { cookie: admin });
      const code: string = issued.body.data.code;
      const wrong = (i: number) => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');
      const guesser = { 'x-forwarded-for': '203.0.113.21' };
      // Sent at once, the guesses still get ten tries at most; the rest wait out the lock.
      const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => s.api('POST', '/api/kiosk/pair', { body: { code: wrong(i) }, headers: guesser })));
      expect(burst.filter((r) => r.status === 400).length).toBeLessThanOrEqual(10);
      const limited = burst.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(20);
      expect(limited[0].body.error.code).toBe('RATE_LIMITED');
      expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Even the right code is not tried for that client now; another client pairs with it.
      expect((await s.api('POST', '/api/kiosk/pair', { body: { code }, headers: guesser })).status).toBe(429);
      const paired = await s.api('POST', '/api/kiosk/pair', { body: { code }, headers: { 'x-forwarded-for': '198.51.100.22' } });
      expect(paired.status).toBe(201);

      // Many clients do not add up to more guesses: a hundred wrong codes in all, from ten clients, close the door
      // for everyone until the lock ends — the right code from a new client included.
      const next: string = (await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/pairing-code`, { cookie: admin })).body.data.code;
      for (let c = 0; c < 10; c++)
        for (let i = 0; i < 10; i++) await s.api('POST', '/api/kiosk/pair', { body: { code: wrong(100 + c * 10 + i) }, headers: { 'x-forwarded-for': `203.0.113.${100 + c}` } });
      const shut = await s.api('POST', '/api/kiosk/pair', { body: { code: next }, headers: { 'x-forwarded-for': '198.51.100.23' } });
      expect([shut.status, shut.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      // The other tests pair on: the door's streak is ended as a quiet quarter hour would.
      await s.runtime.core.db.execute(sql`delete from login_throttle where key = 'pair:all'`);
    });

    it('a pairing code works once; the token authenticates HTTP and sockets until revoked', async () => {
      const issued = await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/pairing-code`, { cookie: admin });
      expect(issued.body.data.code).toMatch(/^\d{8}$/);
      const paired = await s.api('POST', '/api/kiosk/pair', { body: { code: issued.body.data.code } });
      expect(paired.status).toBe(201);
      const token: string = paired.body.data.token;
      expect(paired.body.data.kiosk).toMatchObject({ id: DEMO_KIOSK, pointId: 1 });

      const reused = await s.api('POST', '/api/kiosk/pair', { body: { code: issued.body.data.code } });
      expect(reused.status).toBe(400);
      expect(reused.body.error.code).toBe('PAIRING_INVALID');

      const me = await s.api('GET', '/api/me', { token });
      expect(me.status).toBe(200);
      expect(me.body.data.principal).toMatchObject({ kind: 'kiosk', kioskId: DEMO_KIOSK, pointId: 1 });
      expect(me.body.data.homeScope).toBe('kiosk:1');

      const socket = await connectSocket(s, { auth: { protocol: 1, token } });
      try {
        expect(await subscribe(socket, 'kiosk:1')).toMatchObject({ data: { scope: 'kiosk:1' } });
        expect(await subscribe(socket, 'point:1')).toMatchObject({ error: { code: 'FORBIDDEN' } });

        const gone = waitFor<string>([socket as never, 'disconnect']);
        expect((await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/revoke`, { cookie: admin })).status).toBe(200);
        expect(await gone).toBe('io server disconnect');
        const after = await s.api('GET', '/api/me', { token });
        expect(after.status).toBe(401);
        expect(after.body.error.code).toBe('DEVICE_REVOKED');
      } finally {
        socket.close();
      }
    });

    it('only an admin may issue a pairing code', async () => {
      const res = await s.api('POST', `/api/admin/kiosks/${DEMO_KIOSK}/pairing-code`, { cookie: desk });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    });
  });

  describe('the Yjs route refuses the upgrade with a status and X-Doorstep-Error', () => {
    it('without a session cookie → 401 UNAUTHENTICATED', async () => {
      expect(await upgradeRefusal(s, 'board:point:1', { origin: s.origin })).toEqual({ status: 401, error: 'UNAUTHENTICATED' });
    });

    it('from another origin → 403 BAD_ORIGIN', async () => {
      expect(await upgradeRefusal(s, 'board:point:1', { origin: EVIL, cookie: desk })).toEqual({ status: 403, error: 'BAD_ORIGIN' });
    });

    it('for a document outside the role’s scope → 403 FORBIDDEN', async () => {
      expect(await upgradeRefusal(s, 'board:point:4', { origin: s.origin, cookie: desk })).toEqual({ status: 403, error: 'FORBIDDEN' });
      expect(await upgradeRefusal(s, 'board:community:2', { origin: s.origin, cookie: verifier })).toEqual({ status: 403, error: 'FORBIDDEN' });
    });
  });
});
