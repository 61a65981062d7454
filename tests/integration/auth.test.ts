// Staff sign-in over the real HTTP door: cookies, rotation, throttling, logout, timeouts, account changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo-data';
import { sha256 } from '../../src/lib/server/services/password';
import { startTestServer, sessionCookie, TestClock, type TestServer } from '../support/server';
import { connectSocket, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';
import { openDoc, upgradeRefusal } from '../support/yjs';

const MINUTE = 60_000;

/** `client`: the address nginx forwards (X-Forwarded-For), as a client behind the reverse proxy. */
function loginRequest(s: TestServer, username: string, password: string, cookie?: string, client?: string) {
  return fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { origin: s.origin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(client ? { 'x-forwarded-for': client } : {}) },
    body: JSON.stringify({ username, password })
  });
}

const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

describe('sessions', () => {
  let s: TestServer;
  const clock = new TestClock();
  let nextUser = 0;

  /** A throw-away account, so disabling or re-keying it leaves the demo users alone. */
  async function tempUser(password = 'first-password-1') {
    const username = `temp${++nextUser}`;
    const u = await s.runtime.services.auth.createStaff({ username, displayName: '临时', password, role: 'agent', streetId: 1, communityId: 1, pointId: 1, companyId: 1 });
    return { id: u.id, username, password };
  }

  beforeAll(async () => {
    s = await startTestServer({ clock, config: { sessionIdleMs: 30 * MINUTE, sessionAbsoluteMs: 60 * MINUTE, sessionSweepMs: 200 } });
  });
  afterAll(() => s?.close());

  it('login sets an HttpOnly, SameSite=Lax session cookie and nothing secret in the body', async () => {
    const res = await loginRequest(s, 'desk', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const line = res.headers.getSetCookie().find((c) => c.startsWith('ds_session='))!;
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Path=\//i);
    const body = await res.json();
    expect(body.data.user).toMatchObject({ username: 'desk', role: 'agent' });
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt/);
    const me = await s.api('GET', '/api/me', { cookie: sessionCookie(res.headers) });
    expect(me.status).toBe(200);
    expect(me.body.data.principal).toMatchObject({ kind: 'staff', role: 'agent', pointId: 1 });
  });

  it('rotates the session id at login: the cookie a browser came with stops working', async () => {
    const first = await s.login('desk');
    const res = await loginRequest(s, 'desk', DEMO_PASSWORD, first);
    expect(res.status).toBe(200);
    const second = sessionCookie(res.headers);
    expect(second).not.toBe(first);
    expect((await s.api('GET', '/api/me', { cookie: first })).status).toBe(401);
    expect((await s.api('GET', '/api/me', { cookie: second })).status).toBe(200);
  });

  it('logout ends the session and disconnects its live socket, and only its', async () => {
    const mine = await s.login('desk');
    const other = await s.login('desk');
    const socket = await connectSocket(s, { cookie: mine });
    const bystander = await connectSocket(s, { cookie: other });
    try {
      const gone = waitFor<string>([socket as never, 'disconnect']);
      const out = await s.api('POST', '/api/auth/logout', { cookie: mine });
      expect(out.status).toBe(200);
      expect(out.body.data.ended).toBe(true);
      expect(out.headers.getSetCookie().some((c) => /^ds_session=;/.test(c))).toBe(true);
      expect(await gone).toBe('io server disconnect');
      const me = await s.api('GET', '/api/me', { cookie: mine });
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('UNAUTHENTICATED');
      // The other session of the same user is untouched: its socket still answers.
      expect(await subscribe(bystander, 'point:1')).toMatchObject({ data: { scope: 'point:1' } });
      expect((await s.api('GET', '/api/me', { cookie: other })).status).toBe(200);
    } finally {
      socket.close();
      bystander.close();
    }
  });

  it('an idle session expires; activity keeps it alive until then', async () => {
    const cookie = await s.login('desk');
    clock.advance(25 * MINUTE);
    expect((await s.api('GET', '/api/me', { cookie })).status).toBe(200);
    clock.advance(25 * MINUTE);
    expect((await s.api('GET', '/api/me', { cookie })).status).toBe(200);
    clock.advance(31 * MINUTE);
    const res = await s.api('GET', '/api/me', { cookie });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
  });

  it('设为大屏: a street session on a wall screen is not ended for idling, reads, is refused every write, and ends at 退出 or its lifetime', async () => {
    const desk = await s.login('desk');
    expect((await s.api('POST', '/api/me/display', { cookie: desk })).status).toBe(403);
    const street = await s.login('street');
    // Before: the street's own board opens as a shared document, as for anyone who may watch it.
    (await openDoc(s, 'board:street:1', street)).destroy();
    const made = await s.api('POST', '/api/me/display', { cookie: street });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    // Idle for longer than the idle limit: still signed in, and its live socket stays through the sweep that ends
    // an ordinary idle session's socket (the witness: once it is gone, a sweep has run).
    const socket = await connectSocket(s, { cookie: street });
    const witness = await connectSocket(s, { cookie: desk });
    clock.advance(45 * MINUTE);
    await waitFor(() => !witness.connected);
    witness.close();
    expect(socket.connected).toBe(true);
    expect(await subscribe(socket, 'street:1')).toMatchObject({ data: { scope: 'street:1' } });
    expect((await s.api('GET', '/api/me', { cookie: street })).status).toBe(200);
    expect((await s.api('GET', '/api/street/statements', { cookie: street })).status).toBe(200);
    // Every write is refused, in words, and changes nothing.
    const before = (await s.api('GET', '/api/street/statements', { cookie: street })).body.data.length;
    const write = await s.api('POST', '/api/street/statements', { cookie: street, body: { companyId: 1, period: '1997-01' } });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'display_read_only' }, message: expect.stringContaining('大屏') });
    expect((await s.api('GET', '/api/street/statements', { cookie: street })).body.data.length).toBe(before);
    // Shared documents are not opened for it (the pages' form actions: tests/e2e/street.test.ts).
    expect((await upgradeRefusal(s, 'board:street:1', { cookie: street, origin: s.origin })).status).toBe(403);
    clock.advance(20 * MINUTE); // 65 minutes: past its absolute lifetime
    expect((await s.api('GET', '/api/me', { cookie: street })).status).toBe(401);
    await waitFor(() => !socket.connected);
    socket.close();
    // An ordinary session idles out as before.
    clock.advance(31 * MINUTE);
    expect((await s.api('GET', '/api/me', { cookie: desk })).status).toBe(401);
  });

  it('a session ends at its absolute lifetime however active it is', async () => {
    const cookie = await s.login('desk');
    for (let i = 0; i < 2; i++) {
      clock.advance(25 * MINUTE);
      expect((await s.api('GET', '/api/me', { cookie })).status).toBe(200);
    }
    clock.advance(25 * MINUTE); // 75 minutes in, never idle for more than 25
    const res = await s.api('GET', '/api/me', { cookie });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('disabling an account ends its sessions and live sockets, and refuses its login', async () => {
    const u = await tempUser();
    const cookie = await s.login(u.username, u.password);
    const socket = await connectSocket(s, { cookie });
    try {
      const gone = waitFor<string>([socket as never, 'disconnect']);
      const ended = await s.runtime.services.auth.disable(u.id);
      expect(ended).toEqual([sha256(tokenOf(cookie))]);
      // What the periodic sweep asks: these sessions are over.
      expect(await s.runtime.services.auth.ended(ended)).toEqual(ended);
      ended.forEach((h) => s.runtime.realtime.endSession(h));
      expect(await gone).toBe('io server disconnect');
      expect((await s.api('GET', '/api/me', { cookie })).status).toBe(401);
      const again = await loginRequest(s, u.username, u.password);
      expect(again.status).toBe(401);
      expect((await again.json()).error.code).toBe('BAD_CREDENTIALS');
    } finally {
      socket.close();
    }
  });

  it('changing the password ends every session of the account', async () => {
    const u = await tempUser();
    const a = await s.login(u.username, u.password);
    const b = await s.login(u.username, u.password);
    const ended = await s.runtime.services.auth.changePassword(u.id, 'second-password-2');
    expect(ended.sort()).toEqual([sha256(tokenOf(a)), sha256(tokenOf(b))].sort());
    for (const cookie of [a, b]) expect((await s.api('GET', '/api/me', { cookie })).status).toBe(401);
    expect((await loginRequest(s, u.username, u.password)).status).toBe(401);
    const fresh = await s.login(u.username, 'second-password-2');
    expect((await s.api('GET', '/api/me', { cookie: fresh })).status).toBe(200);
  });
});

describe('failed logins', () => {
  let s: TestServer;
  // A frozen clock: a lock cannot run out between two requests of a slow run.
  const clock = new TestClock();
  beforeAll(async () => {
    s = await startTestServer({ clock });
  });
  afterAll(() => s?.close());

  it('an unknown user and a wrong password get the same 401 answer', async () => {
    const unknown = await loginRequest(s, 'nobody-here', DEMO_PASSWORD);
    const wrong = await loginRequest(s, 'desk', 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [await unknown.json(), await wrong.json()];
    expect(a).toEqual(b);
    expect(a.error.code).toBe('BAD_CREDENTIALS');
    expect(typeof a.error.message).toBe('string');
    expect(unknown.headers.getSetCookie()).toEqual([]);
  });

  it('repeated failures are refused with 429 RATE_LIMITED and Retry-After, even the right password', async () => {
    const codes: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const res = await loginRequest(s, 'street', `wrong-${i}`);
      if (res.status === 429) limited = res;
      else codes.push(res.status);
    }
    expect(limited, 'no 429 after 10 failures').toBeDefined();
    expect(codes.length).toBeGreaterThanOrEqual(3);
    expect(codes.every((c) => c === 401)).toBe(true);
    expect((await limited!.json()).error.code).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const right = await loginRequest(s, 'street', DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
  });

  it('guesses sent all at once are checked no more often than guesses sent one by one', async () => {
    const client = '203.0.113.7';
    const burst = await Promise.all([...Array.from({ length: 24 }, (_, i) => loginRequest(s, 'desk2', `wrong-${i}`, undefined, client)), loginRequest(s, 'desk2', DEMO_PASSWORD, undefined, client)]);
    const statuses = burst.map((r) => r.status);
    // Five free failures: at most five passwords were checked (the right one among them only if it came early).
    expect(statuses.filter((c) => c === 401 || c === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((c) => c === 429).length).toBeGreaterThanOrEqual(20);
    expect(statuses.every((c) => [200, 401, 429].includes(c))).toBe(true);
    if (!statuses.includes(200)) expect((await loginRequest(s, 'desk2', DEMO_PASSWORD, undefined, '198.51.100.9')).status).toBe(429);
  });

  it('behind the reverse proxy each client has its own lock: one client cannot lock the office out', async () => {
    const attacker = '203.0.113.5';
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await loginRequest(s, 'ghost-attacker', 'wrong', undefined, attacker)).status);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.at(-1)).toBe(429);
    expect((await loginRequest(s, 'admin', DEMO_PASSWORD, undefined, attacker)).status).toBe(429);
    // Another client (another address in X-Forwarded-For, the same nginx peer) signs in.
    expect((await loginRequest(s, 'admin', DEMO_PASSWORD, undefined, '198.51.100.7')).status).toBe(200);
  });

  it('a client’s misses are only ever counted up: a valid sign-in between guesses neither lowers nor prolongs them', async () => {
    const client = '203.0.113.40';
    const miss = async (user: string) => expect((await loginRequest(s, user, 'not-it', undefined, client)).status).toBe(401);
    const signIn = async () => (await loginRequest(s, 'verifier2', DEMO_PASSWORD, undefined, client)).status;
    // Misses on three accounts with the holder's own sign-ins between them: five misses lock the client all the same.
    await miss('nobody-a');
    await miss('nobody-b');
    expect(await signIn()).toBe(200);
    await miss('nobody-c');
    await miss('nobody-d');
    expect(await signIn()).toBe(200);
    await miss('nobody-e');
    expect(await signIn()).toBe(429);
    // A quiet quarter hour ends the streak, and sign-ins in it do not keep it going.
    const other = '203.0.113.41';
    for (const u of ['x1', 'x2', 'x3', 'x4']) expect((await loginRequest(s, u, 'not-it', undefined, other)).status).toBe(401);
    clock.advance(10 * MINUTE);
    expect((await loginRequest(s, 'verifier2', DEMO_PASSWORD, undefined, other)).status).toBe(200);
    clock.advance(6 * MINUTE);
    expect((await loginRequest(s, 'x5', 'not-it', undefined, other)).status).toBe(401);
    expect((await loginRequest(s, 'verifier2', DEMO_PASSWORD, undefined, other)).status).toBe(200);
  });

  it('a streak of failures is forgotten after a quiet quarter hour: one typo then does not lock anyone out', async () => {
    let limited = false;
    for (let i = 0; i < 10 && !limited; i++) limited = (await loginRequest(s, 'verifier', `wrong-${i}`)).status === 429;
    expect(limited).toBe(true);
    clock.advance(16 * MINUTE);
    expect((await loginRequest(s, 'admin', 'a typo')).status).toBe(401);
    const res = await loginRequest(s, 'admin', DEMO_PASSWORD);
    expect(res.status).toBe(200);
  });
});
