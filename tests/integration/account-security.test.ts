// Sessions end everywhere they live: an idle session's socket is closed by the sweep, a password
// change or an account disable ends every session and its sockets; the access log is searchable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drive, newCase } from '../support/cases';
import { startTestServer, TestClock, type TestServer } from '../support/server';
import { connectSocket } from '../support/socket';
import { waitFor } from '../support/wait';

const MINUTE = 60_000;
let s: TestServer;
const clock = new TestClock();
let n = 0;

async function tempAgent(password = 'first-password-1') {
  const username = `sec${++n}`;
  const u = await s.runtime.services.auth.createStaff({ username, displayName: '临时代办员', password, role: 'agent', streetId: 1, communityId: 1, pointId: 1, companyId: 1 });
  return { id: u.id, username, password, cookie: await s.login(username, password) };
}

beforeAll(async () => {
  s = await startTestServer({ clock, config: { sessionIdleMs: 30 * MINUTE, sessionSweepMs: 100 } });
});
afterAll(() => s?.close());

describe('live sockets follow their session', () => {
  it('an idle-expired session’s socket is closed by the sweep', async () => {
    const a = await tempAgent();
    const socket = await connectSocket(s, { cookie: a.cookie });
    const gone = waitFor([socket as never, 'disconnect'], 5_000);
    clock.advance(31 * MINUTE);
    await gone;
    expect((await s.api('GET', '/api/me', { cookie: a.cookie })).body.error.code).toBe('SESSION_EXPIRED');
  });

  it('changing one’s password needs the current one and ends every session and socket', async () => {
    const a = await tempAgent();
    const other = await s.login(a.username, a.password);
    const socket = await connectSocket(s, { cookie: other });
    const wrong = await s.api('POST', '/api/me/password', { cookie: a.cookie, body: { current: 'nope', next: 'second-password-2' } });
    expect(wrong.status).toBe(401);
    const weak = await s.api('POST', '/api/me/password', { cookie: a.cookie, body: { current: a.password, next: 'short' } });
    expect(weak.status).toBe(400);
    const gone = waitFor([socket as never, 'disconnect'], 5_000);
    const ok = await s.api('POST', '/api/me/password', { cookie: a.cookie, body: { current: a.password, next: 'second-password-2' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data.sessionsEnded).toBe(2);
    await gone;
    expect((await s.api('GET', '/api/me', { cookie: other })).status).toBe(401);
    await expect(s.login(a.username, a.password)).rejects.toThrow(/401/);
    expect(await s.login(a.username, 'second-password-2')).toMatch(/ds_session=/);
  });

  it('an admin disables an account: its sessions and sockets end, it cannot sign in', async () => {
    const a = await tempAgent();
    const socket = await connectSocket(s, { cookie: a.cookie });
    const desk = await s.login('desk');
    expect((await s.api('POST', `/api/admin/staff/${a.id}/disable`, { cookie: desk, body: {} })).status).toBe(403);
    const admin = await s.login('admin');
    const gone = waitFor([socket as never, 'disconnect'], 5_000);
    const res = await s.api('POST', `/api/admin/staff/${a.id}/disable`, { cookie: admin, body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await gone;
    expect((await s.api('GET', '/api/me', { cookie: a.cookie })).status).toBe(401);
    await expect(s.login(a.username, a.password)).rejects.toThrow(/401/);

    // A mistaken 停用 is undone: the person signs in again with their own password.
    expect((await s.api('POST', `/api/admin/staff/${a.id}/enable`, { cookie: desk, body: {} })).status).toBe(403);
    expect((await s.api('POST', `/api/admin/staff/${a.id}/enable`, { cookie: admin, body: {} })).status).toBe(200);
    expect((await s.api('GET', '/api/me', { cookie: await s.login(a.username, a.password) })).status).toBe(200);
  });

  it('an admin resets a forgotten password: the old one and every session end; a weak one, their own or another street’s are refused', async () => {
    const a = await tempAgent();
    const socket = await connectSocket(s, { cookie: a.cookie });
    const admin = await s.login('admin');
    const reset = (id: number, password: string) => s.api('POST', `/api/admin/staff/${id}/password`, { cookie: admin, body: { password } });
    const weak = await reset(a.id, 'aaaaaaaaaa');
    expect([weak.status, weak.body.error.details]).toEqual([400, [{ path: 'password', code: 'custom' }]]);
    expect((await s.api('GET', '/api/me', { cookie: a.cookie })).status).toBe(200);
    const me = (await s.api('GET', '/api/me', { cookie: admin })).body.data.id as number;
    expect((await reset(me, 'admin-new-passw0rd')).status).toBe(400);
    expect((await reset(999_999, 'some-new-passw0rd')).status).toBe(404);

    const gone = waitFor([socket as never, 'disconnect'], 5_000);
    expect((await reset(a.id, 'handed-over-2026')).status).toBe(200);
    await gone;
    expect((await s.api('GET', '/api/me', { cookie: a.cookie })).status).toBe(401);
    await expect(s.login(a.username, a.password)).rejects.toThrow(/401/);
    expect((await s.api('GET', '/api/me', { cookie: await s.login(a.username, 'handed-over-2026') })).status).toBe(200);
  });
});

describe('access log', () => {
  it('street admins find who read a case’s personal data; nobody else may search', async () => {
    const desk = await s.login('desk');
    const c = await newCase(s, { cookie: desk });
    await drive(s, desk, await s.login('verifier'), c.caseId, 'accepted');
    expect((await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk, body: { purpose: 'check_documents' } })).status).toBe(200);
    const admin = await s.login('admin');
    const found = await s.api('GET', `/api/admin/access-log?subjectType=case&subjectId=${c.caseId}`, { cookie: admin });
    expect(found.status).toBe(200);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]).toMatchObject({ action: 'reveal', subjectId: String(c.caseId) });
    expect(found.body.data[0].actor).toMatch(/^user:\d+$/);
    expect(found.body.data[0].ip).toBeTruthy();
    expect(found.body.data[0].fields).toEqual(expect.arrayContaining(['applicantName', 'applicantPhone', 'applicantIdNumber']));
    expect((await s.api('GET', '/api/admin/access-log', { cookie: desk })).status).toBe(403);
    expect((await s.api('GET', '/api/admin/access-log?actor=robert', { cookie: admin })).status).toBe(400);
  });
});
