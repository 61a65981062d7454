// `npm run cluster`: N Doorstep processes (default 2) on one Postgres and one Redis, behind Debian's
// nginx on a loopback port, for local use. Ctrl-C stops everything and removes the temp directory.
//
//   DATABASE_URL        required: Postgres (PGlite is one process per data directory)
//   REDIS_URL           default redis://127.0.0.1:6379
//   CLUSTER_PORT        nginx's port on 127.0.0.1, default 8080
//   CLUSTER_PROCESSES   default 2
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNginx, startNginx } from '../server/cluster/nginx';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'npm run cluster needs DATABASE_URL (Postgres): several processes cannot share an embedded PGlite, which\n' +
      'allows one process per data directory. For one process on PGlite use `npm start`.\n' +
      'Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/doorstep npm run cluster'
  );
  process.exit(2);
}
if (!existsSync('build/handler.js')) {
  console.error('build/handler.js is missing: `npm run cluster` builds first; run it, or `npm run build`.');
  process.exit(2);
}
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const listenPort = Number(process.env.CLUSTER_PORT ?? 8080);
const count = Number(process.env.CLUSTER_PROCESSES ?? 2);
const origin = `http://127.0.0.1:${listenPort}`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** One `server/index.ts` process; resolves with its port once it listens. */
function startProcess(i: number, port: number, seed: boolean): Promise<ChildProcess> {
  const child = fork('server/index.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, DEMO_SEED: seed ? process.env.DEMO_SEED ?? 'true' : 'false' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc']
  });
  let printed = false;
  child.stdout!.on('data', (d: Buffer) => {
    // The first process prints the demo logins; the others' banners would repeat its URLs.
    if (i === 0 && !printed) process.stdout.write(String(d).replaceAll(`http://127.0.0.1:${port}`, origin));
    printed = true;
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`process ${i + 1} exited with ${code}`)));
  });
}

async function main() {
  const nginxBin = ensureNginx();
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-cluster-'));
  const children: ChildProcess[] = [];
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await nginx?.stop();
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGTERM'))))));
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    // One after the other: the first migrates and seeds an empty database before the others start.
    children.push(await startProcess(i, port, i === 0));
    ports.push(port);
  }
  nginx = await startNginx({ listen: `127.0.0.1:${listenPort}`, upstreams: ports.map((p) => `127.0.0.1:${p}`), prefix: dir }, nginxBin);
  console.log(`\nDoorstep cluster: ${count} processes (${ports.map((p) => `127.0.0.1:${p}`).join(', ')}) behind nginx at ${origin}`);
  console.log(`  database ${new URL(databaseUrl!).host}${new URL(databaseUrl!).pathname} · redis ${redisUrl} · nginx config ${join(dir, 'nginx.conf')}`);
  console.log('  Ctrl-C stops all of it.');
  for (const c of children) c.once('exit', (code) => stopping || console.error(`a Doorstep process exited (${code}); nginx sends its traffic to the others`));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
