// The street grows past its seed: its admin registers a property company, a property of it with an agent
// point, and an agent account there, who signs in, is held back until trained and pledged, then takes in a
// case that lands at the new point. Each refusal says why and writes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, startTestServer, type TestServer } from '../support/server';
import { applicant, intakeBody, postCase, rows } from '../support/cases';

describe('organisations and accounts (admin)', () => {
  let s: TestServer;
  let admin: string;
  let street: string;

  beforeAll(async () => {
    s = await startTestServer();
    [admin, street] = await Promise.all(['admin', 'street'].map((u) => s.login(u)));
  });
  afterAll(() => s?.close());

  const post = (path: string, body: unknown, cookie = admin) => s.api('POST', `/api/admin/${path}`, { cookie, body });
  const count = async (table: string) => Number((await rows<{ n: number }>(s, sql`select count(*)::int n from ${sql.identifier(table)}`))[0].n);
  const refused = (res: { status: number; body: any }, status: number, text?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (text) expect(res.body.error.message).toContain(text);
  };

  it('a new company, its property with an agent point, and an agent there who works once trained and pledged', async () => {
    const company = await post('companies', { nameZh: '新港物业服务有限公司', creditCode: '91440300ma5fxy7q27' });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    const companyId = company.body.data.companyId as number;
    const prop = await post('properties', { communityId: 2, companyId, nameZh: '新港花园', nameEn: 'Xingang Garden' });
    expect(prop.status, JSON.stringify(prop.body)).toBe(201);
    const pointId = prop.body.data.pointId as number;
    expect(pointId).toBeGreaterThan(0);

    const view = await s.api('GET', '/api/admin/org', { cookie: admin });
    expect(view.body.data.properties).toContainEqual(expect.objectContaining({ nameZh: '新港花园', companyId, communityId: 2, pointId, pointNameZh: '新港花园代办点' }));
    expect(view.body.data.companies).toContainEqual(expect.objectContaining({ id: companyId, nameZh: '新港物业服务有限公司' }));

    const agent = await post('staff', { username: 'Xingang.Li', displayName: '李新港', role: 'agent', pointId, password: 'first-password-1' });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    expect(agent.body.data).toMatchObject({ username: 'xingang.li', role: 'agent' });
    const listed = (await s.api('GET', '/api/admin/org', { cookie: admin })).body.data.accounts;
    expect(listed).toContainEqual(expect.objectContaining({ username: 'xingang.li', pointId, companyId, communityId: 2, disabledAt: null }));
    expect(JSON.stringify(listed)).not.toMatch(/password|scrypt|\$/i);

    // Signs in, but may not take in a case before the assessment and the pledge are recorded.
    const cookie = await s.login('xingang.li', 'first-password-1');
    const me = await s.api('GET', '/api/me', { cookie });
    expect(me.body.data.principal).toMatchObject({ role: 'agent', pointId, companyId, communityId: 2 });
    refused(await postCase(s, { cookie }, intakeBody(applicant())), 403);
    const userId = agent.body.data.userId as number;
    const validUntil = new Date(Date.now() + 90 * 86_400_000).toISOString();
    expect((await post('training/assessments', { userId, passed: true, assessedOn: '2026-11-01', validUntil })).status).toBe(201);
    expect((await post(`staff/${userId}/pledge`, {})).status).toBe(200);
    // A training session is recorded with who attended: one with nobody is a slip, refused.
    const session = (body: unknown, key: string) => s.api('POST', '/api/admin/training/sessions', { cookie: admin, body, headers: { 'Idempotency-Key': key } });
    refused(await session({ title: '空培训', heldOn: '2026-11-01', attendees: [] }, newKey()), 400);
    // Sent twice (a double click, a retry after a lost answer): recorded once, so the agent's count is one.
    const key = newKey();
    const training = { title: '保密培训', heldOn: '2026-11-01', attendees: [userId] };
    const first = await session(training, key);
    expect(first.status).toBe(201);
    const again = await session(training, key);
    expect([again.status, again.body.data]).toEqual([200, first.body.data]);
    refused(await session({ ...training, title: '另一次培训' }, key), 409);
    const trained = (await s.api('GET', '/api/admin/training', { cookie: admin })).body.data.find((r: { id: number }) => r.id === userId);
    expect(trained.sessions).toBe(1);
    const made = await postCase(s, { cookie }, intakeBody(applicant()));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const [row] = await rows<{ point_id: number }>(s, sql`select point_id from proxy_case where id = ${made.body.data.caseId}`);
    expect(Number(row.point_id)).toBe(pointId);

    // The new point is a kiosk's home like any other.
    expect((await post('kiosks', { pointId, label: '新港花园大堂自助机' })).status).toBe(201);
  });

  it('refuses duplicates and bad input with the reason, and writes nothing', async () => {
    const before = await Promise.all(['company', 'property', 'point', 'staff_user'].map(count));
    refused(await post('companies', { nameZh: '重复公司', creditCode: '91440300MA5FXY7Q27' }), 409, '统一社会信用代码已登记');
    refused(await post('companies', { nameZh: '坏代码公司', creditCode: '91440300MA5FXYZ1IO' }), 400);
    refused(await post('companies', { nameZh: '校验错公司', creditCode: '91440300MA5FXY7Q28' }), 400);
    refused(await post('properties', { communityId: 1, companyId: 1, nameZh: '侨香村' }), 409, '已有同名物业项目');
    refused(await post('properties', { communityId: 99_999, companyId: 1, nameZh: '不存在社区的小区' }), 404);
    refused(await post('properties', { communityId: 1, companyId: 99_999, nameZh: '不存在企业的小区' }), 404);
    refused(await post('staff', { username: 'desk', displayName: '重名', role: 'street', password: 'first-password-1' }), 409, '登录名已被使用');
    refused(await post('staff', { username: 'weakpass', displayName: '弱密码', role: 'street', password: 'short' }), 400);
    refused(await post('staff', { username: 'nopoint', displayName: '无代办点', role: 'agent', password: 'first-password-1' }), 400);
    refused(await post('staff', { username: 'nocommunity', displayName: '无社区', role: 'verifier', password: 'first-password-1' }), 400);
    refused(await post('staff', { username: 'farpoint', displayName: '远方', role: 'agent', pointId: 99_999, password: 'first-password-1' }), 404);
    // Only the admin keeps the street's organisations: the street supervisor is refused.
    refused(await post('companies', { nameZh: '越权公司', creditCode: '91440300MA5FXYA99E' }, street), 403);
    expect(await Promise.all(['company', 'property', 'point', 'staff_user'].map(count))).toEqual(before);
  });

  it('a verifier is placed at their community; a property can be registered without a point', async () => {
    const v = await post('staff', { username: 'verifier.new', displayName: '王核验', role: 'verifier', communityId: 3, password: 'first-password-1' });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const me = await s.api('GET', '/api/me', { cookie: await s.login('verifier.new', 'first-password-1') });
    expect(me.body.data.principal).toMatchObject({ role: 'verifier', communityId: 3, pointId: null });
    const plain = await post('properties', { communityId: 3, companyId: 1, nameZh: '东海商务楼', point: false });
    expect(plain.status).toBe(201);
    expect(plain.body.data.pointId).toBeNull();
  });
});
