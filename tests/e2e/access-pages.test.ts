// The access matrix for SvelteKit pages and form actions, walked against the built app for every role:
// each load and action with a valid form, allowed → 2xx (or the redirect it exists for), denied →
// 401/403/404 or a redirect to /login, and a refused action leaves no trace that the API can see.
// The database is prepared before the server starts, for the two roles the demo has no login for
// (community B's verifier, an uncertified agent of point X). A kiosk's token means nothing to pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_ROLES, PAGES, type MatrixRole } from '../../src/lib/server/access/matrix';
import { openDatabase } from '../../src/lib/server/db/client';
import { insertStaff } from '../../src/lib/server/repositories/staff.repository';
import { DEMO_COMMITTEE_TOKEN } from '../../src/lib/server/seed/demo-grid';
import { seedDemo } from '../../src/lib/server/seed/demo';
import { hashPassword } from '../../src/lib/server/services/password';
import { compareDoors, pageDoors } from '../support/doors';
import { withCreditCheck } from '../support/ids';
import { seedDataDir } from '../support/pglite-template';
import { apiLogin, DEMO_PASSWORD, startServer, type ApiSession, type RunningServer } from './support';

let server: RunningServer;
let base: string;
let cleanup: () => Promise<void> = async () => {};
const LOGINS: Partial<Record<MatrixRole, string>> = { admin: 'admin', street: 'street', verifierA: 'verifier', verifierB: 'acc-verifier-b', agentX: 'desk', agentY: 'desk2', uncertified: 'acc-uncertified' };
/** per role, an agent nobody else touches: the target of that role's certify and pledge attempts */
const TARGETS = Object.fromEntries(MATRIX_ROLES.map((r) => [r, `acc-target-${r}`])) as Record<MatrixRole, string>;
const PERIODS = Array.from({ length: 60 }, (_, i) => `${1990 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

/** Seeds the demo street plus the extra accounts and ledger rows, on the database the server will open. */
async function prepare(): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ds-e2e-acc-'));
  seedDataDir(dataDir);
  cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  const database = await openDatabase({ dataDir });
  try {
    const { db } = database;
    await seedDemo(db);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const place = { verifierB: { role: 'verifier', communityId: 2 }, uncertified: { role: 'agent', communityId: 1, pointId: 1, companyId: 1 } } as const;
    await insertStaff(db, { username: LOGINS.verifierB!, displayName: '香蜜社区核查员（矩阵）', passwordHash, streetId: 1, ...place.verifierB });
    await insertStaff(db, { username: LOGINS.uncertified!, displayName: '侨香村未考核代办员（矩阵）', passwordHash, streetId: 1, ...place.uncertified });
    for (const username of Object.values(TARGETS)) await insertStaff(db, { username, displayName: `目标 ${username}`, passwordHash, role: 'agent', streetId: 1, communityId: 1, pointId: 2, companyId: 1 });
    // Subsidy rows of company 1 in periods of their own, for statements prepared by the page's action.
    for (const period of PERIODS) await db.execute(sql`insert into ledger_entry (kind, company_id, amount_fen, period, created_by) values ('subsidy', 1, 1000, ${period}, 'test:access-pages')`);
  } finally {
    await database.close();
  }
  return { DATA_DIR: dataDir };
}

interface Who {
  cookie?: string;
  authorization?: string;
}
const who = {} as Record<MatrixRole, Who>;
const ids: Record<string, number> = {};
/** API sessions of their own for setting up and checking (signed in once: the login fuzz locks the address) */
let adminApi: ApiSession;
let streetApi: ApiSession;

beforeAll(async () => {
  const env = await prepare();
  server = await startServer({ env });
  base = new URL(server.url).origin;
  for (const [role, username] of Object.entries(LOGINS)) who[role as MatrixRole] = { cookie: (await apiLogin(base, username!)).cookie };
  who.anonymous = {};
  adminApi = await apiLogin(base, 'admin');
  streetApi = await apiLogin(base, 'street');
  const admin = adminApi;
  const code = await admin.post<{ code: string }>('/api/admin/kiosks/1/pairing-code', {});
  const paired = await fetch(`${base}/api/kiosk/pair`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ code: code.body.data!.code }) });
  who.kiosk = { authorization: `Bearer ${((await paired.json()) as { data: { token: string } }).data.token}` };
  // Within the demo agreement's year, whose records it samples.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const a = await streetApi.post<{ id: number }>('/api/grid/assessments', { agreementId: 1, periodFrom: `${today.slice(0, 4)}-01-01`, periodTo: today, sampleSize: 3 });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  ids.assessment = a.body.data!.id;
  // A case of point X (the demo's desk), for its printed receipt.
  const made = await apiLogin(base, 'desk').then((d) => d.post<{ caseId: number }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: '矩阵回执', phone: '13912340003', idNumber: '440304195301011245' }, materials: [] }));
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  ids.case = made.body.data!.caseId;
  const roster = await admin.get<{ id: number; username: string }[]>('/api/admin/training');
  for (const u of roster.body.data!) ids[u.username] = u.id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await cleanup();
});

// ---------------------------------------------------------------------------------------------------

interface PageCall {
  path: string;
  form?: Record<string, string>;
  /** credentials to use instead of the role's own (a throw-away session: login and logout end it) */
  as?: Who;
  /** after a refusal: true when the action left no trace */
  untouched?: () => Promise<boolean>;
}

let n = 0;
const admin = async () => adminApi;
const street = async () => streetApi;
async function freshSession(role: MatrixRole): Promise<Who> {
  const u = LOGINS[role];
  return u ? { cookie: (await apiLogin(base, u)).cookie } : who[role];
}
async function newItem(): Promise<{ id: number; code: string }> {
  const code = `acc-item-${process.pid}-${++n}`;
  const r = await (await admin()).post<{ id: number }>('/api/admin/items', { code, nameZh: '矩阵页面事项', nameEn: 'Page item', materials: [], slaDays: 3, subsidyFen: 100 });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.data!.id, code };
}
async function itemActive(id: number): Promise<boolean | undefined> {
  const r = await (await admin()).get<{ id: number; active: boolean }[]>('/api/admin/items');
  return r.body.data!.find((x) => x.id === id)?.active;
}
async function org() {
  return (await (await admin()).get<{ companies: { nameZh: string }[]; properties: { id: number; nameZh: string; pointId: number | null }[]; accounts: { id: number; username: string; disabledAt: string | null }[] }>('/api/admin/org')).body.data!;
}
async function newKiosk(): Promise<number> {
  const r = await (await admin()).post<{ id: number }>('/api/admin/kiosks', { pointId: 1, label: `矩阵页面自助机 ${++n}` });
  return r.body.data!.id;
}
let periodIx = 0;
const nextPeriod = () => PERIODS[periodIx++];
async function statementsCount(): Promise<number> {
  return ((await (await street()).get<unknown[]>('/api/street/statements')).body.data ?? []).length;
}
async function statementBy(preparer: 'admin' | 'street'): Promise<number> {
  const s = preparer === 'admin' ? await admin() : await street();
  const r = await s.post<{ id: number }>('/api/street/statements', { companyId: 1, period: nextPeriod() });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data!.id;
}
type Line = { id: number; reversedById: number | null };
/** The one entry booked in `period`, read through its statement (prepared here for that). */
async function entryOf(period: string): Promise<{ statementId: number; id: number }> {
  const s = await street();
  const st = await s.post<{ id: number }>('/api/street/statements', { companyId: 1, period });
  const lines = (await s.get<{ lines: Line[] }>(`/api/street/statements/${st.body.data!.id}`)).body.data!.lines;
  return { statementId: st.body.data!.id, id: lines[0].id };
}
async function reversalsOf(e: { statementId: number; id: number }): Promise<number> {
  const lines = (await (await street()).get<{ lines: Line[] }>(`/api/street/statements/${e.statementId}`)).body.data!.lines;
  return lines.filter((l) => l.reversedById !== null).length;
}
async function rosterOf(username: string) {
  const r = await (await admin()).get<{ username: string; certifiedUntil: string | null; pledgeSignedAt: string | null; sessions: number }[]>('/api/admin/training');
  return r.body.data!.find((u) => u.username === username)!;
}

/** Surveys for the survey pages: a one-question rating survey of street 1, open unless asked otherwise. */
async function newSurvey(open = true): Promise<{ id: number; questionId: number }> {
  const c = await (await admin()).post<{ id: number }>('/api/admin/surveys', { titleZh: `矩阵页面问卷 ${process.pid}-${++n}`, questions: [{ kind: 'rating', promptZh: '满意度' }] });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const id = c.body.data!.id;
  if (open) expect((await (await admin()).post(`/api/admin/surveys/${id}/state`, { state: 'open' })).status).toBe(200);
  const got = await (await admin()).get<{ state: string; responses: number; questions: { id: number }[] }>(`/api/surveys/${id}`);
  return { id, questionId: got.body.data!.questions[0].id };
}
async function surveyInfo(id: number) {
  return (await (await admin()).get<{ state: string; responses: number; title: { zh: string } }>(`/api/surveys/${id}`)).body.data!;
}
let openSurvey: Promise<{ id: number; questionId: number }> | undefined;

/** A valid call per page door, as the role would make it. */
const CALLS: Record<string, (role: MatrixRole) => Promise<PageCall>> = {
  'GET /': async () => ({ path: '/' }),
  'GET /login': async () => ({ path: '/login' }),
  'POST /login': async (role) => ({ path: '/login', form: { username: 'desk', password: DEMO_PASSWORD }, as: await freshSession(role) }),
  'GET /logout': async () => ({ path: '/logout' }),
  'POST /logout': async (role) => ({ path: '/logout', form: {}, as: await freshSession(role) }),
  'GET /lang': async () => ({ path: '/lang' }),
  'POST /lang': async () => ({ path: '/lang', form: { lang: 'en', back: '/kiosk' } }),
  'GET /kiosk': async () => ({ path: '/kiosk' }),
  'GET /committee/[token]': async () => ({ path: `/committee/${DEMO_COMMITTEE_TOKEN}` }),
  'GET /account': async () => ({ path: '/account' }),
  'GET /desk': async () => ({ path: '/desk' }),
  'GET /desk/cases/[id]/receipt': async () => ({ path: `/desk/cases/${ids.case}/receipt` }),
  'GET /verify': async () => ({ path: '/verify' }),
  'GET /grid': async () => ({ path: '/grid' }),
  'GET /grid/street': async () => ({ path: '/grid/street' }),
  'GET /grid/assessments/[id]': async () => ({ path: `/grid/assessments/${ids.assessment}` }),
  'GET /street': async () => ({ path: '/street' }),
  'POST /street?/prepare': async () => {
    const before = await statementsCount();
    return { path: '/street?/prepare', form: { companyId: '1', period: nextPeriod() }, untouched: async () => (await statementsCount()) === before };
  },
  'POST /street?/approve': async (role) => {
    const id = await statementBy(role === 'street' ? 'admin' : 'street');
    const approved = async () => ((await (await street()).get<{ id: number; approvedBy: number | null }[]>('/api/street/statements')).body.data ?? []).find((x) => x.id === id)?.approvedBy;
    return { path: '/street?/approve', form: { id: String(id) }, untouched: async () => !(await approved()) };
  },
  'POST /street?/reverse': async () => {
    const e = await entryOf(nextPeriod());
    return { path: '/street?/reverse', form: { id: String(e.id), reason: '矩阵冲正' }, untouched: async () => (await reversalsOf(e)) === 0 };
  },
  'GET /association': async () => ({ path: '/association' }),
  'GET /admin': async () => ({ path: '/admin' }),
  'POST /admin?/addItem': async () => {
    const code = `acc-form-${process.pid}-${++n}`;
    const form = { code, nameZh: '表单事项', nameEn: 'Form item', descriptionZh: '', materials: 'id_card|身份证|ID card', slaDays: '5', subsidyYuan: '8' };
    return { path: '/admin?/addItem', form, untouched: async () => !(await (await admin()).get<{ code: string }[]>('/api/admin/items')).body.data!.some((x) => x.code === code) };
  },
  'POST /admin?/toggleItem': async () => {
    const item = await newItem();
    return { path: '/admin?/toggleItem', form: { id: String(item.id), active: 'false' }, untouched: async () => (await itemActive(item.id)) === true };
  },
  'POST /admin?/editItem': async () => {
    const item = await newItem();
    const sla = async () => ((await (await admin()).get<{ id: number; slaDays: number }[]>('/api/admin/items')).body.data ?? []).find((x) => x.id === item.id)?.slaDays;
    return { path: '/admin?/editItem', form: { id: String(item.id), nameZh: '改过的事项', nameEn: 'Edited item', descriptionZh: '', materials: '身份证', slaDays: '9', subsidyYuan: '1' }, untouched: async () => (await sla()) === 3 };
  },
  'POST /admin?/addSession': async (role) => {
    const before = (await rosterOf(TARGETS[role])).sessions;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    return { path: '/admin?/addSession', form: { title: '表单培训', heldOn: today, attendees: String(ids[TARGETS[role]]) }, untouched: async () => (await rosterOf(TARGETS[role])).sessions === before };
  },
  'POST /admin?/certify': async (role) => ({
    path: '/admin?/certify',
    form: { userId: String(ids[TARGETS[role]]), passed: 'true' },
    untouched: async () => (await rosterOf(TARGETS[role])).certifiedUntil === null
  }),
  'POST /admin?/pledge': async (role) => ({
    path: '/admin?/pledge',
    form: { userId: String(ids[TARGETS[role]]) },
    untouched: async () => (await rosterOf(TARGETS[role])).pledgeSignedAt === null
  }),
  'POST /admin?/pairingCode': async () => ({ path: '/admin?/pairingCode', form: { id: String(await newKiosk()) } }),
  'GET /admin/surveys': async () => ({ path: '/admin/surveys' }),
  'POST /admin/surveys?/save': async () => {
    const title = `表单问卷 ${process.pid}-${++n}`;
    const titles = async () => ((await (await admin()).get<{ title: { zh: string } }[]>('/api/surveys')).body.data ?? []).map((x) => x.title.zh);
    return { path: '/admin/surveys?/save', form: { titleZh: title, 'q0.kind': 'single', 'q0.promptZh': '常办事项', 'q0.options': '敬老优待证|Senior card\n高龄津贴', 'q0.maxLength': '' }, untouched: async () => !(await titles()).includes(title) };
  },
  'POST /admin/surveys?/setState': async () => {
    const { id } = await newSurvey(false);
    return { path: '/admin/surveys?/setState', form: { id: String(id), state: 'open' }, untouched: async () => (await surveyInfo(id)).state === 'draft' };
  },
  'GET /desk/surveys': async () => ({ path: '/desk/surveys' }),
  'GET /desk/surveys/[id]': async () => ({ path: `/desk/surveys/${(await (openSurvey ??= newSurvey())).id}` }),
  'POST /desk/surveys/[id]?/answer': async () => {
    const x = await (openSurvey ??= newSurvey());
    const before = (await surveyInfo(x.id)).responses;
    return { path: `/desk/surveys/${x.id}?/answer`, form: { key: `acc-desk-paper-${process.pid}-${++n}`, [`a${x.questionId}`]: '4' }, untouched: async () => (await surveyInfo(x.id)).responses === before };
  },
  'GET /association/surveys': async () => ({ path: '/association/surveys' }),
  'GET /association/surveys/[id]': async () => ({ path: `/association/surveys/${(await (openSurvey ??= newSurvey())).id}?channel=kiosk` }),
  'POST /association/surveys/[id]?/answer': async () => {
    const x = await (openSurvey ??= newSurvey());
    const before = (await surveyInfo(x.id)).responses;
    return { path: `/association/surveys/${x.id}?/answer`, form: { key: `acc-paper-${process.pid}-${++n}`, where: 'p1', [`a${x.questionId}`]: '4' }, untouched: async () => (await surveyInfo(x.id)).responses === before };
  },
  'POST /admin?/addCompany': async () => {
    const nameZh = `表单物业公司 ${process.pid}-${++n}`;
    const form = { nameZh, creditCode: withCreditCheck(`91440300${String(process.pid * 1000 + n).padStart(9, '0').slice(-9)}`) };
    return { path: '/admin?/addCompany', form, untouched: async () => !(await org()).companies.some((c) => c.nameZh === nameZh) };
  },
  'POST /admin?/addProperty': async () => {
    const nameZh = `表单小区 ${process.pid}-${++n}`;
    return { path: '/admin?/addProperty', form: { communityId: '1', companyId: '1', nameZh, point: 'on' }, untouched: async () => !(await org()).properties.some((p) => p.nameZh === nameZh) };
  },
  'POST /admin?/openPoint': async () => {
    // A property of its own, added without its point: the allowed call opens it, a refused one leaves none.
    const nameZh = `无点小区 ${process.pid}-${++n}`;
    const made = await (await admin()).post<{ propertyId: number }>('/api/admin/properties', { communityId: 1, companyId: 1, nameZh, point: false });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.data!.propertyId;
    return { path: '/admin?/openPoint', form: { propertyId: String(id) }, untouched: async () => !(await org()).properties.find((p) => p.id === id)?.pointId };
  },
  'POST /admin?/addStaff': async () => {
    const username = `form${process.pid}x${++n}`;
    return { path: '/admin?/addStaff', form: { displayName: '表单 员工', username, role: 'street', password: 'form-password-1' }, untouched: async () => !(await org()).accounts.some((a) => a.username === username) };
  },
  'POST /admin?/disableStaff': async () => {
    const made = await (await admin()).post<{ userId: number }>('/api/admin/staff', { displayName: '待停用', username: `todisable${process.pid}x${++n}`, role: 'street', password: 'form-password-1' });
    const id = made.body.data!.userId;
    return { path: '/admin?/disableStaff', form: { userId: String(id) }, untouched: async () => (await org()).accounts.find((a) => a.id === id)?.disabledAt === null };
  },
  'POST /admin?/addKiosk': async () => {
    const label = `表单自助机 ${process.pid}-${++n}`;
    const page = async () => (await fetch(`${base}/admin`, { headers: { cookie: adminApi.cookie } })).text();
    return { path: '/admin?/addKiosk', form: { pointId: '1', label }, untouched: async () => !(await page()).includes(label) };
  },
  'POST /admin?/revokeKiosk': async () => {
    // An enrolled kiosk: a refusal must leave its token working.
    const id = await newKiosk();
    const code = await (await admin()).post<{ code: string }>(`/api/admin/kiosks/${id}/pairing-code`, {});
    const paired = await fetch(`${base}/api/kiosk/pair`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ code: code.body.data!.code }) });
    const token = ((await paired.json()) as { data: { token: string } }).data.token;
    return { path: '/admin?/revokeKiosk', form: { id: String(id) }, untouched: async () => (await fetch(`${base}/api/kiosk/me`, { headers: { authorization: `Bearer ${token}` } })).status === 200 };
  }
};

/** Doors whose whole job is a redirect: any 303 is their normal answer. */
const REDIRECTORS = new Set(['GET /', 'GET /logout', 'GET /lang', 'POST /logout', 'POST /lang']);

async function call(door: string, role: MatrixRole, c: PageCall) {
  const creds = c.as ?? who[role];
  // As a browser's plain form post (without JavaScript, SvelteKit answers an action as a page, not JSON).
  const headers: Record<string, string> = { accept: 'text/html', ...(creds.cookie ? { cookie: creds.cookie } : {}), ...(creds.authorization ? { authorization: creds.authorization } : {}) };
  const method = door.split(' ')[0];
  if (method === 'POST') {
    headers.origin = base;
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(base + c.path, { method, headers, body: c.form ? new URLSearchParams(c.form).toString() : undefined, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location') ?? '', text };
}

describe('SvelteKit pages and form actions', () => {
  it('the table lists every page and action that exists, and nothing else', () => {
    expect(compareDoors(pageDoors(), Object.keys(PAGES))).toEqual({ missing: [], stale: [] });
    expect(Object.keys(PAGES).filter((k) => !CALLS[k])).toEqual([]);
  });

  it.each(Object.keys(PAGES))('%s × every role', async (door) => {
    const rule = PAGES[door];
    const problems: string[] = [];
    for (const role of MATRIX_ROLES) {
      const c = await CALLS[door](role);
      const r = await call(door, role, c);
      const toLogin = r.status === 303 && new URL(r.location, base).pathname === '/login';
      const said = `${role} ${door.split(' ')[0]} ${c.path} → ${r.status}${r.location ? ` ${r.location}` : ''}`;
      if (r.status >= 500) problems.push(`5xx: ${said}`);
      if (/\n\s+at |\.ts:\d+|node_modules/.test(r.text)) problems.push(`stack trace in the page: ${said}`);
      if (rule.allow.includes(role)) {
        const ok = REDIRECTORS.has(door) ? r.status === 303 || (r.status >= 200 && r.status < 300) : (r.status >= 200 && r.status < 300) || (r.status === 303 && !toLogin);
        if (!ok) problems.push(`should be allowed: ${said} ${r.text.slice(0, 120)}`);
      } else {
        if (![401, 403, 404].includes(r.status) && !toLogin) problems.push(`should be denied: ${said} ${r.text.slice(0, 120)}`);
        if (c.untouched && !(await c.untouched())) problems.push(`denied but the action took effect: ${said}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// Form actions take text from forms, not JSON: hostile values must come back as the form's error.
const HOSTILE_FORM_VALUES = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e400',
  '2147483648',
  '9007199254740993',
  '1.5',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '中文😀𠮷',
  'x'.repeat(10_000),
  '2025-13',
  '-271821-04',
  '//evil.example',
  'https://evil.example/',
  '/\\evil.example',
  '/%2F%2Fevil.example',
  '\r\nLocation: //evil.example'
];

/** Login last: its failures lock the test's address for a while. */
const FORM_FIELDS: Record<string, { as: MatrixRole; fields: string[] }> = {
  'POST /lang': { as: 'anonymous', fields: ['lang', 'back'] },
  'POST /street?/prepare': { as: 'street', fields: ['companyId', 'period'] },
  'POST /street?/approve': { as: 'street', fields: ['id'] },
  'POST /street?/reverse': { as: 'street', fields: ['id', 'reason'] },
  'POST /admin?/addItem': { as: 'admin', fields: ['code', 'nameZh', 'nameEn', 'descriptionZh', 'descriptionEn', 'steps', 'materials', 'needsIdNumber', 'homeVisit', 'slaDays', 'subsidyYuan'] },
  'POST /admin?/toggleItem': { as: 'admin', fields: ['id', 'active'] },
  'POST /admin?/editItem': { as: 'admin', fields: ['id', 'nameZh', 'nameEn', 'descriptionZh', 'descriptionEn', 'steps', 'materials', 'needsIdNumber', 'homeVisit', 'slaDays', 'subsidyYuan'] },
  'POST /admin?/addSession': { as: 'admin', fields: ['title', 'heldOn', 'attendees'] },
  'POST /admin?/certify': { as: 'admin', fields: ['userId', 'passed'] },
  'POST /admin?/pledge': { as: 'admin', fields: ['userId'] },
  'POST /admin?/pairingCode': { as: 'admin', fields: ['id'] },
  'POST /admin?/revokeKiosk': { as: 'admin', fields: ['id'] },
  'POST /admin?/addCompany': { as: 'admin', fields: ['nameZh', 'nameEn', 'creditCode'] },
  'POST /admin?/addProperty': { as: 'admin', fields: ['communityId', 'companyId', 'nameZh', 'nameEn', 'point'] },
  'POST /admin?/openPoint': { as: 'admin', fields: ['propertyId'] },
  'POST /admin?/addStaff': { as: 'admin', fields: ['displayName', 'username', 'role', 'pointId', 'communityId', 'password'] },
  'POST /admin?/disableStaff': { as: 'admin', fields: ['userId'] },
  'POST /admin?/addKiosk': { as: 'admin', fields: ['pointId', 'label'] },
  'POST /admin/surveys?/save': { as: 'admin', fields: ['id', 'titleZh', 'titleEn', 'q0.kind', 'q0.promptZh', 'q0.promptEn', 'q0.options', 'q0.maxLength'] },
  'POST /admin/surveys?/setState': { as: 'admin', fields: ['id', 'state'] },
  'POST /association/surveys/[id]?/answer': { as: 'street', fields: ['key', 'where'] },
  'POST /desk/surveys/[id]?/answer': { as: 'agentX', fields: ['key'] },
  'POST /login': { as: 'anonymous', fields: ['username', 'password'] }
};

describe('form actions under hostile input', () => {
  it('every action with fields is listed here', () => {
    const actions = Object.keys(PAGES).filter((k) => k.startsWith('POST ') && k !== 'POST /logout');
    expect(actions.filter((k) => !FORM_FIELDS[k])).toEqual([]);
  });

  it.each(Object.keys(FORM_FIELDS))('%s: never a 5xx or a stack trace; redirects stay on this site', async (door) => {
    const { as, fields } = FORM_FIELDS[door];
    const valid = (await CALLS[door](as)).form ?? {};
    // Every field once with a NUL, which Postgres refuses in text: the random draws below may miss one.
    for (const field of fields) {
      const r = await call(door, as, { path: door.slice(5), form: { ...valid, [field]: 'a\u0000b' }, as: door === 'POST /login' ? {} : undefined });
      expect(r.status, `${door} ${field}=NUL → ${r.status}`).toBeLessThan(500);
    }
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...fields), fc.constantFrom(...HOSTILE_FORM_VALUES), { minKeys: 1 }), async (hostile) => {
        const r = await call(door, as, { path: door.slice(5), form: { ...valid, ...hostile }, as: door === 'POST /login' ? {} : undefined });
        const said = `${door} ${JSON.stringify(hostile).slice(0, 120)} → ${r.status} ${r.location}`;
        expect(r.status, said).toBeLessThan(500);
        expect(/\n\s+at |\.ts:\d+|node_modules|DrizzleQueryError/.test(r.text), said).toBe(false);
        if (r.location) expect(new URL(r.location, base).origin, said).toBe(base);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 10) }
    );
  });
});
