// Proxy-case helpers over the real HTTP door: applicants, intake, transitions, kiosk pairing, SQL peeks.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { hanDigits, uniqueIdNumber } from './ids';
import { newKey, type ApiResponse, type TestServer } from './server';

export interface Who {
  cookie?: string;
  token?: string;
}

export interface Applicant {
  name: string;
  phone: string;
  idNumber: string;
}

const SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容'];
const GIVEN = '明华春秋海天云山';
let n = 0;

/** A resident whose full name, phone and ID number are unique in this process, so leaks are greppable. */
export function applicant(): Applicant {
  const i = ++n;
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${GIVEN[(i * 3 + 1) % GIVEN.length]}${hanDigits(i)}`;
  const tail = String((process.pid * 100 + i) % 100_000_000).padStart(8, '0');
  return { name, phone: `139${tail}`, idNumber: uniqueIdNumber() };
}

export interface IntakeBody {
  itemCode?: string;
  channel?: 'kiosk' | 'desk' | 'appointment' | 'home_visit';
  applicant?: Partial<Applicant>;
  materials?: string[];
  address?: string;
  slotId?: number;
}

export function intakeBody(a: Applicant, o: IntakeBody = {}): Required<Pick<IntakeBody, 'itemCode' | 'channel'>> & IntakeBody {
  return { itemCode: 'senior-card', channel: 'desk', materials: ['id_card', 'photo'], ...o, applicant: { ...a, ...o.applicant } };
}

export function postCase(s: TestServer, who: Who, body: unknown, key = newKey()): Promise<ApiResponse> {
  return s.api('POST', '/api/cases', { ...who, body, headers: { 'Idempotency-Key': key } });
}

export function act(s: TestServer, cookie: string, caseId: number, body: Record<string, unknown>, key = newKey()): Promise<ApiResponse> {
  return s.api('POST', `/api/cases/${caseId}/transitions`, { cookie, body, headers: { 'Idempotency-Key': key } });
}

/** A transition that must succeed; returns its result. */
export async function actOk(s: TestServer, cookie: string, caseId: number, body: Record<string, unknown>) {
  const res = await act(s, cookie, caseId, body);
  expect(res.status, `${String(body.action)}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.data as { caseId: number; caseNo: string; state: string; version: number; pickupCode?: string; resubmittedAs?: { caseId: number; caseNo: string } };
}

/** Files a case that must be accepted; returns the receipt plus the applicant. */
export async function newCase(s: TestServer, who: Who, o: IntakeBody = {}) {
  const a = applicant();
  const res = await postCase(s, who, intakeBody(a, o));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...(res.body.data as { caseId: number; caseNo: string; state: string }), a };
}

/** A verifier claims a case in review on the board: deciding it (approve / reject) needs the live claim. */
export async function claimCase(s: TestServer, cookie: string, caseId: number): Promise<ApiResponse> {
  return s.api('POST', `/api/grid/claims/case/${caseId}`, { cookie });
}

/** Claims the case in review and takes the review decision; both must succeed. */
export async function reviewOk(s: TestServer, verifier: string, caseId: number, body: Record<string, unknown>) {
  const c = await claimCase(s, verifier, caseId);
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return actOk(s, verifier, caseId, body);
}

const PATH = ['accept', 'send_for_review', 'approve', 'record_return', 'issue_pickup', 'deliver'] as const;
const AFTER: Record<string, (typeof PATH)[number] | undefined> = {
  submitted: 'accept',
  accepted: 'send_for_review',
  in_review: 'approve',
  approved: 'record_return',
  returned: 'issue_pickup',
  ready_for_pickup: 'deliver'
};
const STOP: Record<string, string> = { accept: 'accepted', send_for_review: 'in_review', approve: 'approved', record_return: 'returned', issue_pickup: 'ready_for_pickup', deliver: 'delivered' };

/** Walks a case along the happy path from `from` to `to`: the agent acts, the verifier approves. */
export async function drive(s: TestServer, agent: string, verifier: string, caseId: number, to: string, from = 'submitted') {
  let state = from;
  let pickupCode: string | undefined;
  while (state !== to) {
    const action = AFTER[state];
    if (!action) throw new Error(`no happy path from ${state} to ${to}`);
    const body: Record<string, unknown> = { action };
    if (action === 'deliver') body.identityCheck = pickupCode ? { method: 'pickup_code', code: pickupCode } : { method: 'id_document' };
    const out = action === 'approve' ? await reviewOk(s, verifier, caseId, body) : await actOk(s, agent, caseId, body);
    pickupCode = out.pickupCode ?? pickupCode;
    state = STOP[action];
  }
  return { pickupCode };
}

/** A case the community refused: taken in, sent for review, rejected with `reason`. */
export async function rejectedCase(s: TestServer, agent: string, verifier: string, o: IntakeBody = {}, reason = '户口簿复印件不清晰') {
  const c = await newCase(s, { cookie: agent }, o);
  await drive(s, agent, verifier, c.caseId, 'in_review');
  await reviewOk(s, verifier, c.caseId, { action: 'reject', reason });
  return c;
}

/** Enrols the demo kiosk (id 1, at point 1) and returns its device token. */
export async function pairKiosk(s: TestServer, admin: string, kioskId = 1): Promise<string> {
  const code = await s.api('POST', `/api/admin/kiosks/${kioskId}/pairing-code`, { cookie: admin });
  expect(code.status, JSON.stringify(code.body)).toBe(200);
  const pair = await s.api('POST', '/api/kiosk/pair', { body: { code: code.body.data.code } });
  expect(pair.status, JSON.stringify(pair.body)).toBe(201);
  return pair.body.data.token as string;
}

export async function rows<T = Record<string, unknown>>(s: TestServer, query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await s.runtime.core.db.execute(query));
}

/** Every delivered case with the subsidy its item pays: what the ledger must match. */
export async function deliveredCases(s: TestServer): Promise<{ id: number; subsidyFen: number }[]> {
  const r = await rows<{ id: number; fen: number }>(
    s,
    sql`select c.id, i.subsidy_fen as fen from proxy_case c join service_item i on i.id = c.item_id where c.state = 'delivered' order by c.id`
  );
  return r.map((x) => ({ id: Number(x.id), subsidyFen: Number(x.fen) }));
}

export async function ledgerOf(s: TestServer, caseId: number) {
  const r = await rows<{ id: string; amount_fen: number; reverses_id: string | null; company_id: number }>(s, sql`select id, amount_fen, reverses_id, company_id from ledger_entry where case_id = ${caseId} order by id`);
  return r.map((x) => ({ id: Number(x.id), amountFen: Number(x.amount_fen), reversesId: x.reverses_id === null ? null : Number(x.reverses_id), companyId: Number(x.company_id) }));
}

/** A user id by username. */
export async function userId(s: TestServer, username: string): Promise<number> {
  const [u] = await rows<{ id: number }>(s, sql`select id from staff_user where username = ${username}`);
  return Number(u.id);
}

/** A different six-digit code. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
