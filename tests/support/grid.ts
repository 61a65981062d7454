// Grid-record helpers over the real HTTP door: bodies with unique identities, filing, claims, decisions.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { crc32, deflateRawSync } from 'node:zlib';
import { rows } from './cases';
import { hanDigits, uniqueIdNumber } from './ids';
import { newKey, type ApiResponse, type TestServer } from './server';

let n = 0;
/** An ID number unique in this process. */
export const idNumber = uniqueIdNumber;

export function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function populationBody(o: { propertyId?: number; unit?: string; id?: string; name?: string } = {}) {
  return {
    kind: 'population',
    propertyId: o.propertyId ?? 1,
    unit: o.unit ?? `9栋${1000 + ++n}`,
    observedOn: today(),
    fields: { change: 'move_in', name: o.name ?? `欧阳测试${hanDigits(n)}`, idNumber: o.id ?? idNumber(), phone: '13900001111' }
  };
}

export function fileRecord(s: TestServer, cookie: string, body: unknown, key = newKey()): Promise<ApiResponse> {
  return s.api('POST', '/api/grid/records', { cookie, body, headers: { 'Idempotency-Key': key } });
}

/** Files a record that must be accepted; returns its id and duplicate flag. */
export async function newRecord(s: TestServer, cookie: string, body: unknown = populationBody()) {
  const res = await fileRecord(s, cookie, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { recordId: number; state: string; duplicate: { source: string; id: number; label: { zh: string; en: string } } | null };
}

export const claim = (s: TestServer, cookie: string, id: number, subject = 'record') => s.api('POST', `/api/grid/claims/${subject}/${id}`, { cookie });

export function decide(s: TestServer, cookie: string, id: number, body: Record<string, unknown>, key = newKey()): Promise<ApiResponse> {
  return s.api('POST', `/api/grid/records/${id}/decision`, { cookie, body, headers: { 'Idempotency-Key': key } });
}

/** Claims and decides; both must succeed. */
export async function claimAndDecide(s: TestServer, cookie: string, id: number, body: Record<string, unknown>) {
  const c = await claim(s, cookie, id);
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  const d = await decide(s, cookie, id, body);
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  return d.body.data as { recordId: number; state: string; incentiveFen: number };
}

export async function incentivesOf(s: TestServer, recordId: number) {
  const r = await rows<{ id: string; amount_fen: number; reverses_id: string | null; company_id: number }>(
    s,
    sql`select id, amount_fen, reverses_id, company_id from ledger_entry where kind = 'incentive' and record_id = ${recordId} order by id`
  );
  return r.map((x) => ({ id: Number(x.id), amountFen: Number(x.amount_fen), reversesId: x.reverses_id === null ? null : Number(x.reverses_id), companyId: Number(x.company_id) }));
}

/** A staff user made for one test (e.g. a verifier employed by a company, or in another community). */
export async function makeStaff(s: TestServer, o: { username: string; role: 'verifier' | 'agent'; community: string; companyId?: number | null; pointId?: number | null }) {
  const [c] = await rows<{ id: number; street_id: number }>(s, sql`select id, street_id from community where code = ${o.community}`);
  await s.runtime.services.auth.createStaff({
    username: o.username,
    displayName: `测试 ${o.username}`,
    password: 'doorstep-demo',
    role: o.role,
    streetId: Number(c.street_id),
    communityId: Number(c.id),
    companyId: o.companyId ?? null,
    pointId: o.pointId ?? null
  });
  // The row's password time is the database's clock; a test clock may lag it, which would void the session.
  await s.runtime.core.db.execute(sql`update staff_user set password_changed_at = 'epoch' where username = ${o.username}`);
  return s.login(o.username);
}

/** A one-sheet .xlsx (stored, inline strings) written by hand: enough for the importer, no dependency. */
export function xlsx(table: string[][]): Buffer {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetRows = table.map((r, y) => `<row r="${y + 1}">${r.map((v, x) => `<c r="${col(x)}${y + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
  const files: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="登记" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`
  };
  return zip(files);
}

function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBuf.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(crc32(data), 16);
    cen.writeUInt32LE(packed.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nameBuf.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(head, nameBuf, packed);
    centrals.push(cen, nameBuf);
    offset += head.length + nameBuf.length + packed.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

/** POSTs raw bytes (a photo, a register file) the way the pages do. */
export async function postBytes(s: TestServer, cookie: string, path: string, bytes: Uint8Array, contentType = 'application/octet-stream', key = newKey()) {
  const res = await fetch(s.origin + path, { method: 'POST', headers: { origin: s.origin, cookie, 'content-type': contentType, 'Idempotency-Key': key }, body: bytes as unknown as BodyInit });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** The smallest valid PNG (1×1): enough for the magic-byte check. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
