// The access log, searched by the admins of two streets: each sees the reads of its own street's staff
// and kiosks, never the other street's.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAccess } from '../../src/lib/server/repositories/access-log.repository';
import { newCase, pairKiosk, rows } from '../support/cases';
import { startTestServer, type TestServer } from '../support/server';

let s: TestServer;
const PASSWORD = 'Scope-passw0rd-1';

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

async function staffOf(streetId: number, role: 'admin' | 'agent', name: string) {
  const u = await s.runtime.services.auth.createStaff({ username: `${name}-${process.pid}`, displayName: name, password: PASSWORD, role, streetId });
  return { id: u.id, cookie: await s.login(`${name}-${process.pid}`, PASSWORD) };
}

describe('access log search is scoped to the admin’s street', () => {
  it('two streets, two views', async () => {
    const [st2] = await rows<{ id: number }>(s, sql`insert into street (code, name_zh, name_en) values ('scope-2', '第二街道', 'Second Street') returning id`);
    const admin1 = await s.login('admin');
    const admin2 = await staffOf(st2.id, 'admin', 'scope-admin-2');
    const reader2 = await staffOf(st2.id, 'agent', 'scope-reader-2');

    // Street 1: a real reveal by its desk, and a kiosk of its point rotating its token.
    const desk = await s.login('desk');
    const c = await newCase(s, { cookie: desk });
    expect((await s.api('POST', `/api/cases/${c.caseId}/reveal`, { cookie: desk, body: { purpose: 'check_documents' } })).status).toBe(200);
    const token = await pairKiosk(s, admin1);
    expect((await s.api('POST', '/api/kiosk/rotate-token', { token, body: {} })).status).toBe(200);
    // Street 2: a read by one of its people (written as the services write it).
    await appendAccess(s.runtime.core.db, { actor: `user:${reader2.id}`, action: 'reveal', subjectType: 'case', subjectId: '999999', fields: ['applicantName'] });

    const search = async (cookie: string) => {
      const res = await s.api('GET', '/api/admin/access-log?limit=500', { cookie });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data as { actor: string; subjectId: string; action: string }[];
    };
    const one = await search(admin1);
    expect(one.some((e) => e.subjectId === String(c.caseId) && e.action === 'reveal')).toBe(true);
    expect(one.some((e) => e.action === 'rotate_token')).toBe(true);
    expect(one.some((e) => e.actor === `user:${reader2.id}`)).toBe(false);

    const two = await search(admin2.cookie);
    expect(two.map((e) => [e.actor, e.subjectId])).toEqual([[`user:${reader2.id}`, '999999']]);

    // Named for the admin: who read, and which case by its number; a case's reads found by its number.
    const byNo = await s.api('GET', `/api/admin/access-log?caseNo=${c.caseNo.toLowerCase()}`, { cookie: admin1 });
    expect(byNo.body.data.map((e: { caseNo: string; action: string; actorName: string; fields: string[] }) => [e.caseNo, e.action, e.actorName, e.fields])).toEqual([
      [c.caseNo, 'reveal', '侨香村代办点 张丽', ['applicantName', 'applicantPhone', 'applicantIdNumber']]
    ]);
    expect(one.find((e) => e.action === 'rotate_token')).toMatchObject({ actorName: expect.any(String), caseNo: null });
    const bad = await s.api('GET', '/api/admin/access-log?caseNo=not-a-case', { cookie: admin1 });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION']);
    // Another street's case number finds nothing from here.
    expect((await s.api('GET', `/api/admin/access-log?caseNo=${c.caseNo}`, { cookie: admin2.cookie })).body.data).toEqual([]);

    // Asking for the other street's actor by name finds nothing either.
    const probe = await s.api('GET', `/api/admin/access-log?actor=user:${reader2.id}`, { cookie: admin1 });
    expect(probe.body.data).toEqual([]);
  });
});
