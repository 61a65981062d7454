// The register (CSV and XLSX imports, duplicate flags with the match shown), photos (typed by their
// bytes, bounded, served only to who may read the record), the masked board and its filters,
// incentive rates and the street's correction of a wrong verified_new by reversal.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/lib/domain/ledger';
import { rows } from '../support/cases';
import { claimAndDecide, idNumber, incentivesOf, makeStaff, newRecord, PNG, populationBody, postBytes, today, xlsx } from '../support/grid';
import { newKey, startTestServer, type TestServer } from '../support/server';

describe('grid register, photos, board and incentives', () => {
  let s: TestServer;
  let desk: string;
  let desk2: string;
  let verifier: string;
  let street: string;

  beforeAll(async () => {
    s = await startTestServer();
    [desk, desk2, verifier, street] = await Promise.all(['desk', 'desk2', 'verifier', 'street'].map((u) => s.login(u)));
  });
  afterAll(() => s?.close());

  it('imports a CSV register and flags a later report of a registered person with the match', async () => {
    const id = idNumber();
    const csv = [
      '类型,小区,房号,身份证号,姓名,统一社会信用代码',
      `实有人口,侨香村,"12栋 1601",${id},欧阳登记,`,
      `rentalHousing,侨香村,12栋1602,,,`,
      `population,侨香村,12栋1601,${id},重复行,`,
      `legalEntity,,,,示例·某公司,91440300MA5DEM003F`,
      `外星人口,侨香村,1栋,,,`,
      `population,不存在的小区,1栋,${id},x,`,
      `population,侨香村,12栋1603,${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'},错一位,`,
      `legalEntity,,,,示例·错码公司,91440300MA5DEM003G`
    ].join('\r\n');
    const res = await postBytes(s, verifier, '/api/grid/register/import', Buffer.from(`\ufeff${csv}`), 'text/csv');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ rows: 8, added: 3, alreadyKnown: 0, duplicatesInFile: 1, errorCount: 4 });
    expect(res.body.data.errors).toEqual([
      { line: 6, error: 'unknown kind' },
      { line: 7, error: 'unknown property' },
      { line: 8, error: 'idNumber: check_digit' },
      { line: 9, error: 'creditCode: check_digit' }
    ]);
    // Nothing readable about the person is kept: the key holds an HMAC, the label a masked name.
    const stored = await rows<{ match_key: string; label: string }>(s, sql`select match_key, label from known_entry where kind = 'population' and import_batch = ${res.body.data.batch}`);
    expect(JSON.stringify(stored)).not.toContain(id);
    expect(JSON.stringify(stored)).not.toContain('欧阳登记');
    const again = await postBytes(s, verifier, '/api/grid/register/import', Buffer.from(csv), 'text/csv');
    expect(again.body.data).toMatchObject({ added: 0, alreadyKnown: 3 });

    const filed = await newRecord(s, desk, populationBody({ unit: '１２幢１６０１室', id }));
    // The register's label in both languages, the name masked in each.
    expect(filed.duplicate).toMatchObject({ source: 'known', label: { zh: expect.stringContaining('欧**记'), en: expect.stringContaining('欧**记') } });
    expect(filed.duplicate!.label.zh).toContain('实有人口');
    expect(filed.duplicate!.label.en).toContain('Actual population');
    expect(filed.duplicate!.label.en).not.toMatch(/实有人口/);
    const card = (await s.api('GET', `/api/grid/records/${filed.recordId}`, { cookie: verifier })).body.data;
    expect(card.match).toMatchObject({ source: 'known' });

    // The same registered person moving out is news: not flagged, so it can be verified as new.
    const out = populationBody({ unit: '12栋1601', id });
    const movedOut = await newRecord(s, desk, { ...out, fields: { ...out.fields, change: 'move_out' } });
    expect(movedOut.duplicate).toBeNull();
  });

  it('imports an XLSX register; agents may not import', async () => {
    const file = xlsx([
      ['kind', 'property', 'unit', 'credit_code', 'name'],
      ['legalEntity', '', '', '91440300MA5DEM004J', '示例·表格公司'],
      ['rentalHousing', '香榭里花园', '1栋101', '', '']
    ]);
    const res = await postBytes(s, verifier, '/api/grid/register/import', file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data).toMatchObject({ rows: 2, added: 2, errorCount: 0 });
    expect((await postBytes(s, desk, '/api/grid/register/import', file)).status).toBe(403);
    const counts = await s.api('GET', '/api/grid/register', { cookie: verifier });
    expect(counts.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'legalEntity', source: 'import' })]));
  });

  it('photos are typed by their bytes, bounded, and served only to roles that may read the record', async () => {
    const { recordId } = await newRecord(s, desk);
    const up = await postBytes(s, desk, `/api/grid/records/${recordId}/photos`, PNG, 'image/jpeg');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.data).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect((await postBytes(s, desk, `/api/grid/records/${recordId}/photos`, Buffer.from('<html><script>alert(1)</script>'), 'image/png')).status).toBe(400);
    expect((await postBytes(s, desk, `/api/grid/records/${recordId}/photos`, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]))).status).toBe(413);
    expect((await postBytes(s, desk2, `/api/grid/records/${recordId}/photos`, PNG)).status).toBe(404);

    const path = `${s.origin}/api/grid/records/${recordId}/photos/${up.body.data.photoId}`;
    const get = (cookie: string) => fetch(path, { headers: { cookie } });
    const ok = await get(verifier);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await ok.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await get(desk)).status).toBe(200);
    expect((await get(desk2)).status).toBe(404);
    const other = await makeStaff(s, { username: 'v-photo-other', role: 'verifier', community: 'donghai' });
    expect((await get(other)).status).toBe(404);
    expect((await fetch(path)).status).toBe(401);
  });

  it('the board is masked and filters by kind, property and company', async () => {
    const body = populationBody({ name: '司马板测', propertyId: 2 });
    const { recordId } = await newRecord(s, desk, body);
    const all = await s.api('GET', '/api/grid/board', { cookie: verifier });
    expect(all.status).toBe(200);
    const text = JSON.stringify(all.body);
    expect(text).not.toContain('司马板测');
    expect(text).not.toContain(body.fields.idNumber);
    expect(all.body.data.records.find((r: { id: number }) => r.id === recordId).summary.zh).toContain('司**测');
    const byProp = await s.api('GET', '/api/grid/board?propertyId=2', { cookie: verifier });
    expect(byProp.body.data.records.every((r: { propertyId: number }) => r.propertyId === 2)).toBe(true);
    expect(byProp.body.data.records.some((r: { id: number }) => r.id === recordId)).toBe(true);
    const byKind = await s.api('GET', '/api/grid/board?kind=facility', { cookie: verifier });
    expect(byKind.body.data.records.every((r: { kind: string }) => r.kind === 'facility')).toBe(true);
    const byCompany = await s.api('GET', '/api/grid/board?companyId=2', { cookie: verifier });
    expect(byCompany.body.data.records.some((r: { id: number }) => r.id === recordId)).toBe(false);
    expect((await s.api('GET', '/api/grid/board', { cookie: desk })).status).toBe(403);
    // The one full read is logged first.
    const shown = await s.api('POST', `/api/grid/records/${recordId}/reveal`, { cookie: verifier, body: { purpose: 'verify_record' } });
    expect(shown.body.data.fields.idNumber).toBe(body.fields.idNumber);
    expect(await rows(s, sql`select 1 from access_log where subject_type = 'grid_record' and subject_id = ${String(recordId)}`)).toHaveLength(1);
  });

  it('the street sets rates; a wrong verified_new is corrected by a reversal and cannot earn again', async () => {
    const period = today().slice(0, 7);
    expect((await s.api('POST', '/api/grid/rates', { cookie: desk, body: { kind: 'facility', period, amountFen: 1 } })).status).toBe(403);
    const set = await s.api('POST', '/api/grid/rates', { cookie: street, body: { kind: 'facility', period, amountFen: 450 } });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    // 侨城豪苑 (property 3): its company participates in 侨香, so a verified new record earns the rate.
    const { recordId } = await newRecord(s, desk2, { kind: 'facility', propertyId: 3, unit: '南门', observedOn: today(), fields: { type: 'hydrant', location: '南门消防通道', condition: 'damaged', assetCode: `XF-${Date.now()}` } });
    expect((await claimAndDecide(s, verifier, recordId, { outcome: 'verified_new' })).incentiveFen).toBe(450);
    const fix = (cookie: string, key = newKey()) => s.api('POST', `/api/grid/records/${recordId}/correction`, { cookie, body: { to: 'rejected', reason: '复查不属实' }, headers: { 'Idempotency-Key': key } });
    expect((await fix(verifier)).status).toBe(403);
    const fixed = await fix(street);
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect(fixed.body.data).toMatchObject({ state: 'rejected', reversedFen: 450 });
    const entries = await incentivesOf(s, recordId);
    expect(entries.map((e) => e.amountFen)).toEqual([450, -450]);
    expect(entries[1].reversesId).toBe(entries[0].id);
    expect((await fix(street)).status).toBe(409);
    // The partial unique index: a second live incentive for the record is refused by the database.
    await expect(s.runtime.core.db.execute(sql`insert into ledger_entry (kind, company_id, record_id, amount_fen, period, created_by) values ('incentive', 2, ${recordId}, 450, ${period}, 'test')`)).rejects.toThrow();
    const all = await rows<{ id: string; amount_fen: number; record_id: number; reverses_id: string | null }>(s, sql`select id, amount_fen, record_id, reverses_id from ledger_entry where kind = 'incentive'`);
    const check = reconcile(all.map((e) => ({ id: Number(e.id), kind: 'incentive' as const, amountFen: e.amount_fen, recordId: e.record_id, reversesId: e.reverses_id === null ? undefined : Number(e.reverses_id) })), [], new Map());
    expect(check).toEqual({ ok: true, problems: [] });
    const owed = await s.api('GET', `/api/grid/incentives?period=${period}`, { cookie: street });
    expect(owed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ companyId: 2 })]));
  });
});
