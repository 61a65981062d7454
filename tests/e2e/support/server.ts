// Starts the built app the way production does (server/index.ts over build/handler.js, port 0) on a fresh
// PGlite directory (a copy of the run's migrated template, tests/support/pglite-template.ts) or — for the
// files whose outcome depends on the database under concurrency (`postgres: true`), when E2E_DATABASE_URL
// is set — on a fresh Postgres database made for it. Every browser file runs once, on one of the two.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { seedDataDir } from '../../support/pglite-template';

export interface RunningServer {
  url: string;
  port: number;
  /** the demo kiosk's pairing code printed at start, when the demo seed ran */
  pairingCode: string | undefined;
  database: 'pglite' | 'postgres';
  /** everything the process printed so far (stdout and stderr) */
  output(): string;
  /** SIGTERM, wait for the exit, then remove the data directory or drop the database */
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** false: start on an empty PGlite directory (initdb and every migration), as a first `npm start` does */
  seedDataDir?: boolean;
  /** on a fresh Postgres database of E2E_DATABASE_URL, when it is set */
  postgres?: boolean;
  /** ms to wait for the ready message */
  timeoutMs?: number;
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

// A test runner that dies mid-file must not leave servers behind holding ports and data directories.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** A throw-away database on the server of `adminUrl`; `drop()` removes it, ending its connections. */
export async function freshPgDatabase(adminUrl: string, prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const run = async (q: string) => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(q);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  await run(`create database "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), name, drop: () => run(`drop database if exists "${name}" with (force)`) };
}

export async function startServer(o: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(join(ROOT, 'build/handler.js'))) throw new Error('build/handler.js is missing: run `npm run build` (npm test does) first');
  const pgAdmin = o.postgres ? process.env.E2E_DATABASE_URL : undefined;
  const pg = pgAdmin ? await freshPgDatabase(pgAdmin, 'ds_e2e') : undefined;
  const dataDir = pg ? undefined : mkdtempSync(join(tmpdir(), 'ds-e2e-'));
  if (dataDir && o.seedDataDir !== false) seedDataDir(dataDir);
  const cleanup = async () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (pg) await pg.drop();
  };
  try {
    return await launch(o, pg?.url, dataDir, cleanup);
  } catch (e) {
    await cleanup();
    throw e;
  }
}

async function launch(o: StartOptions, databaseUrl: string | undefined, dataDir: string | undefined, cleanup: () => Promise<void>): Promise<RunningServer> {
  // The `npm start` defaults (no ORIGIN) on a port the kernel picks; the server reports it.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn', DEMO_SEED: 'true', DEMO_ACTIVITY: 'false' };
  // Whatever the runner's environment says, the server gets exactly one database.
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  delete env.ORIGIN;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.DATA_DIR = dataDir;
  Object.assign(env, o.env);

  // node itself, not npx: SIGTERM reaches the server rather than a wrapper. The IPC channel carries
  // the server's { ready, port } message.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  live.add(child);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      live.delete(child);
      r();
    })
  );
  const timeoutMs = o.timeoutMs ?? READY_TIMEOUT_MS;

  let listening: number;
  try {
    listening = await new Promise<number>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`server not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
      child.on('message', (m: { ready?: boolean; port?: number }) => {
        if (m?.ready && typeof m.port === 'number') {
          clearTimeout(timer);
          resolveReady(m.port);
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`server exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${out}`));
      });
    });
  } catch (e) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw e;
  }

  // The banner is printed just before the ready message; wait for the whole of it.
  const deadline = Date.now() + 2_000;
  while (!/listening on http:\/\/\S+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? `http://127.0.0.1:${listening}`;
  const pairingCode = /pairing code[^:]*:\s*(\S+)/i.exec(out)?.[1];

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: listening,
    pairingCode,
    database: databaseUrl ? 'postgres' : 'pglite',
    output: () => out,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }
        await cleanup();
      })();
      return stopped;
    }
  };
}
