// `npm run bench:throughput`: sustained case transitions per second over HTTP (POST
// /api/cases/:id/transitions with Idempotency-Key: session, state machine, row lock, timeline, event,
// commit) with p50/p99 latency, at the same number of callers in flight, for
//   1 process (direct) · 1 process behind nginx · 2 processes behind nginx (Redis for cross-process fan-out)
// beside raw postgres.js `BEGIN; INSERT; COMMIT` (pool of 10, as each process's) on the same server.
// Each caller owns one case and moves it between submitted and needs_materials, so callers never wait
// on each other's row lock. Prints figures; asserts nothing.
//
// BENCH_OP=notice runs the same cells with board notices (POST /api/board/notices: session, idempotency
// key, event row, commit) instead of case transitions.
//
//   BENCH_CONCURRENCY (8,32)  BENCH_MS (10000 per cell)  BENCH_OP (transition | notice)  BENCH_PG_URL
//   REDIS_URL (redis://127.0.0.1:6379)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startNginx } from '../server/cluster/nginx';
import { closedLoop, RAW_TABLE_SQL, rawPostgres, type CellResult } from './events.bench';
import { f, freshDatabase, login, machine, startServer, table, type BenchServer } from './support/procs';

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const MS = Number(process.env.BENCH_MS ?? 10_000);
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OP = process.env.BENCH_OP === 'notice' ? 'notice' : 'transition';
const limits = { ms: MS, max: 1_000_000, warmup: 5 };

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Answers other than 201 per cell: counted, not thrown, so a failure rate is a figure too. */
const failures = new Map<string, Map<string, number>>();

/** Closed loop of transitions against `url`; `origin` is what the processes were configured with. */
async function transitions(url: string, origin: string, concurrency: number, label: string): Promise<CellResult> {
  const failed = new Map<string, number>();
  failures.set(label, failed);
  const cookie = await login(url, 'desk', origin);
  const headers = (key: string) => ({ origin, cookie, 'content-type': 'application/json', 'idempotency-key': key });
  if (OP === 'notice') return notices(url, headers, concurrency, label, failed);
  const cases: number[] = [];
  for (let i = 0; i < concurrency; i++) {
    const body = { itemCode: 'residence-proof', channel: 'desk', applicant: { name: '测试居民', phone: '13800000000', idNumber: '440304199001011234' }, materials: ['id_card'] };
    const r = await fetch(`${url}/api/cases`, { method: 'POST', headers: headers(`${label}-intake-${i}`), body: JSON.stringify(body) });
    if (r.status !== 201) throw new Error(`intake ${r.status} ${await r.text()}`);
    cases.push(((await r.json()) as { data: { caseId: number } }).data.caseId);
  }
  const free = [...cases];
  const step = new Map<number, number>();
  return closedLoop(concurrency, limits, async (i) => {
    const id = free.pop()!;
    const n = step.get(id) ?? 0;
    const body = n % 2 === 0 ? { action: 'request_materials', missing: ['户口簿'] } : { action: 'supply_materials' };
    const t0 = performance.now();
    try {
      const r = await fetch(`${url}/api/cases/${id}/transitions`, { method: 'POST', headers: headers(`${label}-${id}-${n}-${i}`), body: JSON.stringify(body) });
      if (r.status !== 201) {
        const code = `${r.status} ${((await r.json()) as { error?: { code: string } }).error?.code ?? ''}`;
        failed.set(code, (failed.get(code) ?? 0) + 1);
        return { ms: performance.now() - t0 };
      }
      await r.arrayBuffer();
      step.set(id, n + 1);
      return { ms: performance.now() - t0 };
    } finally {
      free.push(id);
    }
  });
}

function notices(url: string, headers: (k: string) => Record<string, string>, concurrency: number, label: string, failed: Map<string, number>) {
  return closedLoop(concurrency, limits, async (i) => {
    const t0 = performance.now();
    const r = await fetch(`${url}/api/board/notices`, { method: 'POST', headers: headers(`${label}-n-${i}`), body: JSON.stringify({ scope: 'point:1', text: `吞吐 ${i}` }) });
    await r.arrayBuffer();
    if (r.status !== 201) failed.set(String(r.status), (failed.get(String(r.status)) ?? 0) + 1);
    return { ms: performance.now() - t0 };
  });
}

async function main() {
  console.error(`bench:throughput: ${OP}s; ${CONCURRENCY.join(', ')} callers; ${MS / 1000} s per cell`);
  const db = await freshDatabase('tput');
  const nginxPort = await freePort();
  const origin = `http://127.0.0.1:${nginxPort}`;
  const prefix = mkdtempSync(join(tmpdir(), 'ds-bench-nginx-'));
  const servers: BenchServer[] = [];
  const raw = postgres(db.url, { max: 10, onnotice: () => {} });
  const rows: (string | number)[][] = [];
  let proxy: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    await raw.unsafe(RAW_TABLE_SQL);
    // One after the other: the first migrates and seeds.
    servers.push(await startServer({ BENCH_MODE: 'app', DATABASE_URL: db.url, ORIGIN: origin, REDIS_URL: REDIS }));
    servers.push(await startServer({ BENCH_MODE: 'app', DATABASE_URL: db.url, ORIGIN: origin, REDIS_URL: REDIS, BENCH_SEED: 'false' }));
    proxy = await startNginx({ listen: `127.0.0.1:${nginxPort}`, upstreams: [servers[0].url.slice(7)], prefix });
    const cells: [string, (c: number) => Promise<CellResult>][] = [
      ['raw INSERT+COMMIT', (c) => rawPostgres(raw, c, limits)],
      ['1 process, direct', (c) => transitions(servers[0].url, origin, c, `direct-${c}`)],
      ['1 process, nginx', (c) => transitions(origin, origin, c, `one-${c}`)]
    ];
    const results = new Map<string, CellResult>();
    for (const c of CONCURRENCY)
      for (const [name, cell] of cells) {
        const r = await cell(c);
        results.set(`${name}@${c}`, r);
        console.error(`  ${name} c=${c}: ${f(r.perSecond, 0)}/s p99 ${f(r.p99, 1)} ms`);
      }
    await proxy.stop();
    proxy = await startNginx({ listen: `127.0.0.1:${nginxPort}`, upstreams: servers.map((s) => s.url.slice(7)), prefix });
    for (const c of CONCURRENCY) {
      const r = await transitions(origin, origin, c, `two-${c}`);
      results.set(`2 processes, nginx@${c}`, r);
      console.error(`  2 processes c=${c}: ${f(r.perSecond, 0)}/s p99 ${f(r.p99, 1)} ms`);
    }
    for (const c of CONCURRENCY) {
      const base = results.get(`raw INSERT+COMMIT@${c}`)!;
      const labels: Record<string, string> = { '1 process, direct': `direct-${c}`, '1 process, nginx': `one-${c}`, '2 processes, nginx': `two-${c}` };
      for (const name of ['raw INSERT+COMMIT', '1 process, direct', '1 process, nginx', '2 processes, nginx']) {
        const r = results.get(`${name}@${c}`)!;
        const failed = [...(failures.get(labels[name]) ?? new Map()).entries()].map(([k, v]) => `${v}× ${k}`).join(', ') || '-';
        rows.push([name, c, f(r.perSecond, 0), f(r.p50, 2), f(r.p99, 2), `${f((100 * r.perSecond) / base.perSecond, 0)}%`, r.n, failed]);
      }
    }
  } finally {
    await proxy?.stop();
    await raw.end({ timeout: 5 });
    for (const s of servers) await s.stop();
    rmSync(prefix, { recursive: true, force: true });
    await db.drop();
  }
  console.log(`\n${OP === 'notice' ? 'Board notices' : 'Case transitions'} over HTTP vs raw INSERT+COMMIT, Postgres; ${machine()}\n`);
  console.log(table(['path', 'callers', 'per second', 'p50 ms', 'p99 ms', 'rate vs raw', 'n', 'not 201'], rows));
  console.log('\ngoal: ≥ 50% of the raw INSERT+COMMIT rate');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
