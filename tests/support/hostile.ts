// Hostile material for the fuzz suite (tests/integration/fuzz.test.ts): injection strings, numbers JSON
// and Postgres choke on, prototype keys, structural mutations of a valid body, raw bodies JSON.stringify
// cannot produce, and path segments no router expects.
import * as fc from 'fast-check';

export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE proxy_case; --",
  "') OR 1=1 --",
  "%' UNION SELECT password_hash FROM staff_user --",
  "'; select pg_sleep(5); --",
  '$1',
  '\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "{{constructor.constructor('alert(1)')()}}",
  '${7*7}',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '9'.repeat(400),
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\uffff',
  '\u202e\u200b',
  '张三',
  '欧阳明华',
  '香蜜湖街道侨香社区代办点',
  '😀',
  '👨‍👩‍👧‍👦',
  '𠮷野家',
  'ﾃｽﾄ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '../../../etc/passwd',
  '%00',
  '\r\nSet-Cookie: x=1',
  'A'.repeat(5_000),
  '中'.repeat(3_000)
];
export const HOSTILE_NUMBERS = [0, -1, 1.5, -0, 2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER];
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** An object literal with an own `__proto__` key (a literal would set the prototype instead). */
export const polluter = (key: string) => JSON.parse(`{"${key}":{"polluted":true,"isAdmin":true}}`);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [[[[]]]], ['a', 1, null], { a: { b: { c: {} } } }) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS).map(polluter) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
);

export type Json = unknown;
export type Path = (string | number)[];

export function paths(v: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

const clone = (v: Json): Json => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

export function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  node[path[path.length - 1]] = value;
  return copy;
}

export function deleteAt(root: Json, path: Path): Json {
  if (path.length === 0) return undefined;
  const copy = clone(root) as Record<string | number, Json>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  if (Array.isArray(node)) node.splice(Number(path[path.length - 1]), 1);
  else delete node[path[path.length - 1]];
  return copy;
}

/** One structural mutation of a valid body. */
export const mutation = (base: Json): fc.Arbitrary<{ what: string; body: Json }> => {
  const ps = paths(base);
  const pick = fc.nat({ max: Math.max(0, ps.length - 1) }).map((i) => ps[i]);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(pick, hostileValue).map(([p, v]) => ({ what: `set ${p.join('.')}`, body: setAt(base, p, v) })) },
    { weight: 1, arbitrary: pick.map((p) => ({ what: `delete ${p.join('.')}`, body: deleteAt(base, p) })) },
    {
      weight: 1,
      arbitrary: fc.tuple(pick, fc.constantFrom(...PROTO_KEYS)).map(([p, k]) => {
        const target = p.reduce<Json>((n, key) => (n as Record<string | number, Json>)?.[key], base);
        const own = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object), ...polluter(k) } : polluter(k);
        return { what: `add ${k} at ${p.join('.')}`, body: setAt(base, p, JSON.parse(JSON.stringify(own))) };
      })
    },
    { weight: 1, arbitrary: fc.constantFrom<Json>([base], 'text', 42, null, [], [[[]]], { ...((base as object) ?? {}), extra: 'x'.repeat(20_000) }).map((b) => ({ what: 'replace body', body: b })) }
  );
};

/** Raw bodies that JSON.stringify cannot produce. */
export function rawBodies(base: Json): { what: string; bytes: Uint8Array; type?: string }[] {
  const text = JSON.stringify(base ?? {});
  const enc = (t: string) => new TextEncoder().encode(t);
  const firstString = /"([^"\\]|\\.)*"\s*(?=[,}\]])/.exec(text.replace(/^\{/, '{ '))?.index;
  const badUtf8 = Uint8Array.from([0xff, 0xfe, 0xc0, 0xaf, 0xe4, 0xb8, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]);
  const withBytes =
    firstString === undefined
      ? Buffer.concat([enc('{"x":"'), badUtf8, enc('"}')])
      : Buffer.concat([enc(text.slice(0, firstString)), enc('"'), badUtf8, enc('"'), enc(text.slice(text.indexOf('"', text.indexOf('"', firstString) + 1) + 1))]);
  return [
    { what: 'invalid UTF-8 inside a string', bytes: withBytes },
    { what: 'invalid UTF-8 everywhere', bytes: Buffer.concat([badUtf8, enc(text), badUtf8]) },
    { what: 'nested arrays 20 000 deep', bytes: enc('['.repeat(20_000) + ']'.repeat(20_000)) },
    { what: 'nested objects 9 000 deep', bytes: enc('{"a":'.repeat(9_000) + '1' + '}'.repeat(9_000)) },
    { what: 'deep nesting inside the body', bytes: enc(text.replace(/^\{/, `{"fields":${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)},"deep":${'['.repeat(5_000)}${']'.repeat(5_000)},`)) },
    { what: 'numbers beyond double', bytes: enc(text.replace(/(:\s*)(\d+)(?=[,}\]])/g, '$11e999').replace(/^\{/, '{"n":123456789012345678901234567890,')) },
    { what: 'over 64 KB', bytes: enc(JSON.stringify({ ...((base as object) ?? {}), pad: 'x'.repeat(70_000) })) },
    { what: 'truncated', bytes: enc(text.slice(0, Math.max(1, text.length - 2))) },
    { what: 'JSON null', bytes: enc('null') },
    { what: 'a JSON string', bytes: enc('"text"') },
    { what: 'empty', bytes: new Uint8Array() },
    { what: 'byte-order mark', bytes: Buffer.concat([Uint8Array.from([0xef, 0xbb, 0xbf]), enc(text)]) },
    { what: 'sent as text/plain', bytes: enc(text), type: 'text/plain' },
    { what: 'sent as a form', bytes: enc('a=1&__proto__[x]=1'), type: 'application/x-www-form-urlencoded' },
    { what: 'declared UTF-16', bytes: enc(text), type: 'application/json; charset=utf-16' }
  ];
}

/** encodeURIComponent refuses lone surrogates; those go in raw as `%ED%A0%80` instead. */
export const encodable = (x: string): string[] => {
  try {
    return [encodeURIComponent(x)];
  } catch {
    return [];
  }
};

export const HOSTILE_SEGMENTS = [
  '0',
  '-1',
  '1.5',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '2147483648',
  '0x7ffffff0',
  '1e9',
  '%20999999%20',
  '%00',
  '%E4%B8%AD%E6%96%87',
  '%F0%9F%98%80',
  '%ED%A0%80',
  '%ZZ',
  '%',
  '..',
  '%2e%2e%2f%2e%2e%2f',
  "1'%20OR%20'1'='1",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '__proto__',
  'constructor',
  'A'.repeat(3_000),
  'record',
  'case'
];
