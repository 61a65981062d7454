// ID numbers at rest, read back with raw SQL: the stored row never holds the number (ciphertext, a keyed
// hash and the mask only), reveal decrypts it (and logs), a legacy clear-text row is sealed by the startup
// pass, a new first key re-encrypts old rows, later one-key starts only probe for clear text, and a wrong or
// missing key fails closed with KEY_UNAVAILABLE.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ENC_KEYS, type EncKey } from '../../src/lib/server/config';
import { caseIdsByIdHash } from '../../src/lib/server/repositories/pii.repository';
import { encryptIdNumbers } from '../../src/lib/server/services/pii.backfill';
import { idNumberHash } from '../../src/lib/server/services/pii.cipher';
import { applicant, newCase, rows } from '../support/cases';
import { idNumber, newRecord, populationBody } from '../support/grid';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

let tdb: TestDatabase;
let s: TestServer | undefined;

const k2: EncKey = { id: 'k2', key: randomBytes(32) };

async function serve(piiEncKeys: EncKey[]): Promise<TestServer> {
  await s?.close();
  s = await startTestServer({ database: tdb.database, config: { piiEncKeys } });
  return s;
}

/** The whole row as Postgres prints it: every column, whatever its name. */
const rawRow = async (id: number) => (await rows<{ t: string }>(s!, sql`select p::text as t from proxy_case p where p.id = ${id}`))[0].t;
const cipherOf = async (id: number) => (await rows<{ c: string | null; n: string | null }>(s!, sql`select applicant_id_cipher as c, applicant_id_number as n from proxy_case where id = ${id}`))[0];
const reveal = async (id: number, cookie: string, lang = 'zh') => s!.api('POST', `/api/cases/${id}/reveal`, { cookie: `${cookie}; lang=${lang}`, body: { purpose: 'check_documents' } });
const rawRecord = async (id: number) => (await rows<{ t: string }>(s!, sql`select g::text as t from grid_record g where g.id = ${id}`))[0].t;
const liveRecords = async () => (await rows<{ n: number }>(s!, sql`select count(*)::int as n from grid_record where anonymised_at is null`))[0].n;
const logCount = async (id: number) => (await rows<{ n: number }>(s!, sql`select count(*)::int as n from access_log where subject_type = 'case' and subject_id = ${String(id)}`))[0].n;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await s?.close();
  await tdb?.drop();
});

describe('ID numbers encrypted at rest', () => {
  let first: Awaited<ReturnType<typeof newCase>>;
  let twin: Awaited<ReturnType<typeof newCase>>;
  let legacy: Awaited<ReturnType<typeof newCase>>;

  it('stores ciphertext, a keyed hash and the mask, never the number; reveal decrypts and logs', async () => {
    await serve(DEV_ENC_KEYS);
    const desk = await s!.login('desk');
    first = await newCase(s!, { cookie: desk });
    // The same person again: another ciphertext (random IV), the same keyed hash.
    twin = await newCase(s!, { cookie: desk }, { applicant: { ...applicant(), idNumber: first.a.idNumber } });

    for (const c of [first, twin]) {
      const raw = await rawRow(c.caseId);
      expect(raw).not.toContain(first.a.idNumber);
      expect(raw).not.toContain(first.a.idNumber.slice(4, 14)); // not even the hidden middle
      expect(raw).toContain(`${first.a.idNumber.slice(0, 4)}**********${first.a.idNumber.slice(-4)}`);
    }
    const [a, b] = [await cipherOf(first.caseId), await cipherOf(twin.caseId)];
    expect(a.n).toBeNull();
    expect(a.c).toMatch(/^v1:dev:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    expect(b.c).not.toBe(a.c);
    expect(await caseIdsByIdHash(s!.runtime.core.db, idNumberHash(s!.runtime.core, first.a.idNumber))).toEqual([first.caseId, twin.caseId]);

    const detail = await s!.api('GET', `/api/cases/${first.caseId}`, { cookie: desk });
    expect(detail.status).toBe(200);
    expect(detail.body.data.idNumber).toBe(`${first.a.idNumber.slice(0, 4)}**********${first.a.idNumber.slice(-4)}`);

    const before = await logCount(first.caseId);
    const r = await reveal(first.caseId, desk);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.idNumber).toBe(first.a.idNumber);
    expect(await logCount(first.caseId)).toBe(before + 1);
  });

  it('seals a legacy clear-text row at start and is idempotent', async () => {
    const desk = await s!.login('desk');
    legacy = await newCase(s!, { cookie: desk });
    // What a row written before this migration looks like.
    await s!.runtime.core.db.execute(
      sql`update proxy_case set applicant_id_number = ${legacy.a.idNumber}, applicant_id_cipher = null, applicant_id_hash = null, applicant_id_masked = null where id = ${legacy.caseId}`
    );
    expect(await rawRow(legacy.caseId)).toContain(legacy.a.idNumber);

    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 1, reencrypted: 0, failed: 0 });
    expect(await rawRow(legacy.caseId)).not.toContain(legacy.a.idNumber);
    expect((await cipherOf(legacy.caseId)).c).toMatch(/^v1:dev:/);
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 0, reencrypted: 0, failed: 0 });
    expect((await reveal(legacy.caseId, desk)).body.data.idNumber).toBe(legacy.a.idNumber);
  });

  it('a new first key re-encrypts every row at start; the old key may then go', async () => {
    await serve([k2, ...DEV_ENC_KEYS]);
    for (const c of [first, twin, legacy]) expect((await cipherOf(c.caseId)).c).toMatch(/^v1:k2:/);
    expect(await rows(s!, sql`select id from grid_record where anonymised_at is null and id_cipher not like 'v1:k2:%'`)).toEqual([]);
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 0, reencrypted: 0, failed: 0 });

    await serve([k2]);
    const desk = await s!.login('desk');
    expect((await reveal(legacy.caseId, desk)).body.data.idNumber).toBe(legacy.a.idNumber);
    // The keyed hash does not depend on the encryption key: matching still works.
    expect(await caseIdsByIdHash(s!.runtime.core.db, idNumberHash(s!.runtime.core, first.a.idNumber))).toEqual([first.caseId, twin.caseId]);
  });

  it('with one key and a clean full pass behind it, a start only probes for clear rows; several keys read every row again', async () => {
    // The full pass at the last start (keys k2 + dev) left every row under k2, and said so.
    await serve([k2]);
    expect(await rows(s!, sql`select subject, key_id from pii_key_pass order by subject`)).toEqual([
      { subject: 'grid_record', key_id: 'k2' },
      { subject: 'proxy_case', key_id: 'k2' }
    ]);
    // A row sealed under a key this process lacks (what a process not yet restarted after a rotation
    // could write) is not read by a one-key start, which only looks for clear text…
    const saved = (await cipherOf(first.caseId)).c;
    const exec = (q: ReturnType<typeof sql>) => s!.runtime.core.db.execute(q);
    await exec(sql`update proxy_case set applicant_id_cipher = 'v1:gone:AAAA:BBBB:CCCC' where id = ${first.caseId}`);
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 0, reencrypted: 0, failed: 0 });
    // …but is read, logged and left alone while several keys are configured, and the record stays as it was.
    await serve([k2, ...DEV_ENC_KEYS]);
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 0, reencrypted: 0, failed: 1 });
    expect((await cipherOf(first.caseId)).c).toBe('v1:gone:AAAA:BBBB:CCCC');
    await exec(sql`update proxy_case set applicant_id_cipher = ${saved} where id = ${first.caseId}`);
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 0, reencrypted: 0, failed: 0 });
    await serve([k2]);
  });

  let record: { recordId: number; id: string; tenant: string; rental: number };

  it('grid records keep ID numbers masked in their fields and encrypted beside them; reveal puts them back', async () => {
    const desk = await s!.login('desk');
    const id = idNumber();
    const r = await newRecord(s!, desk, populationBody({ id }));
    const tenant = idNumber();
    const rental = await newRecord(s!, desk, {
      kind: 'rentalHousing',
      propertyId: 1,
      unit: '9栋2201',
      observedOn: populationBody().observedOn,
      fields: { landlordName: '李加密', landlordPhone: '13800002222', leaseStart: populationBody().observedOn, tenants: [{ name: '陈加密', idNumber: tenant }] }
    });
    record = { recordId: r.recordId, id, tenant, rental: rental.recordId };
    expect(await rawRecord(r.recordId)).not.toContain(id);
    expect(await rawRecord(r.recordId)).toContain(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(await rawRecord(rental.recordId)).not.toContain(tenant);
    // The demo street's seeded records too.
    const leaks = await rows(s!, sql`select id from grid_record g where g::text like '%440304199001011284%' or g::text like '%440305199203040071%'`);
    expect(leaks).toEqual([]);

    const verifier = await s!.login('verifier');
    const full = await s!.api('POST', `/api/grid/records/${r.recordId}/reveal`, { cookie: verifier, body: { purpose: 'verify_record' } });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body.data.fields.idNumber).toBe(id);
    const fullRental = await s!.api('POST', `/api/grid/records/${rental.recordId}/reveal`, { cookie: verifier, body: { purpose: 'verify_record' } });
    expect(fullRental.body.data.fields.tenants[0]).toEqual({ name: '陈加密', idNumber: tenant });
    expect(fullRental.body.data.fields.landlordName).toBe('李加密');

    // A record from before encryption is sealed by the start-up pass.
    await s!.runtime.core.db.execute(sql`update grid_record set fields = jsonb_set(fields, '{idNumber}', to_jsonb(${id}::text)), id_cipher = null where id = ${r.recordId}`);
    expect(await rawRecord(r.recordId)).toContain(id);
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 1, reencrypted: 0, failed: 0 });
    expect(await rawRecord(r.recordId)).not.toContain(id);
    const again = await s!.api('POST', `/api/grid/records/${r.recordId}/reveal`, { cookie: verifier, body: { purpose: 'verify_record' } });
    expect(again.body.data.fields.idNumber).toBe(id);
  });

  it('a wrong key with the right id fails closed: 503 KEY_UNAVAILABLE, nothing revealed, nothing logged', async () => {
    await serve([{ id: 'k2', key: randomBytes(32) }]);
    const desk = await s!.login('desk');
    const before = await logCount(first.caseId);
    const zh = await reveal(first.caseId, desk);
    expect(zh.status).toBe(503);
    expect(zh.body).toEqual({ error: { code: 'KEY_UNAVAILABLE', message: expect.stringContaining('密钥') } });
    expect(JSON.stringify(zh.body)).not.toContain(first.a.idNumber);
    const en = await reveal(first.caseId, desk, 'en');
    expect(en.body.error.message).toMatch(/key for personal data is unavailable/);
    expect(await logCount(first.caseId)).toBe(before);
    const g = await s!.api('POST', `/api/grid/records/${record.recordId}/reveal`, { cookie: await s!.login('verifier'), body: { purpose: 'verify_record' } });
    expect(g.status).toBe(503);
    expect(g.body.error.code).toBe('KEY_UNAVAILABLE');
    expect(JSON.stringify(g.body)).not.toContain(record.id);
    // Lists and details still work: they show the stored mask and never decrypt.
    const detail = await s!.api('GET', `/api/cases/${first.caseId}`, { cookie: desk });
    expect(detail.status).toBe(200);
    expect(detail.body.data.idNumber).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
  });

  it('a missing key leaves its rows untouched at start and refuses to reveal them', async () => {
    await serve([{ id: 'k3', key: randomBytes(32) }]);
    // Start-up already tried (and logged) each row; a second pass finds the same three and changes nothing.
    expect(await encryptIdNumbers(s!.runtime.core)).toEqual({ encrypted: 0, reencrypted: 0, failed: 3 + (await liveRecords()) });
    for (const c of [first, twin, legacy]) expect((await cipherOf(c.caseId)).c).toMatch(/^v1:k2:/);
    const r = await reveal(twin.caseId, await s!.login('desk'));
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('KEY_UNAVAILABLE');
  });
});
