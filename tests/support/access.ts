// The access matrix's world: one credential per role, fixture objects of point X / community A, a valid
// request per route (fresh objects for the calls that change them), and row counts to prove a refusal
// wrote nothing. Discovery of the doors that really exist lives in ./doors.ts.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { MATRIX_ROLES, type MatrixRole } from '../../src/lib/server/access/matrix';
import { DEFAULT_RULES } from '../../src/lib/domain/grading';
import type { StaffPrincipal } from '../../src/lib/domain/roles';
import { ErrorCodes } from '../../src/lib/protocol/errors';
import { DEMO_COMMITTEE_TOKEN } from '../../src/lib/server/seed/demo-grid';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo-data';
import { DEMO_MEETING_TITLE } from '../../src/lib/server/seed/demo-association';
import { applicant, drive, intakeBody, newCase, pairKiosk, rows, type Applicant } from './cases';
import { withCreditCheck } from './ids';
import { PNG, claimAndDecide, newRecord, populationBody, postBytes, today } from './grid';
import { newKey, type ApiResponse, type TestServer } from './server';
import { answersFor, makeSurvey, surveyBody, type PublicQuestion } from './surveys';

export const TEMP_PASSWORD = 'temp-password-1';

export interface Who {
  cookie?: string;
  token?: string;
}

interface CaseFixture {
  caseId: number;
  caseNo: string;
  a: Applicant;
}

export interface World {
  s: TestServer;
  who: Record<MatrixRole, Who>;
  /** staff user ids by role (staff roles only) */
  userIds: Partial<Record<MatrixRole, number>>;
  principals: Partial<Record<MatrixRole, StaffPrincipal>>;
  caseX: CaseFixture;
  reviewX: CaseFixture;
  readyX: CaseFixture & { pickupCode: string };
  homeVisitX: CaseFixture;
  recordX: { recordId: number; unit: string; photoId: number };
  assessmentX: { id: number; spotCheckId: number };
  period: string;
}

const STAFF_LOGINS: Partial<Record<MatrixRole, string>> = { admin: 'admin', street: 'street', verifierA: 'verifier', agentX: 'desk', agentY: 'desk2' };
let made = 0;

/** A new staff account of a role and place, signed in (password TEMP_PASSWORD). */
export async function makeUser(s: TestServer, role: 'admin' | 'street' | 'verifier' | 'agent', place: { pointId?: number | null; communityId?: number | null; companyId?: number | null } = {}) {
  const username = `mx-${role}-${process.pid}-${++made}`;
  const u = await s.runtime.services.auth.createStaff({ username, displayName: `矩阵 ${username}`, password: TEMP_PASSWORD, role, streetId: 1, ...place });
  return { id: u.id, username, cookie: await s.login(username, TEMP_PASSWORD) };
}

const PLACE_OF: Partial<Record<MatrixRole, { role: 'admin' | 'street' | 'verifier' | 'agent'; place: { pointId?: number; communityId?: number; companyId?: number } }>> = {
  admin: { role: 'admin', place: {} },
  street: { role: 'street', place: {} },
  verifierA: { role: 'verifier', place: { communityId: 1 } },
  verifierB: { role: 'verifier', place: { communityId: 2 } },
  agentX: { role: 'agent', place: { pointId: 1, communityId: 1, companyId: 1 } },
  agentY: { role: 'agent', place: { pointId: 4, communityId: 2, companyId: 2 } },
  uncertified: { role: 'agent', place: { pointId: 1, communityId: 1, companyId: 1 } }
};

/** Certification and pledge for a made agent, as the demo agents have them. */
export async function certify(w: World, userId: number): Promise<void> {
  const admin = w.principals.admin!;
  await w.s.runtime.services.training.recordAssessment(admin, { userId, passed: true, assessedOn: today(), validUntil: new Date(Date.now() + 365 * 86_400_000) });
  await w.s.runtime.services.training.signPledge(admin, userId);
}

export const cookieToken = (cookie: string) => decodeURIComponent(cookie.split('=')[1]);

export async function buildWorld(s: TestServer): Promise<World> {
  const who = {} as Record<MatrixRole, Who>;
  const userIds: World['userIds'] = {};
  const principals: World['principals'] = {};
  for (const [role, username] of Object.entries(STAFF_LOGINS)) who[role as MatrixRole] = { cookie: await s.login(username!) };
  const vB = await makeUser(s, 'verifier', { communityId: 2 });
  who.verifierB = { cookie: vB.cookie };
  const un = await makeUser(s, 'agent', { pointId: 1, communityId: 1, companyId: 1 });
  who.uncertified = { cookie: un.cookie };
  who.kiosk = { token: await pairKiosk(s, who.admin.cookie!) };
  who.anonymous = {};
  for (const role of MATRIX_ROLES) {
    if (!who[role].cookie) continue;
    const r = await s.runtime.services.auth.resolve(cookieToken(who[role].cookie!));
    userIds[role] = r.user.id;
    principals[role] = r.principal;
  }

  const desk = who.agentX.cookie!;
  const verifier = who.verifierA.cookie!;
  const caseX = await newCase(s, { cookie: desk });
  const reviewX = await newCase(s, { cookie: desk });
  await drive(s, desk, verifier, reviewX.caseId, 'in_review');
  const readyX = await newCase(s, { cookie: desk });
  const { pickupCode } = await drive(s, desk, verifier, readyX.caseId, 'ready_for_pickup');
  const homeVisitX = await homeVisitCase(s, who.kiosk);

  const recordBody = populationBody({ propertyId: 1 });
  const rec = await newRecord(s, desk, recordBody);
  const photo = await postBytes(s, desk, `/api/grid/records/${rec.recordId}/photos`, PNG, 'image/png');
  expect(photo.status, JSON.stringify(photo.body)).toBe(201);

  // Company 2's record of today in community B, decided: what the graded samples assess (grading waits
  // until the community has decided every record of the period).
  const recY = await newRecord(s, who.agentY.cookie!, populationBody({ propertyId: 4 }));
  await claimAndDecide(s, who.verifierB.cookie!, recY.recordId, { outcome: 'verified_new' });

  const period = today().slice(0, 7);
  const assessment = await s.api('POST', '/api/grid/assessments', { cookie: who.street.cookie, body: { agreementId: 1, periodFrom: `${period}-01`, periodTo: today(), sampleSize: 50 } });
  expect(assessment.status, JSON.stringify(assessment.body)).toBe(201);
  const got = await s.api('GET', `/api/grid/assessments/${assessment.body.data.id}`, { cookie: who.street.cookie });
  const checks = got.body.data.spotChecks as { id: number; recordId: number }[];
  expect(checks.length).toBeGreaterThan(0);

  return {
    s,
    who,
    userIds,
    principals,
    caseX,
    reviewX,
    readyX: { ...readyX, pickupCode: pickupCode! },
    homeVisitX,
    recordX: { recordId: rec.recordId, unit: recordBody.unit, photoId: photo.body.data.photoId },
    assessmentX: { id: assessment.body.data.id, spotCheckId: checks[0].id },
    period
  };
}

/** A kiosk booking of a home visit at point X: on the agenda, nobody assigned yet. */
async function homeVisitCase(s: TestServer, kiosk: Who): Promise<CaseFixture> {
  const slots = await s.api('GET', '/api/slots', kiosk);
  const slot = (slots.body.data as { id: number; kind: string; left: number }[]).find((x) => x.kind === 'home_visit' && x.left > 0)!;
  const a = applicant();
  const res = await s.api('POST', '/api/cases', { ...kiosk, body: intakeBody(a, { channel: 'home_visit', slotId: slot.id, address: '侨香村 3栋 1201' }), headers: { 'Idempotency-Key': newKey() } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { caseId: res.body.data.caseId, caseNo: res.body.data.caseNo, a };
}

// ---------------------------------------------------------------------------------------------------
// Requests

export interface Req {
  /** concrete path, query included */
  path: string;
  body?: unknown;
  bytes?: Uint8Array;
  contentType?: string;
  /** send an Idempotency-Key (fresh unless given) */
  key?: string | true;
  /** use these credentials instead of the role's own (a throw-away session of the same role) */
  who?: Who;
  /** text that must be in the answer for roles in scope and absent for filtered ones */
  marker?: string;
}

export async function send(s: TestServer, method: string, req: Req, who: Who): Promise<ApiResponse> {
  const creds = req.who ?? who;
  const headers: Record<string, string> = {};
  if (req.key) headers['Idempotency-Key'] = req.key === true ? newKey() : req.key;
  if (req.bytes) {
    const h: Record<string, string> = { origin: s.origin, 'content-type': req.contentType ?? 'application/octet-stream', ...headers };
    if (creds.cookie) h.cookie = creds.cookie;
    if (creds.token) h.authorization = `Bearer ${creds.token}`;
    const res = await fetch(s.origin + req.path, { method, headers: h, body: req.bytes as unknown as BodyInit });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body };
  }
  return s.api(method, req.path, { ...creds, body: req.body, headers });
}

/** A throw-away session of the same role and place (for calls that end or rotate it). */
export async function freshWho(w: World, role: MatrixRole): Promise<Who> {
  if (role === 'kiosk' || role === 'anonymous') return w.who[role];
  const login = STAFF_LOGINS[role];
  if (login) return { cookie: await w.s.login(login) };
  if (role === 'uncertified') return { cookie: (await makeUser(w.s, 'agent', PLACE_OF.uncertified!.place)).cookie };
  return { cookie: (await makeUser(w.s, 'verifier', PLACE_OF.verifierB!.place)).cookie };
}

/** A new account with the role's rights and place (certified when the role is), for password changes. */
export async function cloneOf(w: World, role: MatrixRole): Promise<Who> {
  const spec = PLACE_OF[role];
  if (!spec) return w.who[role];
  const u = await makeUser(w.s, spec.role, spec.place);
  if (role === 'agentX' || role === 'agentY') await certify(w, u.id);
  return { cookie: u.cookie };
}

export async function freshKiosk(w: World): Promise<number> {
  const k = await w.s.runtime.services.kiosks.create(w.principals.admin!, { pointId: 1, label: `矩阵自助机 ${++made}` });
  return k.id;
}

export async function freshRecord(w: World): Promise<number> {
  return (await newRecord(w.s, w.who.agentX.cookie!, populationBody({ propertyId: 1 }))).recordId;
}

async function claimed(w: World): Promise<number> {
  const id = await freshRecord(w);
  const c = await w.s.api('POST', `/api/grid/claims/record/${id}`, { cookie: w.who.verifierA.cookie });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return id;
}

async function verifiedNew(w: World): Promise<number> {
  const id = await claimed(w);
  const d = await w.s.api('POST', `/api/grid/records/${id}/decision`, { cookie: w.who.verifierA.cookie, body: { outcome: 'verified_new' }, headers: { 'Idempotency-Key': newKey() } });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  return id;
}

async function freshCase(w: World, to = 'submitted'): Promise<number> {
  const c = await newCase(w.s, { cookie: w.who.agentX.cookie });
  if (to !== 'submitted') await drive(w.s, w.who.agentX.cookie!, w.who.verifierA.cookie!, c.caseId, to);
  return c.caseId;
}

let periodN = 0;
/** A ledger entry of company 1 in a period nobody else uses (money fixtures need their own periods). */
async function freshEntry(w: World): Promise<{ id: number; period: string }> {
  const n = ++periodN;
  // Always a month that is over (a statement is approved only then): 1900–1959, apart per process.
  const period = `${1900 + ((Math.floor(n / 12) + process.pid) % 60)}-${String((n % 12) + 1).padStart(2, '0')}`;
  const [r] = await rows<{ id: number }>(
    w.s,
    sql`insert into ledger_entry (kind, company_id, amount_fen, period, created_by) values ('subsidy', 1, 1000, ${period}, 'test:matrix') returning id`
  );
  return { id: Number(r.id), period };
}

async function freshStatement(w: World, preparer: MatrixRole): Promise<number> {
  const e = await freshEntry(w);
  const st = await w.s.runtime.services.subsidies.prepare(w.principals[preparer]!, { companyId: 1, period: e.period });
  return st.id;
}

async function freshStaffId(w: World): Promise<number> {
  return (await makeUser(w.s, 'agent', { pointId: 2, communityId: 1, companyId: 1 })).id;
}

/** An agreement of its own for this year (an assessment is once per agreement and period). */
async function freshAgreement(w: World, place: { companyId: number; communityId: number }): Promise<number> {
  const year = today().slice(0, 4);
  const a = await w.s.runtime.services.entrustment.create(w.principals.street!, { kind: 'special', ...place, title: `矩阵考核协议 ${process.pid}-${++made}`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, baseFundingFen: 100_000, targetRecords: 1 });
  return a.id;
}
/**
 * An assessment ready to grade: company 2's agreement in community B, today's period, whose one record (the
 * world's, decided) is sampled and checked by verifier B.
 */
async function checkedAssessment(w: World) {
  const { assessments } = w.s.runtime.services;
  const agreementId = await freshAgreement(w, { companyId: 2, communityId: 2 });
  const a = await assessments.open(w.principals.street!, { agreementId, periodFrom: today(), periodTo: today(), sampleSize: 1 });
  for (const c of (await assessments.get(w.principals.street!, a.id)).spotChecks) await assessments.check(w.principals.verifierB!, '矩阵核查', c.id, { result: 'accurate' });
  return a;
}
const tomorrowAt = (h: number) => new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + h * 3_600_000).toISOString();
/** A company of street 1 that is not yet a member of the association (the demo's are taken). */
async function freshCompany(w: World): Promise<number> {
  const n = ++made;
  const [r] = await rows<{ id: number }>(w.s, sql`insert into company (street_id, credit_code, name_zh, name_en) values (1, ${`MX-ASSOC-${process.pid}-${n}`}, ${`矩阵物业 ${n}`}, ${`Matrix Co ${n}`}) returning id`);
  return Number(r.id);
}
/** A fresh member company of street 1's association. */
async function freshMember(w: World): Promise<number> {
  const companyId = await freshCompany(w);
  await w.s.runtime.services.association.addMember(w.principals.street!, `mx-member-${process.pid}-${companyId}`, { companyId, role: 'member', memberSince: '2020-01-01' });
  return companyId;
}
/** The demo joint meeting of street 1. */
async function demoMeeting(w: World): Promise<number> {
  const [r] = await rows<{ id: number }>(w.s, sql`select id from association_meeting where title = ${DEMO_MEETING_TITLE}`);
  return Number(r.id);
}
const caseCsv = (unit: string) => new TextEncoder().encode(`kind,property,unit\nrentalHousing,侨香村,${unit}\n`);

/** The open survey of street 1 every survey sample answers or reads (one per world). */
const surveys = new WeakMap<World, Promise<{ id: number; title: string; questions: PublicQuestion[] }>>();
function surveyX(w: World) {
  if (!surveys.has(w)) surveys.set(w, makeSurvey(w.s, w.who.admin.cookie!));
  return surveys.get(w)!;
}
/** A draft survey nobody has answered (the editable kind). */
async function draftSurvey(w: World): Promise<number> {
  return (await w.s.runtime.services.surveys.create(w.principals.admin!, surveyBody())).id;
}

export type Sample = (w: World, role: MatrixRole) => Promise<Req>;

/** A valid request per HTTP route, as the role would send it, against point X's objects. */
export const SAMPLES: Record<string, Sample> = {
  'GET /healthz': async () => ({ path: '/healthz' }),
  'GET /metrics': async () => ({ path: '/metrics' }),

  'POST /api/auth/login': async (w, role) => ({ path: '/api/auth/login', body: { username: 'desk', password: DEMO_PASSWORD }, who: await freshWho(w, role) }),
  'POST /api/auth/logout': async (w, role) => ({ path: '/api/auth/logout', who: await freshWho(w, role) }),
  'GET /api/me': async () => ({ path: '/api/me' }),
  'POST /api/me/display': async (w, role) => ({ path: '/api/me/display', who: await freshWho(w, role) }),
  'POST /api/me/password': async (w, role) => ({ path: '/api/me/password', body: { current: TEMP_PASSWORD, next: 'Matrix-passw0rd-2' }, who: await cloneOf(w, role) }),

  'POST /api/kiosk/pair': async (w) => ({ path: '/api/kiosk/pair', body: { code: (await w.s.runtime.services.kiosks.issuePairingCode(w.principals.admin!, await freshKiosk(w))).code } }),
  'GET /api/kiosk/me': async () => ({ path: '/api/kiosk/me' }),
  'POST /api/kiosk/track': async (w) => ({ path: '/api/kiosk/track', body: { caseNo: w.caseX.caseNo, last4: w.caseX.a.phone.slice(-4) } }),
  'POST /api/kiosk/heartbeat': async () => ({ path: '/api/kiosk/heartbeat' }),
  // A second, separately paired kiosk rotates: the shared kiosk token of the other rows stays as it is.
  'POST /api/kiosk/rotate-token': async (w, role) => {
    if (role !== 'kiosk') return { path: '/api/kiosk/rotate-token', body: {} };
    const code = (await w.s.runtime.services.kiosks.issuePairingCode(w.principals.admin!, await freshKiosk(w))).code;
    const token = (await w.s.runtime.services.kiosks.pair({ code }, 'matrix')).token;
    return { path: '/api/kiosk/rotate-token', body: {}, who: { token } };
  },
  'GET /api/kiosk/pickups': async (w) => ({ path: '/api/kiosk/pickups', marker: w.readyX.caseNo }),
  'POST /api/kiosk/pickup': async (w) => ({ path: '/api/kiosk/pickup', body: { caseNo: w.readyX.caseNo, code: w.readyX.pickupCode } }),

  'POST /api/admin/kiosks': async () => ({ path: '/api/admin/kiosks', body: { pointId: 1, label: '矩阵测试机' } }),
  'POST /api/admin/kiosks/:id/pairing-code': async (w) => ({ path: `/api/admin/kiosks/${await freshKiosk(w)}/pairing-code` }),
  'POST /api/admin/kiosks/:id/revoke': async (w) => ({ path: `/api/admin/kiosks/${await freshKiosk(w)}/revoke` }),

  'GET /api/kiosk/surveys': async (w) => ({ path: '/api/kiosk/surveys', marker: (await surveyX(w)).title }),
  'GET /api/surveys': async (w) => ({ path: '/api/surveys', marker: (await surveyX(w)).title }),
  'GET /api/surveys/:id': async (w) => ({ path: `/api/surveys/${(await surveyX(w)).id}` }),
  'GET /api/surveys/:id/results': async (w) => ({ path: `/api/surveys/${(await surveyX(w)).id}/results?communityId=1&channel=kiosk` }),
  'POST /api/surveys/:id/responses': async (w, role) => {
    const x = await surveyX(w);
    return { path: `/api/surveys/${x.id}/responses`, body: { answers: answersFor(x.questions, { text: `矩阵 ${role}` }), ...(role === 'street' ? { pointId: 1 } : {}) }, key: true };
  },
  'POST /api/admin/surveys': async () => ({ path: '/api/admin/surveys', body: surveyBody() }),
  'PUT /api/admin/surveys/:id': async (w) => ({ path: `/api/admin/surveys/${await draftSurvey(w)}`, body: surveyBody('矩阵改题') }),
  'POST /api/admin/surveys/:id/state': async (w) => ({ path: `/api/admin/surveys/${await draftSurvey(w)}/state`, body: { state: 'closed' } }),

  'GET /api/board/events': async () => ({ path: '/api/board/events?scope=point:1' }),
  'POST /api/board/notices': async () => ({ path: '/api/board/notices', body: { scope: 'point:1', text: '今日下午暂停受理' }, key: true }),

  'GET /api/catalogue': async () => ({ path: '/api/catalogue' }),
  'POST /api/cases': async (_w, role) => ({ path: '/api/cases', body: intakeBody(applicant(), { channel: role === 'kiosk' ? 'kiosk' : 'desk' }), key: true }),
  'GET /api/cases/board': async (w) => ({ path: '/api/cases/board?pointId=1', marker: w.caseX.caseNo }),
  'GET /api/cases/review': async (w) => ({ path: '/api/cases/review', marker: w.reviewX.caseNo }),
  'GET /api/cases/:id': async (w) => ({ path: `/api/cases/${w.caseX.caseId}` }),
  'POST /api/cases/:id/reveal': async (w) => ({ path: `/api/cases/${w.caseX.caseId}/reveal`, body: { purpose: 'check_documents' } }),
  'POST /api/cases/:id/transitions': async (w, role) => {
    if (role === 'verifierA' || role === 'verifierB') {
      // Approving needs verifier A's live claim; verifier B is refused by scope whoever holds it.
      const id = await freshCase(w, 'in_review');
      const c = await w.s.api('POST', `/api/grid/claims/case/${id}`, { cookie: w.who.verifierA.cookie });
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      return { path: `/api/cases/${id}/transitions`, body: { action: 'approve' }, key: true };
    }
    if (role === 'admin' || role === 'street') return { path: `/api/cases/${await freshCase(w)}/transitions`, body: { action: 'reassign', toPointId: 2, note: '矩阵' }, key: true };
    return { path: `/api/cases/${await freshCase(w)}/transitions`, body: { action: 'accept' }, key: true };
  },

  'GET /api/slots': async () => ({ path: '/api/slots' }),
  // A time of its own per call: the same slot twice is refused (slot_exists).
  'POST /api/slots': async () => {
    const m = ++made;
    const at = (h: number) => new Date(Date.parse(tomorrowAt(h)) + m * 60_000).toISOString();
    return { path: '/api/slots', body: { kind: 'desk', startsAt: at(7), endsAt: at(8), capacity: 2 } };
  },
  'POST /api/bookings/:caseId/assign': async (w) => ({ path: `/api/bookings/${w.homeVisitX.caseId}/assign`, body: {} }),
  'GET /api/agenda': async () => ({ path: '/api/agenda' }),

  'GET /api/committee/:token': async () => ({ path: `/api/committee/${DEMO_COMMITTEE_TOKEN}` }),
  'GET /api/grid/properties': async () => ({ path: '/api/grid/properties' }),
  'POST /api/grid/records': async () => ({ path: '/api/grid/records', body: populationBody({ propertyId: 1 }), key: true }),
  'GET /api/grid/records/mine': async (w) => ({ path: '/api/grid/records/mine', marker: w.recordX.unit }),
  'GET /api/grid/board': async (w) => ({ path: '/api/grid/board', marker: w.recordX.unit }),
  'GET /api/grid/records/:id': async (w) => ({ path: `/api/grid/records/${w.recordX.recordId}` }),
  'POST /api/grid/records/:id/reveal': async (w) => ({ path: `/api/grid/records/${w.recordX.recordId}/reveal`, body: { purpose: 'verify_record' } }),
  'POST /api/grid/records/:id/photos': async (w) => ({ path: `/api/grid/records/${await freshRecord(w)}/photos`, bytes: PNG, contentType: 'image/png', key: true }),
  'GET /api/grid/records/:id/photos/:photoId': async (w) => ({ path: `/api/grid/records/${w.recordX.recordId}/photos/${w.recordX.photoId}` }),
  'POST /api/grid/claims/:subject/:id': async (w) => ({ path: `/api/grid/claims/record/${await freshRecord(w)}` }),
  'DELETE /api/grid/claims/:subject/:id': async (w) => ({ path: `/api/grid/claims/record/${await claimed(w)}` }),
  'POST /api/grid/records/:id/decision': async (w) => ({ path: `/api/grid/records/${await claimed(w)}/decision`, body: { outcome: 'verified_known' }, key: true }),
  'POST /api/grid/records/:id/correction': async (w) => ({ path: `/api/grid/records/${await verifiedNew(w)}/correction`, body: { to: 'rejected', reason: '核实有误' }, key: true }),
  'POST /api/grid/register/import': async () => ({ path: '/api/grid/register/import?communityId=1', bytes: caseCsv(`矩阵${++made}栋 ${process.pid}`), contentType: 'text/csv' }),
  'GET /api/grid/register': async () => ({ path: '/api/grid/register?communityId=1' }),
  'GET /api/grid/rates': async () => ({ path: '/api/grid/rates' }),
  'POST /api/grid/rates': async (w) => ({ path: '/api/grid/rates', body: { kind: 'facility', period: w.period, amountFen: 300 } }),
  'GET /api/grid/incentives': async (w) => ({ path: `/api/grid/incentives?period=${w.period}` }),
  'GET /api/grid/agreements': async () => ({ path: '/api/grid/agreements', marker: '侨香社区工作站服务整体委托（示例）' }),
  'POST /api/grid/agreements': async () => ({
    path: '/api/grid/agreements',
    body: { kind: 'special', companyId: 1, communityId: 1, title: `矩阵专项委托 ${++made}`, startsOn: '2026-01-01', endsOn: '2026-12-31', baseFundingFen: 100_000, targetRecords: 10 }
  }),
  // A whole entrustment of its own: the demo's link stays what the committee samples open.
  'POST /api/grid/agreements/:id/committee-link': async (w) => {
    const year = today().slice(0, 4);
    const a = await w.s.runtime.services.entrustment.create(w.principals.street!, { kind: 'whole', companyId: 1, communityId: 1, title: `矩阵整体委托 ${process.pid}-${++made}`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, baseFundingFen: 0, items: [{ category: '出租屋管理', name: '出租屋登记' }] });
    return { path: `/api/grid/agreements/${a.id}/committee-link` };
  },
  'POST /api/grid/rule-sets': async () => ({ path: '/api/grid/rule-sets', body: { name: '矩阵考核办法', timelyDays: 3, rules: DEFAULT_RULES } }),
  'POST /api/grid/assessments': async (w) => ({ path: '/api/grid/assessments', body: { agreementId: await freshAgreement(w, { companyId: 1, communityId: 1 }), periodFrom: today(), periodTo: today(), sampleSize: 2 } }),
  'GET /api/grid/assessments/:id': async (w) => ({ path: `/api/grid/assessments/${w.assessmentX.id}` }),
  'POST /api/grid/assessments/:id/grade': async (w) => {
    const a = await checkedAssessment(w);
    return { path: `/api/grid/assessments/${a.id}/grade` };
  },
  'POST /api/grid/assessments/:id/regrade': async (w) => {
    const a = await checkedAssessment(w);
    await w.s.runtime.services.assessments.grade(w.principals.street!, a.id);
    return { path: `/api/grid/assessments/${a.id}/regrade`, body: { reason: '矩阵复核' }, key: true };
  },
  'POST /api/grid/spot-checks/:id': async (w) => ({ path: `/api/grid/spot-checks/${w.assessmentX.spotCheckId}`, body: { result: 'accurate' } }),

  'GET /api/admin/items': async () => ({ path: '/api/admin/items' }),
  'POST /api/admin/items': async () => ({
    path: '/api/admin/items',
    body: { code: `matrix-${process.pid}-${++made}`, nameZh: '矩阵事项', nameEn: 'Matrix item', materials: [{ key: 'id_card', zh: '身份证', en: 'ID card' }], slaDays: 5, subsidyFen: 500 }
  }),
  'PATCH /api/admin/items/:id': async () => ({ path: '/api/admin/items/1', body: { active: true } }),
  'GET /api/admin/org': async () => ({ path: '/api/admin/org' }),
  'POST /api/admin/companies': async () => ({ path: '/api/admin/companies', body: { nameZh: '矩阵物业有限公司', creditCode: withCreditCheck(`91440300${String(process.pid * 1000 + ++made).padStart(9, '0').slice(-9)}`) } }),
  'POST /api/admin/properties': async () => ({ path: '/api/admin/properties', body: { communityId: 1, companyId: 1, nameZh: `矩阵小区${process.pid}-${++made}` } }),
  'POST /api/admin/staff': async () => ({ path: '/api/admin/staff', body: { username: `matrix${process.pid}x${++made}`, displayName: '矩阵 员工', role: 'agent', pointId: 1, password: 'matrix-password-1' } }),
  'GET /api/admin/training': async () => ({ path: '/api/admin/training' }),
  'POST /api/admin/training/sessions': async (w) => ({ path: '/api/admin/training/sessions', body: { title: '矩阵培训', heldOn: today(), attendees: [await freshStaffId(w)] }, key: true }),
  // A pass, not a fail: the fuzz mutates `userId`, and a fail landing on a demo agent's id would leave later
  // tests of the same server with an uncertified desk.
  'POST /api/admin/training/assessments': async (w) => ({
    path: '/api/admin/training/assessments',
    body: { userId: await freshStaffId(w), passed: true, assessedOn: today(), validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString() }
  }),
  'POST /api/admin/staff/:id/pledge': async (w) => ({ path: `/api/admin/staff/${await freshStaffId(w)}/pledge` }),
  'POST /api/admin/staff/:id/disable': async (w) => ({ path: `/api/admin/staff/${await freshStaffId(w)}/disable` }),
  'POST /api/admin/staff/:id/password': async (w) => ({ path: `/api/admin/staff/${await freshStaffId(w)}/password`, body: { password: 'Matrix-reset-passw0rd' } }),
  'POST /api/admin/staff/:id/enable': async (w) => ({ path: `/api/admin/staff/${await freshStaffId(w)}/enable` }),
  'GET /api/admin/access-log': async () => ({ path: '/api/admin/access-log?subjectType=case&limit=5' }),

  'GET /api/street/statements': async () => ({ path: '/api/street/statements' }),
  'POST /api/street/statements': async (w) => ({ path: '/api/street/statements', body: { companyId: 1, period: (await freshEntry(w)).period } }),
  'GET /api/street/statements/:id': async (w) => ({ path: `/api/street/statements/${await freshStatement(w, 'street')}` }),
  'POST /api/street/statements/:id/approve': async (w, role) => ({ path: `/api/street/statements/${await freshStatement(w, role === 'street' ? 'admin' : 'street')}/approve` }),
  'POST /api/street/ledger/:id/reverse': async (w) => ({ path: `/api/street/ledger/${(await freshEntry(w)).id}/reverse`, body: { reason: '矩阵冲销' } }),
  'GET /api/street/dashboard': async () => ({ path: '/api/street/dashboard?period=month&scope=community:1' }),
  'GET /api/street/dashboard/list': async () => ({ path: '/api/street/dashboard/list?period=month&scope=community:1&list=wip' }),
  'GET /api/street/exports/overdue': async () => ({ path: '/api/street/exports/overdue?period=month&format=csv' }),
  'GET /api/street/exports/statements': async (w) => ({ path: `/api/street/exports/statements?period=${w.period}&format=xlsx` }),

  'GET /api/association': async () => ({ path: '/api/association', marker: DEMO_MEETING_TITLE }),
  'GET /api/association/members': async () => ({ path: '/api/association/members' }),
  'POST /api/association/members': async (w) => ({ path: '/api/association/members', body: { companyId: await freshCompany(w), role: 'member', memberSince: '2021-05-01' }, key: true }),
  'PATCH /api/association/members/:companyId': async (w) => ({ path: `/api/association/members/${await freshMember(w)}`, body: { role: 'vice_president', memberSince: '2019-01-01' }, key: true }),
  'POST /api/association/members/:companyId/leave': async (w) => ({ path: `/api/association/members/${await freshMember(w)}/leave`, body: { leftOn: '2025-01-01' }, key: true }),
  'GET /api/association/charter': async () => ({ path: '/api/association/charter' }),
  'POST /api/association/charter': async () => ({ path: '/api/association/charter', body: { adoptedOn: '2026-01-01', title: '矩阵章程', body: '# 总则\n- 第一条' }, key: true }),
  'GET /api/association/meetings': async () => ({ path: '/api/association/meetings', marker: DEMO_MEETING_TITLE }),
  'POST /api/association/meetings': async () => ({
    path: '/api/association/meetings',
    body: { kind: 'joint', heldOn: '2026-03-01', title: '矩阵联席会议', place: '街道会议室', agenda: '议程', companyIds: [1], staffIds: [1], guests: ['来宾'], decisions: [{ text: '矩阵决议', serviceItemIds: [1], agreementIds: [1] }] },
    key: true
  }),
  'GET /api/association/meetings/:id': async (w) => ({ path: `/api/association/meetings/${await demoMeeting(w)}` }),
  'PATCH /api/association/meetings/:id': async (w) => ({ path: `/api/association/meetings/${await demoMeeting(w)}`, body: { minutes: '矩阵纪要' }, key: true }),
  'POST /api/association/meetings/:id/decisions': async (w) => ({ path: `/api/association/meetings/${await demoMeeting(w)}/decisions`, body: { text: '矩阵追加决议', serviceItemIds: [1] }, key: true }),

  'GET /open311/v2/services.json': async () => ({ path: '/open311/v2/services.json' }),
  'GET /open311/v2/services/:code.json': async () => ({ path: '/open311/v2/services/senior-card.json' }),
  'GET /open311/v2/requests/:id.json': async (w) => ({ path: `/open311/v2/requests/${w.caseX.caseNo}.json` }),
  'GET /open311/v2/requests.json': async (w) => ({ path: `/open311/v2/requests.json?service_request_id=${w.caseX.caseNo}` }),
  'POST /open311/v2/requests.json': async (w, role) => {
    const a = applicant();
    // The caller's own credential as the key: a kiosk's token works, a session cookie's value must not.
    const own = w.who[role];
    const apiKey = own.token ?? (own.cookie ? cookieToken(own.cookie) : 'not-a-kiosk-token-0123456789');
    return { path: '/open311/v2/requests.json', body: { api_key: apiKey, service_code: 'senior-card', last_name: a.name.slice(0, 1), first_name: a.name.slice(1), phone: a.phone, attribute: { id_number: a.idNumber } }, key: true };
  }
};

// ---------------------------------------------------------------------------------------------------
// Answers

const CODES = new Set(Object.keys(ErrorCodes));
/** Stack frames, source paths, driver messages: nothing of the inside may leave. */
const LEAKS = [/\n\s*at\s/, /\bat [\w.<>]+ \(/, /\.(ts|js|mjs|cjs):\d+/, /\/work\//, /node_modules/, /file:\/\//, /\b(syntax error at or near|duplicate key value|violates|relation "|column "|DrizzleQueryError|PostgresError|RangeError|TypeError|ReferenceError)\b/];

/** The problems with an error answer (empty when it is a well-formed `{ error: { code, message } }`). */
export function errorShapeProblems(res: { status: number; body: unknown }, georeport = false): string[] {
  const out: string[] = [];
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
  for (const re of LEAKS) if (re.test(text)) out.push(`leaks ${re}: ${text.slice(0, 200)}`);
  if (res.status >= 500) out.push(`status ${res.status}: ${text.slice(0, 300)}`);
  if (res.status < 400) return out;
  const body = (georeport && Array.isArray(res.body) ? (res.body[0] as { error?: unknown })?.error && res.body[0] : res.body) as { error?: { code?: unknown; message?: unknown } } | undefined;
  const e = body && typeof body === 'object' ? body.error : undefined;
  if (!e || typeof e !== 'object') out.push(`not { error }: ${text.slice(0, 200)}`);
  else {
    if (typeof e.code !== 'string' || !CODES.has(e.code)) out.push(`unknown code ${String(e.code)}`);
    if (typeof e.message !== 'string' || !e.message) out.push('no message');
    else if (e.code && ErrorCodes[e.code as keyof typeof ErrorCodes]?.status !== res.status) out.push(`status ${res.status} ≠ ${String(e.code)}`);
  }
  return out;
}

/** Tables whose row counts a refused request must not change (throttles and sessions may). */
const COUNTED = [
  'proxy_case',
  'case_transition',
  'event',
  'idempotency_key',
  'ledger_entry',
  'statement',
  'access_log',
  'notification',
  'booking',
  'slot',
  'service_item',
  'staff_user',
  'kiosk',
  'training_session',
  'training_attendance',
  'assessment',
  'pledge',
  'grid_record',
  'grid_photo',
  'known_entry',
  'review_claim',
  'incentive_rate',
  'agreement',
  'grade_rule_set',
  'grid_assessment',
  'spot_check',
  'association_member',
  'association_charter',
  'association_meeting',
  'association_attendee',
  'association_decision',
  'association_decision_ref',
  'survey',
  'survey_question',
  'survey_response',
  'survey_answer'
] as const;

export async function rowCounts(s: TestServer): Promise<Record<string, number>> {
  const [r] = await rows<Record<string, unknown>>(s, sql.raw(`select ${COUNTED.map((t) => `(select count(*) from ${t})::int as ${t}`).join(', ')}`));
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
}

export function countDiff(a: Record<string, number>, b: Record<string, number>): string[] {
  return Object.keys(a).filter((k) => a[k] !== b[k]).map((k) => `${k} ${a[k]}→${b[k]}`);
}

