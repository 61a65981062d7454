// `npm run bench:connections`: RSS and CPU of one server process holding 5,000 and then 10,000 idle
// board sockets (authenticated, subscribed, doing nothing but socket.io's 20 s pings), beside a bare
// socket.io server holding as many. The clients live in this process. Prints figures; asserts nothing.
//
//   BENCH_STEPS (5000,10000)  BENCH_IDLE_MS (20000: CPU is measured over this idle window)  BENCH_PG_URL
//
// Each process needs a file descriptor per socket: the script re-executes itself under a raised
// `ulimit -n` when the soft limit is too low.
import { execFileSync } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import { cpuSeconds, f, freshDatabase, login, machine, openClients, rssMiB, startServer, table } from './support/procs';

const STEPS = (process.env.BENCH_STEPS ?? '5000,10000').split(',').map(Number);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 20_000);
const need = Math.max(...STEPS) + 1000;

function softLimit(): number {
  return Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
}
if (softLimit() < need && !process.env.BENCH_ULIMIT_RAISED) {
  // Children inherit the limit: raise it in a shell, then run this script again inside it.
  execFileSync('sh', ['-c', `ulimit -n ${need} && exec "$0" "$@"`, process.execPath, ...process.execArgv, process.argv[1]], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_ULIMIT_RAISED: '1' }
  });
  process.exit(0);
}

interface Row {
  mode: string;
  sockets: number;
  rss: number;
  rssPerSocketKiB: number;
  idleCpuPct: number;
  connectS: number;
}

async function run(mode: 'app' | 'bare'): Promise<Row[]> {
  const db = mode === 'app' ? await freshDatabase('conns') : undefined;
  const server = await startServer(mode === 'app' ? { BENCH_MODE: 'app', DATABASE_URL: db!.url } : { BENCH_MODE: 'bare' });
  const cookie = mode === 'app' ? await login(server.url) : undefined;
  const clients: Socket[] = [];
  const rows: Row[] = [];
  try {
    const base = rssMiB(server.pid);
    for (const step of STEPS) {
      const t0 = Date.now();
      clients.push(...(await openClients(server.url, step - clients.length, { cookie, scope: 'point:1' }, 100)));
      const connectS = (Date.now() - t0) / 1000;
      const c0 = cpuSeconds(server.pid);
      await new Promise((r) => setTimeout(r, IDLE_MS)); // an idle window: nothing but pings
      const idleCpuPct = ((cpuSeconds(server.pid) - c0) / (IDLE_MS / 1000)) * 100;
      const rss = rssMiB(server.pid);
      rows.push({ mode, sockets: step, rss, rssPerSocketKiB: ((rss - base) * 1024) / step, idleCpuPct, connectS });
      console.error(`  ${mode} ${step}: RSS ${f(rss, 0)} MiB, idle CPU ${f(idleCpuPct, 1)} %`);
    }
    rows.unshift({ mode, sockets: 0, rss: base, rssPerSocketKiB: NaN, idleCpuPct: NaN, connectS: NaN });
    return rows;
  } finally {
    for (const c of clients) c.close();
    await server.stop();
    await db?.drop();
  }
}

async function main() {
  console.error(`bench:connections: ${STEPS.join(' then ')} idle board sockets; idle window ${IDLE_MS / 1000} s; ulimit -n ${softLimit()}`);
  const rows = [...(await run('app')), ...(await run('bare'))];
  console.log(`\nIdle board sockets on one process; ${machine()}\n`);
  console.log(
    table(
      ['server', 'sockets', 'RSS MiB', 'KiB per socket (over empty)', 'idle CPU % of a core', 'connect time s'],
      rows.map((r) => [r.mode, r.sockets, f(r.rss, 0), f(r.rssPerSocketKiB, 1), f(r.idleCpuPct, 1), f(r.connectS, 1)])
    )
  );
  const top = rows.filter((r) => r.mode === 'app').at(-1)!;
  console.log(`\napp at ${top.sockets} sockets: ${f(top.rss, 0)} MiB RSS (goal < 1024 MiB)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
