// PIPL retention with a moved clock: a case closed longer ago than RETENTION_DAYS keeps its number,
// item, dates and subsidy, but its person becomes the masked form; open and recently closed cases are
// untouched; a second run changes nothing; the scheduled job is the same function.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOk, drive, ledgerOf, newCase, rows } from '../support/cases';
import { claimAndDecide, newRecord, populationBody } from '../support/grid';
import { startTestServer, TestClock, type TestServer } from '../support/server';

const DAY = 86_400_000;
let s: TestServer;
const clock = new TestClock();

interface Row {
  applicant_name: string;
  applicant_phone: string;
  applicant_id_number: string | null;
  applicant_id_cipher: string | null;
  applicant_id_hash: string | null;
  applicant_id_masked: string | null;
  collector_name: string | null;
  anonymised_at: Date | null;
  case_no: string;
}
const caseRow = async (id: number) =>
  (await rows<Row>(s, sql`select applicant_name, applicant_phone, applicant_id_number, applicant_id_cipher, applicant_id_hash, applicant_id_masked, collector_name, anonymised_at, case_no from proxy_case where id = ${id}`))[0];

beforeAll(async () => {
  s = await startTestServer({ clock, config: { retentionDays: 30 } });
});
afterAll(() => s?.close());

describe('retention', () => {
  it('anonymises closed cases past retention and nothing else', async () => {
    const desk = await s.login('desk');
    const verifier = await s.login('verifier');
    const old = await newCase(s, { cookie: desk });
    // Collected by a relative (代领): their name is personal data too.
    const { pickupCode } = await drive(s, desk, verifier, old.caseId, 'ready_for_pickup');
    await actOk(s, desk, old.caseId, { action: 'deliver', identityCheck: { method: 'pickup_code', code: pickupCode }, collector: { name: '欧阳代领', relation: 'relative', proofChecked: true } });
    const open = await newCase(s, { cookie: desk });
    clock.advance(31 * DAY);
    const [desk2, verifier2] = [await s.login('desk'), await s.login('verifier')];
    const recent = await newCase(s, { cookie: desk2 });
    await drive(s, desk2, verifier2, recent.caseId, 'delivered');

    const first = await s.runtime.services.retention.purge();
    expect(first.cases).toBe(1);

    const o = await caseRow(old.caseId);
    expect(o.applicant_name).not.toBe(old.a.name);
    expect(o.applicant_name).toContain('*');
    expect(o.applicant_phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(o.applicant_id_number).toBeNull();
    // The encrypted ID number goes too, with its keyed hash and mask.
    expect([o.applicant_id_cipher, o.applicant_id_hash, o.applicant_id_masked]).toEqual([null, null, null]);
    expect(o.collector_name).toBe('欧**领');
    expect(o.anonymised_at).not.toBeNull();
    expect(o.case_no).toBe(old.caseNo);
    // The money stays: the subsidy row is the same.
    expect(await ledgerOf(s, old.caseId)).toHaveLength(1);
    // Nothing whole is left anywhere in the row.
    const whole = await rows(s, sql`select 1 from proxy_case where id = ${old.caseId} and (applicant_name = ${old.a.name} or applicant_phone = ${old.a.phone} or collector_name = '欧阳代领')`);
    expect(whole).toHaveLength(0);

    expect((await caseRow(open.caseId)).applicant_name).toBe(open.a.name);
    expect((await caseRow(recent.caseId)).applicant_name).toBe(recent.a.name);
    const kept = await caseRow(recent.caseId);
    expect(kept.applicant_id_cipher).toMatch(/^v1:/);
    expect(kept.applicant_id_hash).not.toBeNull();

    // Reveal now gives only what is left.
    const reveal = await s.api('POST', `/api/cases/${old.caseId}/reveal`, { cookie: desk2, body: { purpose: 'check_documents' } });
    expect(reveal.status).toBe(200);
    expect(reveal.body.data.idNumber).toBeNull();
    expect(reveal.body.data.name).toBe(o.applicant_name);

    expect(await s.runtime.services.retention.purge()).toEqual({ cases: 0, records: 0 });
  });

  it('anonymises the personal fields of grid records decided past retention', async () => {
    const body = populationBody({ name: '欧阳留存', id: '44030419800101128X' });
    const r = await newRecord(s, await s.login('desk'), body);
    await claimAndDecide(s, await s.login('verifier'), r.recordId, { outcome: 'verified_new' });
    clock.advance(31 * DAY);
    expect((await s.runtime.services.retention.purge()).records).toBeGreaterThanOrEqual(1);
    const [row] = await rows<{ fields: Record<string, string>; anonymised_at: Date | null; state: string }>(s, sql`select fields, anonymised_at, state from grid_record where id = ${r.recordId}`);
    expect(row.anonymised_at).not.toBeNull();
    expect(row.state).toBe('verified_new');
    expect(JSON.stringify(row.fields)).not.toContain('欧阳留存');
    expect(JSON.stringify(row.fields)).not.toContain('44030419800101128X');
    expect(row.fields.idNumber).toMatch(/^4403\*+128X$/);
    expect((await rows<{ c: string | null }>(s, sql`select id_cipher as c from grid_record where id = ${r.recordId}`))[0].c).toBeNull();
  });
});
