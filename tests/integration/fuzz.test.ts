// Property-based fuzzing of every door in the access matrix, as the role allowed to use it: JSON bodies
// mutated field by field (injection strings, huge and non-finite numbers, wrong types, deep nesting,
// prototype keys, lone surrogates, NUL, Chinese and emoji), raw bodies (invalid UTF-8, oversize, wrong
// content types), path and query parameters, Idempotency-Key headers, socket payloads, Yjs names and
// uploads. Always: no 5xx, no stack trace or internals, `{ error: { code, message } }` with a known code,
// and a refused request writes nothing. Bounded runs (FUZZ_RUNS to widen) keep the file well under 60 s.
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP, SOCKET, type HttpRule, type MatrixRole } from '../../src/lib/server/access/matrix';
import { ErrorCodes } from '../../src/lib/protocol/errors';
import { PHOTO_MAX_BYTES } from '../../src/lib/domain/grid.kinds';
import { buildWorld, cloneOf, countDiff, errorShapeProblems, rowCounts, SAMPLES, send, type Req, type Who, type World } from '../support/access';
import { PNG } from '../support/grid';
import { newKey, type ApiResponse, type TestServer, startTestServer } from '../support/server';
import { connectSocket, collect, subscribe, type BoardClient } from '../support/socket';
import { encodable, HOSTILE_SEGMENTS, HOSTILE_STRINGS, hostileValue, mutation, paths, polluter, PROTO_KEYS, rawBodies, setAt, type Json, type Path } from '../support/hostile';
import { upgradeRefusal } from '../support/yjs';
import { waitFor } from '../support/wait';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);

let s: TestServer;
let w: World;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s);
});
afterAll(() => s?.close());

// ---------------------------------------------------------------------------------------------------
// Checks

const PREFERRED: MatrixRole[] = ['agentX', 'verifierA', 'street', 'admin', 'kiosk', 'anonymous'];
const callerOf = (rule: HttpRule): MatrixRole => PREFERRED.find((r) => rule.allow.includes(r)) ?? rule.allow[0];

async function credentialsFor(key: string, role: MatrixRole): Promise<Who> {
  // A password change by a throw-away clone, so fuzzing cannot lock out the demo accounts.
  if (key === 'POST /api/me/password') return cloneOf(w, role);
  return w.who[role];
}

/** A request whose answer must hold up, and (when refused) whose writes must be none. */
async function probe(key: string, method: string, req: Req, who: Who, what: string): Promise<ApiResponse> {
  const rule = HTTP[key];
  const before = method === 'GET' ? undefined : await rowCounts(s);
  const res = await send(s, method, req, who);
  const problems = errorShapeProblems(res, rule.georeport);
  if (before && res.status >= 400) problems.push(...countDiff(before, await rowCounts(s)).map((d) => `refused (${res.status}) but wrote ${d}`));
  if ((Object.prototype as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined) problems.push('Object.prototype polluted');
  if (problems.length) throw new Error(`${key} ${what}\n  ${method} ${req.path.slice(0, 200)}\n  ${problems.join('\n  ')}`);
  return res;
}

const jsonRoutes = Object.entries(HTTP).filter(([, r]) => r.body === 'json');
const paramRoutes = Object.keys(HTTP).filter((k) => k.includes('/:'));
const queryRoutes = Object.entries(HTTP).filter(([, r]) => r.query?.length);
const idempotentJson = jsonRoutes.filter(([, r]) => r.idempotent);

/** The login route locks the test's IP after repeated failures: it is fuzzed last (see the end). */
const LAST = 'POST /api/auth/login';

async function baseOf(key: string, role: MatrixRole): Promise<{ req: Req; who: Who }> {
  const who = await credentialsFor(key, role);
  let req = await SAMPLES[key](w, role);
  // Fuzzing may deactivate the item it patches: never one the fixtures use.
  if (key === 'PATCH /api/admin/items/:id') {
    const made = await send(s, 'POST', await SAMPLES['POST /api/admin/items'](w, 'admin'), w.who.admin);
    req = { ...req, path: `/api/admin/items/${made.body.data.id}` };
  }
  return { req, who: req.who ?? who };
}

// ---------------------------------------------------------------------------------------------------

describe('JSON bodies, mutated field by field', () => {
  it.each(jsonRoutes.filter(([k]) => k !== LAST).map(([k]) => k))('%s', async (key) => {
    const method = key.split(' ')[0];
    const { req, who } = await baseOf(key, callerOf(HTTP[key]));
    await fc.assert(
      fc.asyncProperty(mutation(req.body), async (m) => {
        await probe(key, method, { ...req, body: m.body, key: req.key ? true : undefined }, who, m.what);
      }),
      { numRuns: RUNS }
    );
  });
});

describe('raw bodies: invalid UTF-8, deep nesting, oversize, wrong content types', () => {
  it.each(jsonRoutes.filter(([k]) => k !== LAST).map(([k]) => k))('%s', async (key) => {
    const method = key.split(' ')[0];
    const { req, who } = await baseOf(key, callerOf(HTTP[key]));
    for (const r of rawBodies(req.body)) {
      const res = await probe(key, method, { ...req, bytes: r.bytes, contentType: r.type ?? 'application/json', key: req.key ? true : undefined }, who, r.what);
      if (r.what === 'over 64 KB') expect(res.status, `${key} ${r.what}`).toBe(413);
      if (r.what.startsWith('nested')) expect(res.status, `${key} ${r.what}`).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('path parameters', () => {
  it.each(paramRoutes)('%s', async (key) => {
    const method = key.split(' ')[0];
    const template = key.slice(method.length + 1);
    const { req, who } = await baseOf(key, callerOf(HTTP[key]));
    const real = req.path.split('?')[0].split('/');
    const params = template.split('/').flatMap((seg, i) => (seg.startsWith(':') ? [i] : []));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...params), fc.constantFrom(...HOSTILE_SEGMENTS), async (i, seg) => {
        const parts = [...real];
        // `:code.json`, `:id.json`: the parameter is the part before the suffix
        const suffix = template.split('/')[i].replace(/^:[A-Za-z]+/, '');
        parts[i] = seg + suffix;
        await probe(key, method, { ...req, path: parts.join('/'), key: req.key ? true : undefined }, who, `param ${i} = ${seg.slice(0, 40)}`);
      }),
      { numRuns: Math.max(RUNS, 8) }
    );
  });
});

describe('query parameters', () => {
  it.each(queryRoutes.map(([k]) => k))('%s', async (key) => {
    const method = key.split(' ')[0];
    const rule = HTTP[key];
    const { req, who } = await baseOf(key, callerOf(rule));
    const base = req.path.split('?')[0];
    const value = fc.oneof(
      // Kept under Node's 16 KB header limit: a longer URL is refused by the HTTP parser before the app.
      fc.constantFrom(...HOSTILE_STRINGS.filter((x) => x.length < 1_000).flatMap(encodable)),
      fc.constantFrom('%ZZ', '%', '%ED%A0%80', '%00', '-271821-04-20', '275760-09-13', '2025-13-45', '0000-00-00', '9999-99', '1e999', '-1')
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...rule.query!, '__proto__', 'constructor'), value), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const qs = pairs.map(([k, v]) => `${k}=${v}`).join('&');
        await probe(key, method, { ...req, path: `${base}?${qs}` }, who, `query ${qs.slice(0, 80)}`);
      }),
      { numRuns: Math.max(RUNS, 8) }
    );
  });
});

describe('Idempotency-Key', () => {
  const MALFORMED = ['', 'short', 'x'.repeat(101), 'has space', 'semi;colon', 'ünïcødé-key-1', "' OR 1=1 --", '%00abcdefgh', '../../etc/passwd', 'key\twith-a-tab'];

  it.each(idempotentJson.map(([k]) => k))('%s: malformed keys are refused and write nothing; a reused key with another payload is 409', async (key) => {
    const method = key.split(' ')[0];
    const role = callerOf(HTTP[key]);
    const { req, who } = await baseOf(key, role);
    for (const k of MALFORMED) {
      const res = await probe(key, method, { ...req, key: k }, who, `Idempotency-Key ${JSON.stringify(k)}`);
      expect(res.status, `key ${JSON.stringify(k)}`).toBe(400);
    }
    const noKey = await probe(key, method, { ...req, key: undefined }, who, 'no Idempotency-Key');
    expect(noKey.status).toBe(400);

    const fixed = newKey();
    const first = await probe(key, method, { ...req, key: fixed }, who, 'first use of a key');
    expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
    const again = await probe(key, method, { ...req, key: fixed }, who, 'replay of a key');
    expect(again.status).toBeLessThan(300);
    expect(again.body).toEqual(first.body);
    const other = await SAMPLES[key](w, role);
    // Another payload under the same key: the next sample, or this one with its last text changed.
    if (other.path === req.path && JSON.stringify(other.body) === JSON.stringify(req.body)) {
      const at = (x: Path) => x.reduce<Json>((n, k) => (n as Record<string | number, Json>)[k], req.body);
      const p = paths(req.body).filter((x) => typeof at(x) === 'string').pop()!;
      other.body = setAt(req.body, p, `${String(at(p))}（改）`);
    }
    const before = await rowCounts(s);
    const conflict = await probe(key, method, { ...req, body: other.body, path: other.path, key: fixed }, who, 'a key reused with another payload');
    expect(conflict.status, JSON.stringify(conflict.body)).toBe(409);
    expect(conflict.body.error?.code ?? conflict.body[0]?.error?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(countDiff(before, await rowCounts(s))).toEqual([]);
  });
});

describe('hostile headers on every route', () => {
  it('malformed cookies, tokens and languages never break a route', async () => {
    const variants: Record<string, string>[] = [
      { cookie: 'ds_session=%ZZ%' },
      { cookie: `ds_session=${'a'.repeat(4_000)}` },
      { cookie: 'ds_session=; ds_session=x; lang=%E0%A4%A' },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${'A'.repeat(129)}` },
      { authorization: "Bearer ' OR '1'='1" },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { 'accept-language': 'en;q=NaN, zh;q=-1, *;q=1e999' },
      { 'content-type': 'application/json; charset=klingon' }
    ];
    for (const key of Object.keys(HTTP).filter((k) => k !== LAST)) {
      const method = key.split(' ')[0];
      if (method !== 'GET') continue;
      const req = await SAMPLES[key](w, 'anonymous');
      for (const headers of variants) {
        const res = await fetch(s.origin + req.path, { headers: { origin: s.origin, ...headers } });
        const text = await res.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* /metrics is text */
        }
        expect(errorShapeProblems({ status: res.status, body }, HTTP[key].georeport), `${key} ${JSON.stringify(headers).slice(0, 80)}`).toEqual([]);
      }
    }
  });
});

describe('uploads are checked by content and size', () => {
  it('photos: wrong magic bytes, lies in Content-Type, empty and oversize are refused and stored nowhere', async () => {
    const key = 'POST /api/grid/records/:id/photos';
    const { req, who } = await baseOf(key, 'agentX');
    const fakes: [string, Uint8Array, string][] = [
      ['HTML named png', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'image/png'],
      ['SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'],
      ['GIF', new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), 'image/gif'],
      ['PDF', new TextEncoder().encode('%PDF-1.7\n'), 'image/jpeg'],
      ['truncated PNG signature', PNG.subarray(0, 7), 'image/png'],
      ['RIFF but not WEBP', new TextEncoder().encode('RIFF\x00\x00\x00\x00WAVEfmt '), 'image/webp'],
      ['empty', new Uint8Array(), 'image/png'],
      ['one byte over the limit', Buffer.concat([PNG, Buffer.alloc(PHOTO_MAX_BYTES + 1 - PNG.length)]), 'image/png'],
      ['far over the limit', Buffer.concat([PNG, Buffer.alloc(PHOTO_MAX_BYTES * 2)]), 'image/png']
    ];
    for (const [what, bytes, type] of fakes) {
      const res = await probe(key, 'POST', { ...req, bytes, contentType: type, key: true }, who, what);
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect([400, 413], what).toContain(res.status);
    }
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2_000 }), async (bytes) => {
        fc.pre(bytes[0] !== 0xff && bytes[0] !== 0x89 && bytes[0] !== 0x52);
        const res = await probe(key, 'POST', { ...req, bytes, contentType: 'image/jpeg', key: true }, who, `${bytes.length} random bytes`);
        expect(res.status).toBe(400);
      }),
      { numRuns: RUNS }
    );
  });

  it('register import: garbage, fake XLSX, hostile CSV and oversize never break it', async () => {
    const key = 'POST /api/grid/register/import';
    const { req, who } = await baseOf(key, 'verifierA');
    const enc = (t: string) => new TextEncoder().encode(t);
    const cases: [string, Uint8Array][] = [
      ['zip magic then garbage', Buffer.concat([Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500, 7)])],
      ['CSV with formulas and injections', enc(`kind,property,unit\nrentalHousing,侨香村,"=HYPERLINK(""http://evil"")"\nrentalHousing,侨香村,"<script>alert(1)</script>"\n${HOSTILE_STRINGS.slice(0, 12).map((x) => `rentalHousing,侨香村,"${x.replace(/"/g, '""')}"`).join('\n')}\n`)],
      ['CSV with NUL and lone surrogates', enc(`kind,property,unit\nrentalHousing,侨香村,a\u0000b\nrentalHousing,侨香村,\ud800x\n`)],
      ['invalid UTF-8', Uint8Array.from([0x6b, 0x69, 0x6e, 0x64, 0x0a, 0xff, 0xfe, 0xc0, 0xaf])],
      ['only quotes', enc('"'.repeat(5_000))],
      ['oversize', Buffer.alloc(8 * 1024 * 1024 + 2, 0x61)]
    ];
    for (const [what, bytes] of cases) await probe(key, 'POST', { ...req, bytes, contentType: 'text/csv' }, who, what);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 30)), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 6 }), { maxLength: 20 }), async (table) => {
        const csv = ['kind,property,unit,name,id_number', ...table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join('\n');
        await probe(key, 'POST', { ...req, bytes: enc(csv), contentType: 'text/csv' }, who, 'random CSV');
      }),
      { numRuns: RUNS }
    );
  });
});

/** A socket without the protocol's types: what an attacker's client sends. */
const untyped = (sock: BoardClient) => sock as unknown as { emit(event: string, ...args: unknown[]): void };

describe('socket.io: hostile payloads', () => {
  let a: BoardClient;
  let observer: BoardClient;
  beforeAll(async () => {
    a = await connectSocket(s, { cookie: w.who.agentX.cookie });
    observer = await connectSocket(s, { cookie: w.who.verifierA.cookie });
    expect('data' in (await subscribe(observer, 'point:1'))).toBe(true);
  });
  afterAll(() => {
    a?.close();
    observer?.close();
  });

  const CODES = new Set(Object.keys(ErrorCodes));
  const payload: fc.Arbitrary<unknown> = fc.oneof(
    hostileValue,
    fc.record({ scope: fc.oneof(hostileValue, fc.constantFrom('point:1 ', 'point:01', 'point:-1', 'point:1e3', 'kiosk:1', 'street:99999999999', 'point:1\u0000', 'POINT:1', 'point:1;drop')) }),
    fc.record({ scope: fc.constant('point:1'), since: hostileValue }),
    fc.constantFrom(...PROTO_KEYS).map(polluter),
    fc.jsonValue({ maxDepth: 6 })
  );

  it.each(Object.keys(SOCKET))('%s answers malformed payloads with an ack error and keeps everyone connected', async (event) => {
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const ack = (await a.timeout(5_000).emitWithAck(event as 'board:subscribe', p as never)) as { data?: unknown; error?: { code: string; message: string } };
        if ('error' in ack) {
          expect(CODES.has(ack.error!.code), JSON.stringify(ack)).toBe(true);
          expect(ack.error!.message).toBeTruthy();
          expect(JSON.stringify(ack)).not.toMatch(/\n\s*at |\.ts:\d+/);
        }
        expect(a.connected && observer.connected).toBe(true);
      }),
      { numRuns: RUNS * 3 }
    );
  });

  it('events without an ack, with extra arguments or unknown names are ignored, never fatal', async () => {
    const raw = untyped(a);
    raw.emit('board:subscribe', { scope: 'point:1' });
    raw.emit('board:subscribe', 'x', 1, 2);
    raw.emit('nope:unknown', polluter('__proto__'));
    raw.emit('board:subscribe', polluter('__proto__'), 'not a function');
    expect('data' in (await subscribe(a, 'point:1'))).toBe(true);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a message over 64 KB disconnects only its own socket; the others keep receiving', async () => {
    const big = await connectSocket(s, { cookie: w.who.agentX.cookie });
    const gone = waitFor<string>([big as never, 'disconnect']);
    untyped(big).emit('board:subscribe', { scope: 'point:1', pad: 'x'.repeat(70 * 1024) });
    expect(await gone).toBeTruthy();
    expect(a.connected && observer.connected).toBe(true);
    const got = collect(observer);
    const res = await s.api('POST', '/api/board/notices', { cookie: w.who.agentX.cookie, body: { scope: 'point:1', text: '大消息之后' }, headers: { 'Idempotency-Key': newKey() } });
    expect(res.status).toBe(201);
    await waitFor(() => got.some((e) => e.type === 'board.notice.v1' && (e.payload as { text: string }).text === '大消息之后'));
  });

  it('hostile handshakes are refused with a named reason', async () => {
    const { io } = await import('socket.io-client');
    for (const auth of [{ protocol: 'x' }, { protocol: 1e999 }, { protocol: 1, token: 'A'.repeat(10_000) }, { protocol: 1, token: { $ne: null } }, { protocol: 1, token: "' OR 1=1 --" }, polluter('__proto__')]) {
      const c = io(s.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: auth as never, extraHeaders: { origin: s.origin } });
      const err = await waitFor<{ data?: { error: { code: string } } }>([c as never, 'connect_error']);
      c.close();
      expect(CODES.has(err.data?.error.code ?? ''), JSON.stringify(auth).slice(0, 60)).toBe(true);
    }
    expect(a.connected && observer.connected).toBe(true);
  });
});

describe('Yjs: hostile document names', () => {
  it('names outside the grammar are refused before any document is made', async () => {
    const names = [
      'board:point:1%00',
      'case:1:notes%2F..%2F..%2Fetc',
      '%ZZ',
      'board:point:' + '9'.repeat(30),
      'worksheet:-1',
      'grid:1e3:notes',
      '__proto__',
      'constructor',
      encodeURIComponent('case:1:notes\u0000'),
      encodeURIComponent('board:point:1 OR 1=1'),
      encodeURIComponent('board:点:1'),
      'a'.repeat(5_000)
    ];
    for (const name of names) {
      const r = await upgradeRefusal(s, name, { cookie: w.who.street.cookie!, origin: s.origin });
      expect([400, 403, 404], name.slice(0, 40)).toContain(r.status);
    }
  });
});

describe('the login route (last: repeated failures lock the test’s address)', () => {
  it('POST /api/auth/login with mutated bodies and raw bodies', async () => {
    const key = LAST;
    const { req, who } = await baseOf(key, 'anonymous');
    await fc.assert(
      fc.asyncProperty(mutation(req.body), async (m) => {
        await probe(key, 'POST', { ...req, body: m.body }, who, m.what);
      }),
      { numRuns: RUNS }
    );
    for (const r of rawBodies(req.body)) await probe(key, 'POST', { ...req, bytes: r.bytes, contentType: r.type ?? 'application/json' }, who, r.what);
  });
});
