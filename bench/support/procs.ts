// Shared plumbing for the load benchmarks: server processes, throw-away Postgres databases, many
// socket.io clients, and /proc readings (RSS, CPU) of another process.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { io, type Socket } from 'socket.io-client';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const now = () => performance.timeOrigin + performance.now();

// Ctrl-C still runs the 'exit' hooks below, which end the server processes this benchmark started.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

export interface BenchServer {
  url: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** bench/support/server.ts in a process of its own (app or bare), resolved once it listens. */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const child = fork('bench/support/server.ts', [], {
    cwd: ROOT,
    // BENCH_SERVER_FLAGS: V8/Node flags for the servers only (the load generator keeps its own), e.g. GC sizes.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { port?: number }) => m.port && resolve(m.port));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    process: child,
    async stop() {
      process.off('exit', orphan);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  };
}

export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ds_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    }
  };
}

export async function login(url: string, username = 'desk', origin = url): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'doorstep-demo' })
  });
  if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export interface ClientOptions {
  cookie?: string;
  token?: string;
  scope: string;
  origin?: string;
}

/** One board socket, subscribed; rejects on a refused handshake or subscription. */
export async function openClient(url: string, o: ClientOptions): Promise<Socket> {
  const headers: Record<string, string> = { origin: o.origin ?? url };
  if (o.cookie) headers.cookie = o.cookie;
  const s = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers, auth: { protocol: 1, ...(o.token ? { token: o.token } : {}) } });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (e) => reject(e));
  });
  const ack = (await s.timeout(30_000).emitWithAck('board:subscribe', { scope: o.scope })) as { data?: unknown; error?: unknown };
  if (!ack.data) throw new Error(`subscribe: ${JSON.stringify(ack)}`);
  return s;
}

/** n clients, `parallel` handshakes at a time. */
export async function openClients(url: string, n: number, o: ClientOptions, parallel = 100): Promise<Socket[]> {
  const out: Socket[] = [];
  let next = 0;
  const lane = async () => {
    while (next < n) {
      next++;
      out.push(await openClient(url, o));
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return out;
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU seconds (user + system) a process has used. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/**
 * CPU seconds used so far by each process group of a run: the given server processes, every Postgres
 * process (backends, WAL writer, checkpointer), nginx, and this process (the load generator).
 */
export function cpuGroups(servers: number[]): { server: number; client: number; nginx: number; postgres: number } {
  const out = { server: 0, client: cpuSeconds(process.pid), nginx: 0, postgres: 0 };
  for (const pid of servers) out.server += cpuSeconds(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const group = comm.startsWith('postgres') ? 'postgres' : comm.startsWith('nginx') ? 'nginx' : undefined;
      if (group) out[group] += cpuSeconds(Number(entry));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out;
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? '?'}; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${new Date().toISOString()}`;
}

export function table(head: string[], rows: (string | number)[][]): string {
  return [head, head.map(() => '---'), ...rows.map((r) => r.map(String))].map((l) => `| ${l.join(' | ')} |`).join('\n');
}
