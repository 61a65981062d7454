// `npx tsx bench/grid.bench.ts`: duplicate-check time per incoming record against a register of
// 200,000 known entries, and the verification board's initial load with 10,000 open records, each
// beside a raw baseline measured in the same run. Prints figures; asserts nothing.
//
//   BENCH_PG_URL   admin URL of a Postgres server (default postgres://postgres@127.0.0.1:5432/postgres);
//                  a fresh database is created there and dropped afterwards
//   BENCH_ONLY     pglite | postgres (default both)    BENCH_KNOWN (200000)    BENCH_OPEN (10000)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp } from '../server/app';
import { matchKey } from '../src/lib/domain/grid.keys';
import { KeyIndex } from '../src/lib/domain/grid.match';
import type { StaffPrincipal } from '../src/lib/domain/roles';
import { loadConfig } from '../src/lib/server/config';
import { rowsOf } from '../src/lib/server/db/client';
import { gridRecord, knownEntry } from '../src/lib/server/db/schema';
import { pendingDuplicate } from '../src/lib/server/repositories/grid.repository';
import { findKnown } from '../src/lib/server/repositories/register.repository';
import { createRuntime, type Runtime } from '../src/lib/server/runtime/runtime';
import { seedDemo } from '../src/lib/server/seed/demo';
import { envPiiKey, keyedHash } from '../src/lib/server/services/grid.pii';

const KNOWN = Number(process.env.BENCH_KNOWN ?? 200_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 10_000);
const CHECKS = 2000;
const LOADS = 30;
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const hash = keyedHash(envPiiKey());
const id18 = (i: number) => `4403${String(1_000_000_000_000 + i).slice(-13)}X`;
const popKey = (i: number) => matchKey({ kind: 'population', propertyId: 1, unit: `${i % 40}栋${1000 + (i % 997)}`, fields: { idNumber: id18(i) } }, hash);

interface Stat {
  p50: number;
  p99: number;
  mean: number;
}
function stat(ms: number[]): Stat {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length * 0.5)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))], mean: s.reduce((a, b) => a + b, 0) / s.length };
}
async function time(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<Stat> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return stat(out);
}
const f = (x: number) => x.toFixed(3);

async function fill(rt: Runtime) {
  const db = rt.core.db;
  const t = performance.now();
  for (let i = 0; i < KNOWN; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, KNOWN - i) }, (_, j) => ({ communityId: 1, kind: 'population', matchKey: popKey(i + j), label: `bench ${i + j}`, source: 'import' }));
    await db.insert(knownEntry).values(rows);
  }
  const [desk] = rowsOf<{ id: number }>(await db.execute(sql`select id from staff_user where username = 'desk'`));
  const deskId = Number(desk.id);
  for (let i = 0; i < OPEN; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, OPEN - i) }, (_, j) => {
      const n = KNOWN + i + j;
      return { communityId: 1, propertyId: 1 + (n % 3), companyId: n % 3 === 2 ? 2 : 1, kind: 'population', unit: `${n % 40}栋${1000 + (n % 997)}`, fields: { change: 'move_in', name: `测试${n}`, idNumber: id18(n) }, matchKey: popKey(n), observedOn: '2026-11-01', filedBy: deskId, filedByName: 'bench' };
    });
    await db.insert(gridRecord).values(rows);
  }
  await db.execute(sql`analyze`);
  console.error(`  filled ${KNOWN} known + ${OPEN} open in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function measure(label: string, rt: Runtime, raw: (q: string, params: unknown[]) => Promise<unknown>) {
  await fill(rt);
  const db = rt.core.db;
  // Half the incoming records are in the register, half are new; new ones also look at open records.
  const probe = (i: number) => (i % 2 ? i * 97 % KNOWN : KNOWN + OPEN + i);
  const app = await time(CHECKS, async (i) => {
    const k = popKey(probe(i));
    if (!(await findKnown(db, 1, 'population', k))) await pendingDuplicate(db, 1, 'population', k, null);
  });
  const rawDup = await time(CHECKS, (i) => raw('select id, label from known_entry where community_id = $1 and kind = $2 and match_key = $3', [1, 'population', popKey(probe(i))]));
  const idx = new KeyIndex();
  for (let i = 0; i < KNOWN; i++) idx.addKnown(popKey(i), { id: i, label: '' });
  const mem = await time(CHECKS, (i) => idx.check(popKey(probe(i))));

  const verifier: StaffPrincipal = { kind: 'staff', userId: 3, role: 'verifier', streetId: 1, communityId: 1, pointId: null, companyId: null };
  const svc = await time(LOADS, () => rt.services.gridQueries.board(verifier));
  const http = createServer();
  const appSrv = createApp(http, { runtime: rt });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'verifier', password: 'doorstep-demo' }) });
  const cookie = login.headers.getSetCookie()[0].split(';')[0];
  let bytes = 0;
  const viaHttp = await time(LOADS, async () => (bytes = (await (await fetch(`${base}/api/grid/board`, { headers: { cookie } })).arrayBuffer()).byteLength));
  await appSrv.close();
  http.closeAllConnections();
  await new Promise<void>((r) => http.close(() => r()));
  const rawBoard = await time(LOADS, () => raw("select * from grid_record where community_id = $1 and state in ('pending', 'needs_visit') order by id limit 200", [1]));
  return { label, app, rawDup, mem, svc, viaHttp, rawBoard, bytes };
}

function print(r: Awaited<ReturnType<typeof measure>>) {
  console.log(`\n## ${r.label}: duplicate check per incoming record (${KNOWN.toLocaleString()} known, ${OPEN.toLocaleString()} open; ${CHECKS} checks, half hits)`);
  console.log('| path | p50 ms | p99 ms | mean ms |\n| --- | --- | --- | --- |');
  console.log(`| app: HMAC key + register lookup + open-record lookup | ${f(r.app.p50)} | ${f(r.app.p99)} | ${f(r.app.mean)} |`);
  console.log(`| raw: one indexed SELECT on known_entry | ${f(r.rawDup.p50)} | ${f(r.rawDup.p99)} | ${f(r.rawDup.mean)} |`);
  console.log(`| in-memory KeyIndex (HMAC + Map) | ${f(r.mem.p50)} | ${f(r.mem.p99)} | ${f(r.mem.mean)} |`);
  console.log(`\n## ${r.label}: /verify initial board load (${OPEN.toLocaleString()} open records; oldest 200 shown; ${LOADS} loads)`);
  console.log('| path | p50 ms | p99 ms | mean ms |\n| --- | --- | --- | --- |');
  console.log(`| service: gridQueries.board (what the page load calls) | ${f(r.svc.p50)} | ${f(r.svc.p99)} | ${f(r.svc.mean)} |`);
  console.log(`| HTTP: GET /api/grid/board (${(r.bytes / 1024).toFixed(0)} KiB JSON) | ${f(r.viaHttp.p50)} | ${f(r.viaHttp.p99)} | ${f(r.viaHttp.mean)} |`);
  console.log(`| raw: SELECT 200 open rows | ${f(r.rawBoard.p50)} | ${f(r.rawBoard.p99)} | ${f(r.rawBoard.mean)} |`);
}

async function onPglite() {
  const dir = mkdtempSync(join(tmpdir(), 'ds-gridbench-'));
  const rt = await createRuntime(loadConfig({}, { dataDir: dir, databaseUrl: undefined, logLevel: 'silent' }));
  try {
    await seedDemo(rt.core.db);
    const pg = (rt.core.db as unknown as { $client: { query(q: string, p: unknown[]): Promise<unknown> } }).$client;
    print(await measure('pglite (disk)', rt, (q, p) => pg.query(q, p)));
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres() {
  const name = `ds_gridbench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (e) {
    await admin.end({ timeout: 5 });
    return console.error(`Postgres at ${PG_ADMIN} not usable (${(e as Error).message}); skipping it`);
  }
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
  let rt: Runtime | undefined;
  try {
    rt = await createRuntime(loadConfig({}, { databaseUrl: url.toString(), logLevel: 'silent' }));
    await seedDemo(rt.core.db);
    print(await measure('postgres', rt, (q, p) => client.unsafe(q, p as never[])));
  } finally {
    await client.end({ timeout: 5 });
    await rt?.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

async function main() {
  if (process.env.BENCH_ONLY !== 'postgres') await onPglite();
  if (process.env.BENCH_ONLY !== 'pglite') await onPostgres();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
