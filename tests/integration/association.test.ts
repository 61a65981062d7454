// The promotion association (一会) over HTTP: one president unit at a time (service and index), a
// decision's references checked against the caller's street, another street's objects answering 404,
// member-company agents reading but not writing, idempotent writes, and refused input writing nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../support/cases';
import { newKey, startTestServer, type TestServer } from '../support/server';
import { DEMO_MEETING_TITLE } from '../../src/lib/server/seed/demo-association';

const TABLES = ['association_member', 'association_charter', 'association_meeting', 'association_attendee', 'association_decision', 'association_decision_ref', 'event', 'idempotency_key'];

describe('the association (一会)', () => {
  let s: TestServer;
  let street: string;
  let admin: string;
  let verifier: string;
  let desk: string;
  /** street 2: its own street user, company, agreement and meeting */
  let other: { cookie: string; companyId: number; agreementId: number; meetingId: number };
  let nonMemberAgent: string;
  let seniorCard: number;

  const post = (path: string, cookie: string, body: unknown, key = newKey()) => s.api('POST', path, { cookie, body, headers: { 'Idempotency-Key': key } });
  const patch = (path: string, cookie: string, body: unknown, key = newKey()) => s.api('PATCH', path, { cookie, body, headers: { 'Idempotency-Key': key } });
  const counts = async () => {
    const [r] = await rows<Record<string, unknown>>(s, sql.raw(`select ${TABLES.map((t) => `(select count(*) from ${t})::int as ${t}`).join(', ')}`));
    return r;
  };
  const meeting = (o: Record<string, unknown> = {}) => ({ kind: 'joint', heldOn: '2026-03-12', title: '测试联席会议', place: '街道会议室', agenda: '议程', ...o });

  beforeAll(async () => {
    s = await startTestServer();
    [street, admin, verifier, desk] = await Promise.all(['street', 'admin', 'verifier', 'desk'].map((u) => s.login(u)));
    const [st] = await rows<{ id: number }>(s, sql`insert into street (code, name_zh, name_en) values ('assoc-other', '另一街道', 'Other street') returning id`);
    const [co] = await rows<{ id: number }>(s, sql`insert into company (street_id, credit_code, name_zh, name_en) values (${st.id}, 'ASSOC-OTHER-1', '他街物业', 'Other Co') returning id`);
    const u = await s.runtime.services.auth.createStaff({ username: 'assoc-other-street', displayName: '他街 街道办', password: 'temp-password-1', role: 'street', streetId: Number(st.id) });
    const cookie = await s.login('assoc-other-street', 'temp-password-1');
    const [ag] = await rows<{ id: number }>(
      s,
      sql`insert into agreement (street_id, company_id, kind, title, starts_on, ends_on, created_by) values (${st.id}, ${co.id}, 'special', '他街协议', '2026-01-01', '2026-12-31', ${u.id}) returning id`
    );
    const m = await post('/api/association/meetings', cookie, meeting({ title: '他街会议' }));
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    other = { cookie, companyId: Number(co.id), agreementId: Number(ag.id), meetingId: m.body.data.id };
    // A company of street 1 that never joins: its agents may not read the association's records.
    const [outsider] = await rows<{ id: number }>(s, sql`insert into company (street_id, credit_code, name_zh, name_en) values (1, 'ASSOC-OUTSIDER', '非会员物业', 'Outsider Co') returning id`);
    await s.runtime.services.auth.createStaff({ username: 'assoc-nonmember', displayName: '非会员物业 代办员', password: 'temp-password-1', role: 'agent', streetId: 1, companyId: Number(outsider.id) });
    nonMemberAgent = await s.login('assoc-nonmember', 'temp-password-1');
    const [item] = await rows<{ id: number }>(s, sql`select id from service_item where code = 'senior-card'`);
    seniorCard = Number(item.id);
  });
  afterAll(() => s?.close());

  it('the demo association: three members, one president unit, two charter versions, a meeting with linked decisions', async () => {
    const r = await s.api('GET', '/api/association', { cookie: street });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body.data;
    expect(v.members.map((m: { role: string }) => m.role)).toEqual(['president', 'vice_president', 'member']);
    expect(v.charter.current.version).toBe(2);
    expect(v.charter.earlier.map((c: { version: number }) => c.version)).toEqual([1]);
    const joint = v.meetings.find((m: { title: string }) => m.title === DEMO_MEETING_TITLE);
    expect(joint.decisions[0].serviceItems[0]).toMatchObject({ id: seniorCard, code: 'senior-card' });
    expect(joint.decisions[1].agreements).toHaveLength(1);
    expect(v.canWrite).toBe(true);
    // Street 2 sees its own meeting only, and no members of street 1.
    const o = (await s.api('GET', '/api/association', { cookie: other.cookie })).body.data;
    expect(o.members).toEqual([]);
    expect(o.meetings.map((m: { id: number }) => m.id)).toEqual([other.meetingId]);
  });

  it('one president unit at a time: refused unless handed over, then the old one becomes vice-president', async () => {
    const before = await counts();
    const refused = await patch('/api/association/members/2', street, { role: 'president' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.code).toBe('PRESIDENT_TAKEN');
    expect(await counts()).toEqual(before);

    const handed = await patch('/api/association/members/2', street, { role: 'president', replacePresident: true });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    const roles = Object.fromEntries(((await s.api('GET', '/api/association/members', { cookie: street })).body.data as { companyId: number; role: string }[]).map((m) => [m.companyId, m.role]));
    expect(roles).toMatchObject({ 1: 'vice_president', 2: 'president' });
    // The president unit does not simply step down, leaving none: it hands over.
    const down = await patch('/api/association/members/2', street, { role: 'member' });
    expect([down.status, down.body.error.details]).toEqual([409, { reason: 'president_needed' }]);
    expect(down.body.error.message).toContain('移交会长单位');
    // Its joining date is still corrected on its own.
    expect((await patch('/api/association/members/2', street, { memberSince: '2014-06-02' })).status).toBe(200);

    // A joining date still ahead is a typing slip: refused at its field, nothing written.
    const ahead = await post('/api/association/members', admin, { companyId: 4, role: 'member', memberSince: '2099-01-01' });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.details).toEqual([{ path: 'memberSince', code: 'future' }]);
    // A new member cannot come in as a second president either.
    const add = await post('/api/association/members', admin, { companyId: 4, role: 'president', memberSince: '2026-01-05' });
    expect(add.body.error?.code).toBe('PRESIDENT_TAKEN');
    const ok = await post('/api/association/members', admin, { companyId: 4, role: 'member', memberSince: '2026-01-05' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await post('/api/association/members', admin, { companyId: 4, role: 'member', memberSince: '2026-01-05' })).body.error.code).toBe('ALREADY_MEMBER');
    // Restore the demo president for the tests after this one.
    expect((await patch('/api/association/members/1', street, { role: 'president', replacePresident: true })).status).toBe(200);
  });

  it('a member leaves (退会) on a day that has come: listed as former; the president unit hands over first; it joins again', async () => {
    const leave = (companyId: number, leftOn: string, cookie = street) => post(`/api/association/members/${companyId}/leave`, cookie, { leftOn });
    const ahead = await leave(3, '2099-01-01');
    expect([ahead.status, ahead.body.error.details]).toEqual([400, [{ path: 'leftOn', code: 'future' }]]);
    const early = await leave(3, '2000-01-01');
    expect([early.status, early.body.error.details]).toEqual([400, [{ path: 'leftOn', code: 'before_joining' }]]);
    expect((await leave(1, '2026-01-01')).body.error.details).toEqual({ reason: 'president_needed' });
    expect((await leave(3, '2026-01-01', desk)).status).toBe(403);

    expect((await leave(3, '2026-01-01')).status).toBe(200);
    const view = (await s.api('GET', '/api/association', { cookie: street })).body.data;
    expect(view.members.map((m: { companyId: number }) => m.companyId)).not.toContain(3);
    expect(view.formerMembers).toEqual([expect.objectContaining({ companyId: 3, leftOn: '2026-01-01' })]);
    expect((await leave(3, '2026-01-02')).status).toBe(404);
    expect((await patch('/api/association/members/3', street, { role: 'vice_president' })).status).toBe(404);

    // Joins again: the same row, the day it joins this time.
    const back = await post('/api/association/members', street, { companyId: 3, role: 'member', memberSince: '2026-02-01' });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.data).toMatchObject({ companyId: 3, memberSince: '2026-02-01', leftOn: null });
    expect((await s.api('GET', '/api/association', { cookie: street })).body.data.formerMembers).toEqual([]);
  });

  it('two street users promoting different companies at once: exactly one becomes the president unit', async () => {
    // No president for the race (the API never leaves none: set here in SQL).
    await rows(s, sql`update association_member set role = 'member' where company_id = 1 and street_id = 1`);
    const [a, b] = await Promise.all([patch('/api/association/members/2', street, { role: 'president' }), patch('/api/association/members/3', admin, { role: 'president' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const presidents = ((await s.api('GET', '/api/association/members', { cookie: street })).body.data as { companyId: number; role: string }[]).filter((m) => m.role === 'president');
    expect(presidents).toHaveLength(1);
    expect(presidents[0].companyId).toBe(a.status === 200 ? 2 : 3);
    // Back to the demo roster.
    expect((await patch('/api/association/members/1', street, { role: 'president', replacePresident: true })).status).toBe(200);
    for (const [id, role] of [[2, 'vice_president'], [3, 'member']] as const) expect((await patch(`/api/association/members/${id}`, street, { role })).status).toBe(200);
  });

  it('the database itself refuses a second president unit', async () => {
    await expect(rows(s, sql`update association_member set role = 'president' where company_id = 3`)).rejects.toThrow();
    const [n] = await rows<{ n: number }>(s, sql`select count(*)::int as n from association_member where role = 'president' and street_id = 1`);
    expect(Number(n.n)).toBe(1);
  });

  it('records a meeting with attendees and decisions whose references are shown back', async () => {
    const body = meeting({
      companyIds: [1, 2],
      staffIds: [1],
      guests: ['居委会 主任'],
      minutes: '纪要 <b>不是标记</b>',
      decisions: [{ text: '新增敬老优待证代办', serviceItemIds: [seniorCard] }, { text: '续签整体委托', agreementIds: [1] }]
    });
    const key = newKey();
    const r = await post('/api/association/meetings', street, body, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const m = r.body.data;
    expect(m.companies.map((c: { id: number }) => c.id)).toEqual([1, 2]);
    expect(m.staff).toHaveLength(1);
    expect(m.guests).toEqual(['居委会 主任']);
    expect(m.minutes).toBe('纪要 <b>不是标记</b>');
    expect(m.decisions.map((d: { text: string }) => d.text)).toEqual(['新增敬老优待证代办', '续签整体委托']);
    expect(m.decisions[0].serviceItems[0].code).toBe('senior-card');
    expect(m.decisions[1].agreements[0].id).toBe(1);

    // The street's board hears of it (ids and counts only).
    const feed = await s.api('GET', '/api/board/events?scope=street:1', { cookie: street });
    expect(feed.body.data.events.some((e: { type: string; payload: { meetingId: number; decisions: number } }) => e.type === 'association.meeting.v1' && e.payload.meetingId === m.id && e.payload.decisions === 2)).toBe(true);

    // The same key again is the same meeting, not a second one; with another body it is refused.
    const before = await counts();
    const again = await post('/api/association/meetings', street, body, key);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(m.id);
    expect(await counts()).toEqual(before);
    expect((await post('/api/association/meetings', street, { ...body, title: '另一个' }, key)).status).toBe(409);

    // A later decision and the minutes written after the meeting.
    const d = await post(`/api/association/meetings/${m.id}/decisions`, admin, { text: '下次会议观摩侨香村', agreementIds: [2] });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const p = await patch(`/api/association/meetings/${m.id}`, street, { minutes: '补充纪要' });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.data.minutes).toBe('补充纪要');
    expect(p.body.data.decisions.map((x: { position: number }) => x.position)).toEqual([1, 2, 3]);
    expect(p.body.data.companies).toHaveLength(2);
  });

  it('references must exist in the caller’s street: unknown and other-street ids are refused alike, and nothing is written', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ decisions: [{ text: 'x', agreementIds: [other.agreementId] }] }, 'decisions.0.agreementIds.0'],
      [{ decisions: [{ text: 'x', agreementIds: [999_999] }] }, 'decisions.0.agreementIds.0'],
      [{ decisions: [{ text: 'x', serviceItemIds: [seniorCard, 999_999] }] }, 'decisions.0.serviceItemIds.1'],
      [{ companyIds: [other.companyId] }, 'companyIds.0'],
      [{ staffIds: [999_999] }, 'staffIds.0']
    ];
    for (const [extra, path] of cases) {
      const r = await post('/api/association/meetings', street, meeting(extra));
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.details.map((x: { path: string }) => x.path)).toContain(path);
    }
    const d = await post(`/api/association/meetings/${other.meetingId}/decisions`, other.cookie, { text: 'x', serviceItemIds: [seniorCard], agreementIds: [1] });
    expect(d.status).toBe(400);
    expect(d.body.error.details[0].path).toBe('decision.0.agreementIds.0');
    expect(await counts()).toEqual(before);
  });

  it('another street’s meeting and member are 404, exactly like ones that do not exist', async () => {
    const missing = 2_000_000;
    for (const id of [other.meetingId, missing]) {
      expect((await s.api('GET', `/api/association/meetings/${id}`, { cookie: street })).status).toBe(404);
      expect((await post(`/api/association/meetings/${id}/decisions`, street, { text: '越权决议' })).status).toBe(404);
      expect((await patch(`/api/association/meetings/${id}`, street, { minutes: '越权' })).status).toBe(404);
    }
    for (const companyId of [other.companyId, missing]) {
      expect((await patch(`/api/association/members/${companyId}`, street, { role: 'member' })).status).toBe(404);
      expect((await post('/api/association/members', street, { companyId, role: 'member', memberSince: '2026-01-01' })).status).toBe(404);
    }
    expect((await s.api('GET', `/api/association/meetings/${other.meetingId}`, { cookie: other.cookie })).status).toBe(200);
  });

  it('verifiers and member-company agents read; only the street and admins write; non-member agents are refused', async () => {
    for (const cookie of [verifier, desk]) {
      const r = await s.api('GET', '/api/association', { cookie });
      expect(r.status).toBe(200);
      expect(r.body.data.canWrite).toBe(false);
      expect(r.body.data.options).toBeNull();
      expect((await s.api('GET', '/api/association/meetings', { cookie })).status).toBe(200);
    }
    const before = await counts();
    for (const cookie of [verifier, desk]) {
      expect((await post('/api/association/meetings', cookie, meeting())).status).toBe(403);
      expect((await post('/api/association/charter', cookie, { title: 't', body: 'b', adoptedOn: '2026-01-01' })).status).toBe(403);
      expect((await patch('/api/association/members/1', cookie, { role: 'member' })).status).toBe(403);
    }
    for (const path of ['/api/association', '/api/association/meetings', '/api/association/charter', '/api/association/members']) {
      expect((await s.api('GET', path, { cookie: nonMemberAgent })).status, path).toBe(403);
    }
    expect((await s.api('GET', '/api/association')).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('the charter is versioned: a new version becomes current and the old ones stay listed', async () => {
    const r = await post('/api/association/charter', street, { title: '章程（2026年修订）', body: '# 总则\n<script>alert(1)</script>', adoptedOn: '2026-02-01' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.data.version).toBe(3);
    const c = (await s.api('GET', '/api/association/charter', { cookie: desk })).body.data;
    expect(c.current).toMatchObject({ version: 3, title: '章程（2026年修订）', body: '# 总则\n<script>alert(1)</script>' });
    expect(c.earlier.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    // An older charter recorded afterwards is history: the one adopted last stays in force.
    const older = await post('/api/association/charter', street, { title: '章程（2010年版）', body: '旧正文', adoptedOn: '2010-01-01' });
    expect(older.body.data.version).toBe(4);
    const after = (await s.api('GET', '/api/association/charter', { cookie: desk })).body.data;
    expect([after.current.version, after.earlier.map((x: { version: number }) => x.version)]).toEqual([3, [2, 1, 4]]);
    // Street 2's first charter is its own version 1.
    expect((await post('/api/association/charter', other.cookie, { title: '他街章程', body: '正文', adoptedOn: '2026-02-01' })).body.data.version).toBe(1);
  });

  it('a meeting’s date, title and place are corrected afterwards', async () => {
    const made = await post('/api/association/meetings', street, meeting({ heldOn: '2026-01-05', title: '错字会议' }));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const fixed = await patch(`/api/association/meetings/${made.body.data.id}`, street, { heldOn: '2026-01-06', title: '第八次联席会议', place: '侨香村 物业管理处' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body.data).toMatchObject({ heldOn: '2026-01-06', title: '第八次联席会议', place: '侨香村 物业管理处', agenda: '议程' });
  });

  it('bad input is refused with field errors and changes nothing', async () => {
    const before = await counts();
    const bad: [string, unknown][] = [
      ['/api/association/meetings', meeting({ kind: 'party' })],
      ['/api/association/meetings', meeting({ heldOn: '2026-02-30' })],
      ['/api/association/meetings', meeting({ title: '   ' })],
      ['/api/association/meetings', meeting({ decisions: [{ text: '' }] })],
      ['/api/association/meetings', meeting({ companyIds: [1.5] })],
      ['/api/association/members', { companyId: 4, role: 'chair', memberSince: '2026-01-01' }],
      ['/api/association/charter', { title: '章程', body: '', adoptedOn: '2026-01-01' }],
      // Days that have not come: a meeting is recorded once held, a charter once adopted.
      ['/api/association/charter', { title: '章程', body: '正文', adoptedOn: '2099-12-31' }],
      ['/api/association/meetings', meeting({ heldOn: '2099-12-31' })]
    ];
    for (const [path, body] of bad) {
      const r = await post(path, street, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.error.message).toBe('填写的内容有误');
    }
    expect((await s.api('POST', '/api/association/meetings', { cookie: street, body: meeting() })).status).toBe(400); // no Idempotency-Key
    expect((await patch('/api/association/meetings/1', street, {})).status).toBe(400);
    const ahead = await patch('/api/association/meetings/1', street, { heldOn: '2099-12-31' });
    expect([ahead.status, ahead.body.error.details]).toEqual([400, [{ path: 'heldOn', code: 'future' }]]);
    expect(await counts()).toEqual(before);
  });
});
