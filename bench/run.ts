// `npm run bench`: event write+publish rate and latency on PGlite and on Postgres, beside a raw
// INSERT+COMMIT baseline measured in the same run. Prints figures; asserts nothing.
//
//   BENCH_PG_URL   admin URL of a Postgres server (default postgres://postgres@127.0.0.1:5432/postgres);
//                  a fresh database ds_bench_<rand> is created there and dropped afterwards
//   BENCH_MS       time box per cell in ms (default 3000)    BENCH_MAX   calls per cell at most (default 3000)
//   BENCH_ONLY     pglite | postgres  (default both)
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { loadConfig } from '../src/lib/server/config';
import { createRuntime, type Runtime } from '../src/lib/server/runtime/runtime';
import { casePath } from './cases.bench';
import { appPath, RAW_TABLE_SQL, rawPglite, rawPostgres, type CellLimits, type CellResult } from './events.bench';

const CONCURRENCY = [1, 8, 32];
const limits: CellLimits = { ms: Number(process.env.BENCH_MS ?? 3000), max: Number(process.env.BENCH_MAX ?? 3000), warmup: 20 };
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = process.env.BENCH_ONLY;

interface Row {
  db: string;
  c: number;
  app: CellResult;
  raw: CellResult;
  /** case transitions through the case service, timed to the commit */
  cases: CellResult;
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

function table(rows: Row[]): string {
  const head = ['db', 'conc', 'app ev/s', 'app p50 ms', 'app p99 ms', 'app commit p50 ms', 'raw ev/s', 'raw p50 ms', 'raw p99 ms', 'p50 ratio app/raw', 'rate ratio raw/app', 'n app/raw'];
  const lines = rows.map((r) => [
    r.db,
    String(r.c),
    f(r.app.perSecond, 0),
    f(r.app.p50, 2),
    f(r.app.p99, 2),
    f(r.app.commitP50 ?? NaN, 2),
    f(r.raw.perSecond, 0),
    f(r.raw.p50, 2),
    f(r.raw.p99, 2),
    `${f(r.app.p50 / r.raw.p50, 2)}x`,
    `${f(r.raw.perSecond / r.app.perSecond, 2)}x`,
    `${r.app.n}/${r.raw.n}`
  ]);
  return [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
}

function casesTable(rows: Row[]): string {
  const head = ['db', 'conc', 'transitions/s', 'p50 ms', 'p99 ms', 'raw ev/s', 'raw p50 ms', 'rate vs raw', 'n'];
  const lines = rows.map((r) => [r.db, String(r.c), f(r.cases.perSecond, 0), f(r.cases.p50, 2), f(r.cases.p99, 2), f(r.raw.perSecond, 0), f(r.raw.p50, 2), `${f((100 * r.cases.perSecond) / r.raw.perSecond, 0)}%`, String(r.cases.n)]);
  return [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
}

async function cells(db: string, rt: Runtime, raw: (c: number) => Promise<CellResult>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of CONCURRENCY) {
    // Raw first, then the app path, each at the same concurrency on the same database.
    const r = await raw(c);
    const a = await appPath(rt, `${db}-${randomBytes(3).toString('hex')}`, c, limits);
    const k = await casePath(rt, `${db}-${randomBytes(3).toString('hex')}`, c, limits);
    rows.push({ db, c, app: a, raw: r, cases: k });
    console.error(`  ${db} c=${c}: app ${f(a.perSecond, 0)} ev/s p50 ${f(a.p50, 2)} ms · raw ${f(r.perSecond, 0)} ev/s p50 ${f(r.p50, 2)} ms`);
  }
  return rows;
}

async function onPglite(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ds-bench-'));
  // On disk with full durability, as the product runs it (no relaxedDurability).
  const rt = await createRuntime(loadConfig({}, { dataDir: dir, databaseUrl: undefined, logLevel: 'silent' }));
  try {
    const pg = (rt.core.db as unknown as { $client: PGlite }).$client;
    await pg.exec(RAW_TABLE_SQL);
    return await cells('pglite', rt, (c) => rawPglite(pg, c, limits));
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Row[]> {
  const name = `ds_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (e) {
    await admin.end({ timeout: 5 });
    console.error(`Postgres at ${PG_ADMIN} not usable (${(e as Error).message}); skipping it`);
    return [];
  }
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  let rt: Runtime | undefined;
  // The same pool size as the runtime's (openDatabase's default of 10).
  const sql = postgres(url.toString(), { max: 10, onnotice: () => {} });
  try {
    rt = await createRuntime(loadConfig({}, { databaseUrl: url.toString(), logLevel: 'silent' }));
    await sql.unsafe(RAW_TABLE_SQL);
    return await cells('postgres', rt, (c) => rawPostgres(sql, c, limits));
  } finally {
    await sql.end({ timeout: 5 });
    await rt?.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

async function main() {
  const started = Date.now();
  console.error(`bench: concurrency ${CONCURRENCY.join(', ')}; per cell ${limits.ms} ms or ${limits.max} calls, after ${limits.warmup} warm-up calls per loop`);
  const rows: Row[] = [];
  if (only !== 'postgres') rows.push(...(await onPglite()));
  if (only !== 'pglite') rows.push(...(await onPostgres()));
  const cpu = cpus();
  console.log(`\nEvent write+publish (app: command() → dispatcher listener) vs raw INSERT+COMMIT`);
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}; node ${process.version}; ${new Date().toISOString()}\n`);
  console.log(table(rows));
  console.log(`\nCase transitions (case service: state machine, row lock, timeline, event, idempotency key → commit) vs the same raw INSERT+COMMIT\n`);
  console.log(casesTable(rows));
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
