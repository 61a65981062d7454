// Several real processes for the scale tests: a private redis-server (so a test can stop it) and
// Doorstep nodes (tests/support/cluster-node.ts) on one database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from './server';
import { waitFor } from './wait';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** redis-server on a port of its own, nothing kept on disk. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await waitFor(() => /Ready to accept connections/.test(out), 10_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      const c = child!;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    }
  };
}

/**
 * A TCP link that a test can cut, restore and point elsewhere: one process losing Redis or Postgres
 * while the others keep it, or a load balancer sending a client to another process. Its URL is the
 * target's with the link's port.
 */
export interface Link {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  retarget(target: string): void;
}

export async function startLink(target: string): Promise<Link> {
  let to = new URL(target);
  const port = await freePort();
  const open = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(Number(to.port), to.hostname);
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        open.delete(s);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen();
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString().replace(/\/$/, ''),
    async cut() {
      const closed = new Promise((r) => server.close(r));
      for (const s of open) s.destroy();
      await closed;
    },
    restore: listen,
    retarget(next) {
      to = new URL(next);
    }
  };
}

export interface Node extends Pick<TestServer, 'url' | 'origin' | 'wsUrl'> {
  process: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

let bundled: Promise<string[]> | undefined;

/**
 * cluster-node.ts bundled once per test process with esbuild (installed with tsx, which runs on it): a
 * process then starts in about half the time it takes through tsx's loader hooks, which matters for
 * tests that restart a server twenty times. Packages stay external, resolved from node_modules. Without
 * esbuild, plain tsx.
 */
function nodeArgs(): Promise<string[]> {
  bundled ??= (async () => {
    try {
      const { build } = await import('esbuild');
      const dir = join(ROOT, 'node_modules', '.cache', 'doorstep-tests');
      mkdirSync(dir, { recursive: true });
      const out = await build({ entryPoints: [join(ROOT, 'tests/support/cluster-node.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', sourcemap: 'inline', write: false, logLevel: 'warning' });
      const code = out.outputFiles[0].contents;
      // Named by content: test files running side by side share one bundle, and renaming makes it whole.
      const outfile = join(dir, `cluster-node-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
      if (!existsSync(outfile)) {
        const tmp = `${outfile}.${process.pid}.tmp`;
        writeFileSync(tmp, code);
        renameSync(tmp, outfile);
      }
      for (const f of readdirSync(dir)) if (join(dir, f) !== outfile && Date.now() - statSync(join(dir, f)).mtimeMs > 3_600_000) rmSync(join(dir, f), { force: true });
      return ['--enable-source-maps', outfile];
    } catch {
      return ['--import', 'tsx', 'tests/support/cluster-node.ts'];
    }
  })();
  return bundled;
}

export async function startNode(env: Record<string, string>): Promise<Node> {
  const child = spawn(process.execPath, await nodeArgs(), {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO_SEED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { port?: number }) => m.port && resolve(m.port));
    child.once('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    wsUrl: `ws://127.0.0.1:${port}`,
    process: child,
    output: () => out,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    }
  };
}

/** A session cookie from any node: sessions live in the database, so every node honours it. */
export async function loginAt(node: Pick<Node, 'origin'>, username: string): Promise<string> {
  const res = await fetch(`${node.origin}/api/auth/login`, {
    method: 'POST',
    headers: { origin: node.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'doorstep-demo' })
  });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function postNotice(node: Pick<Node, 'origin'>, cookie: string, text: string, scope = 'point:1'): Promise<number> {
  const res = await fetch(`${node.origin}/api/board/notices`, {
    method: 'POST',
    headers: { origin: node.origin, cookie, 'content-type': 'application/json', 'idempotency-key': `notice-${text}`.replace(/[^\w-]/g, '_').padEnd(8, '_') },
    body: JSON.stringify({ scope, text })
  });
  if (res.status !== 201) throw new Error(`notice ${res.status} ${await res.text()}`);
  return res.status;
}
