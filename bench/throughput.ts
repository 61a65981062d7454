// `npm run bench:throughput`: sustained case transitions per second over HTTP (POST
// /api/cases/:id/transitions with Idempotency-Key: session, state machine, row lock, timeline, event,
// commit) with p50/p99 latency, at the same number of callers in flight, for
//   1 process (direct) · 1 process behind nginx · 2 processes behind nginx (Redis for cross-process fan-out)
// beside three baselines measured in the same run:
//   raw INSERT+COMMIT    postgres.js `BEGIN; INSERT; COMMIT` of one event-shaped row (pool of 10, as each
//                        process's) — the yardstick;
//   same SQL by hand     the transition's own statements written by hand with postgres.js, pipelined as
//                        the app pipelines them (bench/support/transition-sql.ts): what the data model costs;
//   HTTP floor           the same client and request against the app process answering 201 with no
//                        express and no database: what one HTTP request costs on this machine.
// Each caller owns one case and moves it between submitted and needs_materials, so callers never wait
// on each other's row lock. For every cell, the CPU each process group used per operation (server
// processes, the load generator, nginx, Postgres) read from /proc: on 2 shared cores it says where a
// transition's time goes; and for the app cells, how many case steps each group-committed transaction
// carried (services/case.batch.ts, read from the servers' /metrics). Prints figures; asserts nothing.
//
// BENCH_OP=notice runs the app cells with board notices (POST /api/board/notices: session, idempotency
// key, event row, commit) instead of case transitions.
//
//   BENCH_CONCURRENCY (8,32,128)  BENCH_MS (10000 per cell)  BENCH_OP (transition | notice)  BENCH_PG_URL
//   REDIS_URL (redis://127.0.0.1:6379)  BENCH_SERVER_FLAGS (Node flags for the servers only, e.g. --max-semi-space-size=32)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startNginx } from '../server/cluster/nginx';
import { closedLoop, RAW_TABLE_SQL, rawPostgres, type CellResult } from './events.bench';
import { postJson } from './support/http';
import { cpuGroups, f, freshDatabase, login, machine, startServer, table, type BenchServer } from './support/procs';
import { handTransitions } from './support/transition-sql';

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '8,32,128').split(',').map(Number);
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

const INTAKE = { itemCode: 'residence-proof', channel: 'desk', applicant: { name: '测试居民', phone: '13800000000', idNumber: '440304199001011284' }, materials: ['id_card'] };

async function deskHeaders(url: string, origin: string) {
  const cookie = await login(url, 'desk', origin);
  // Keys are [\w-]{8,100}: cell labels carry spaces and commas.
  return (key: string) => ({ origin, cookie, 'idempotency-key': `k-${key.replace(/[^\w-]/g, '_')}` });
}

/** `n` new cases taken in through the API: one per caller. */
async function newCases(url: string, origin: string, n: number, label: string): Promise<number[]> {
  const headers = await deskHeaders(url, origin);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await postJson(`${url}/api/cases`, headers(`${label}-intake-${i}`), INTAKE);
    if (r.status !== 201) throw new Error(`intake ${r.status} ${JSON.stringify(r.json())}`);
    ids.push((r.json() as { data: { caseId: number } }).data.caseId);
  }
  return ids;
}

/** Closed loop of transitions (or notices) against `url`; `origin` is what the processes were configured with. */
async function overHttp(url: string, origin: string, concurrency: number, label: string): Promise<CellResult> {
  const failed = new Map<string, number>();
  failures.set(label, failed);
  const headers = await deskHeaders(url, origin);
  const count = (status: number, body: () => any) => {
    const code = `${status} ${status >= 400 ? ((body() as { error?: { code: string } }).error?.code ?? '') : ''}`.trim();
    failed.set(code, (failed.get(code) ?? 0) + 1);
  };
  if (OP === 'notice') {
    return closedLoop(concurrency, limits, async (i) => {
      const t0 = performance.now();
      const r = await postJson(`${url}/api/board/notices`, headers(`${label}-n-${i}`), { scope: 'point:1', text: `吞吐 ${i}` });
      if (r.status !== 201) count(r.status, r.json);
      return { ms: performance.now() - t0 };
    });
  }
  const free = await newCases(url, origin, concurrency, label);
  const step = new Map<number, number>();
  return closedLoop(concurrency, limits, async (i) => {
    const id = free.pop()!;
    const n = step.get(id) ?? 0;
    const body = n % 2 === 0 ? { action: 'request_materials', missing: ['户口簿'] } : { action: 'supply_materials' };
    const t0 = performance.now();
    try {
      const r = await postJson(`${url}/api/cases/${id}/transitions`, headers(`${label}-${id}-${n}-${i}`), body);
      if (r.status === 201) step.set(id, n + 1);
      else count(r.status, r.json);
      return { ms: performance.now() - t0 };
    } finally {
      free.push(id);
    }
  });
}

/** The HTTP floor: the same client, headers and body size against a handler that only answers. */
function httpFloor(url: string, origin: string, concurrency: number): Promise<CellResult> {
  const body = { action: 'request_materials', missing: ['户口簿'] };
  return closedLoop(concurrency, limits, async (i) => {
    const t0 = performance.now();
    const r = await postJson(`${url}/__bench/noop`, { origin, cookie: 'ds_session=0123456789abcdef0123456789abcdef', 'idempotency-key': `floor-${i}-0123456789` }, body);
    if (r.status !== 201) throw new Error(`noop ${r.status}`);
    return { ms: performance.now() - t0 };
  });
}

interface Row {
  r: CellResult;
  cpu: ReturnType<typeof cpuGroups>;
  inProcess: boolean;
  /** case steps per group-committed transaction over the cell (services/case.batch.ts), from /metrics */
  perCommit: number;
}

/** Group commits so far, summed over these servers: transactions and the case steps in them. */
async function batches(urls: string[]): Promise<{ count: number; commands: number }> {
  const out = { count: 0, commands: 0 };
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}\\{command="case.transition"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    out.count += value('doorstep_batch_commands_count');
    out.commands += value('doorstep_batch_commands_sum');
  }
  return out;
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
    const [{ id: deskId }] = await raw<{ id: number }[]>`select id from staff_user where username = 'desk'`;
    const direct = servers[0].url;
    proxy = await startNginx({ listen: `127.0.0.1:${nginxPort}`, upstreams: [direct.slice(7)], prefix });
    const one = (fn: (c: number) => Promise<CellResult>, inProcess = false) => ({ fn, inProcess, pids: inProcess ? [] : [servers[0].pid] });
    const cells: [string, ReturnType<typeof one>][] = [
      ['raw INSERT+COMMIT', one((c) => rawPostgres(raw, c, limits), true)],
      ...(OP === 'transition'
        ? [['same SQL by hand', one(async (c) => handTransitions(raw, await newCases(direct, origin, c, `hand-${c}`), deskId, c, limits, `hand-${c}`), true)] as [string, ReturnType<typeof one>]]
        : []),
      ['HTTP floor, no database', one((c) => httpFloor(direct, origin, c))],
      ['1 process, direct', one((c) => overHttp(direct, origin, c, `1 process, direct@${c}`))],
      ['1 process, nginx', one((c) => overHttp(origin, origin, c, `1 process, nginx@${c}`))]
    ];
    const results = new Map<string, Row>();
    const urls = servers.map((s) => s.url);
    const measure = async (name: string, c: number, pids: number[], inProcess: boolean, fn: () => Promise<CellResult>) => {
      const [before, b0] = [cpuGroups(pids), await batches(urls)];
      const r = await fn();
      const [after, b1] = [cpuGroups(pids), await batches(urls)];
      const cpu = { server: after.server - before.server, client: after.client - before.client, nginx: after.nginx - before.nginx, postgres: after.postgres - before.postgres };
      results.set(`${name}@${c}`, { r, cpu, inProcess, perCommit: (b1.commands - b0.commands) / (b1.count - b0.count) });
      console.error(`  ${name} c=${c}: ${f(r.perSecond, 0)}/s p99 ${f(r.p99, 1)} ms`);
    };
    for (const c of CONCURRENCY) for (const [name, cell] of cells) await measure(name, c, cell.pids, cell.inProcess, () => cell.fn(c));
    await proxy.stop();
    proxy = await startNginx({ listen: `127.0.0.1:${nginxPort}`, upstreams: servers.map((s) => s.url.slice(7)), prefix });
    for (const c of CONCURRENCY) await measure('2 processes, nginx', c, servers.map((s) => s.pid), false, () => overHttp(origin, origin, c, `2 processes, nginx@${c}`));
    const names = [...cells.map(([name]) => name), '2 processes, nginx'];
    for (const c of CONCURRENCY) {
      const base = results.get(`raw INSERT+COMMIT@${c}`)!.r;
      for (const name of names) {
        const { r, cpu, inProcess, perCommit } = results.get(`${name}@${c}`)!;
        const failed = [...(failures.get(`${name}@${c}`) ?? new Map()).entries()].map(([k, v]) => `${v}× ${k}`).join(', ') || '-';
        // CPU ms per operation (warm-up included, n counts only the measured calls; the difference is ≤ 5 calls).
        const per = (sec: number) => f((1000 * sec) / r.n, 2);
        const node = inProcess ? `- / ${per(cpu.client)}` : `${per(cpu.server)} / ${per(cpu.client)}`;
        rows.push([name, c, f(r.perSecond, 0), f(r.p50, 2), f(r.p99, 2), `${f((100 * r.perSecond) / base.perSecond, 0)}%`, `${node} / ${per(cpu.nginx)} / ${per(cpu.postgres)}`, f(perCommit, 1), r.n, failed]);
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
  console.log(table(['path', 'callers', 'per second', 'p50 ms', 'p99 ms', 'rate vs raw', 'CPU ms/op: server / client / nginx / postgres', 'steps per commit', 'n', 'not 201'], rows));
  console.log('\ngoal: ≥ 50% of the raw INSERT+COMMIT rate');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
