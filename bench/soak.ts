// `npm run bench:soak`: kiosks reconnecting every few seconds while boards update, on one server process
// (Postgres), with the server's memory sampled throughout; prints the samples and the trend (least-squares
// slope) of RSS and V8 heap, beside a bare socket.io server put through the same connection churn and
// broadcasts for the same time. Prints figures; asserts nothing.
//
//   BENCH_SOAK_MS (1800000 = 30 min)  BENCH_KIOSKS (100)  BENCH_BOARDS (200)  BENCH_RATE (notices/s, 20)
//   BENCH_SAMPLE_MS (10000)  BENCH_PG_URL
import type { Socket } from 'socket.io-client';
import { cpuSeconds, f, freshDatabase, login, machine, openClient, openClients, rssMiB, startServer, table, type BenchServer } from './support/procs';

const DURATION = Number(process.env.BENCH_SOAK_MS ?? 30 * 60_000);
const KIOSKS = Number(process.env.BENCH_KIOSKS ?? 100);
const BOARDS = Number(process.env.BENCH_BOARDS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SAMPLE = Number(process.env.BENCH_SAMPLE_MS ?? 10_000);

interface Sample {
  min: number;
  rss: number;
  heap: number;
  sockets: number;
  cpuPct: number;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : NaN;
}

async function heapMiB(server: BenchServer, mode: string): Promise<number> {
  if (mode !== 'app') return NaN; // the bare server has no /metrics
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = /^doorstep_nodejs_heap_size_used_bytes (\S+)/m.exec(text);
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

async function run(mode: 'app' | 'bare'): Promise<Sample[]> {
  const db = mode === 'app' ? await freshDatabase('soak') : undefined;
  const server = await startServer(mode === 'app' ? { BENCH_MODE: 'app', DATABASE_URL: db!.url } : { BENCH_MODE: 'bare' });
  const cookie = mode === 'app' ? await login(server.url) : undefined;
  let kioskToken: string | undefined;
  let kioskScope = 'kiosk:1';
  if (mode === 'app') {
    const { code } = (await (await fetch(`${server.url}/__bench/kiosk-code`, { method: 'POST' })).json()) as { code: string };
    const res = await fetch(`${server.url}/api/kiosk/pair`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const paired = (await res.json()) as { data: { token: string; kiosk: { pointId: number } } };
    kioskToken = paired.data.token;
    kioskScope = `kiosk:${paired.data.kiosk.pointId}`;
  }
  const boards: Socket[] = await openClients(server.url, BOARDS, { cookie, scope: 'point:1' }, 50);
  let stop = false;
  let reconnects = 0;
  let posted = 0;
  // Each kiosk: connect, stay 2–5 s, drop, again — as lobby screens on flaky links do.
  const kiosk = async () => {
    while (!stop) {
      const s = await openClient(server.url, { token: kioskToken, scope: kioskScope }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 2000 + Math.random() * 3000));
      s?.close();
      reconnects++;
    }
  };
  const writer = async () => {
    let i = 0;
    const every = 1000 / RATE;
    let next = performance.now();
    while (!stop) {
      const payload = { seq: ++i, type: 'board.notice.v1', scopes: ['point:1'], payload: { text: `soak ${i}`, by: '基准测试' }, at: new Date().toISOString() };
      const body = mode === 'app' ? { scope: 'point:1', text: `soak ${i}` } : { scope: 'point:1', payload };
      await fetch(`${server.url}/__bench/${mode === 'app' ? 'notice' : 'emit'}`, { method: 'POST', body: JSON.stringify(body) }).catch(() => {});
      posted++;
      next += every;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
  };
  const samples: Sample[] = [];
  const t0 = Date.now();
  const tasks = [...Array.from({ length: KIOSKS }, kiosk), writer()];
  let cpu = cpuSeconds(server.pid);
  try {
    while (Date.now() - t0 < DURATION) {
      await new Promise((r) => setTimeout(r, SAMPLE));
      const c = cpuSeconds(server.pid);
      samples.push({ min: (Date.now() - t0) / 60_000, rss: rssMiB(server.pid), heap: await heapMiB(server, mode), sockets: BOARDS + KIOSKS, cpuPct: ((c - cpu) / (SAMPLE / 1000)) * 100 });
      cpu = c;
      console.error(`  ${mode} ${f(samples.at(-1)!.min, 1)} min: RSS ${f(samples.at(-1)!.rss, 0)} MiB, heap ${f(samples.at(-1)!.heap, 0)} MiB, ${reconnects} kiosk reconnects, ${posted} notices`);
    }
  } finally {
    stop = true;
    await Promise.all(tasks);
    for (const b of boards) b.close();
    await server.stop();
    await db?.drop();
  }
  console.error(`  ${mode}: ${reconnects} kiosk reconnects, ${posted} notices in ${f(DURATION / 60_000, 1)} min`);
  return samples;
}

function trend(mode: string, s: Sample[]): (string | number)[] {
  const half = s.slice(Math.floor(s.length / 2));
  const xs = (a: Sample[]) => a.map((x) => x.min);
  return [
    mode,
    f(s[0]?.rss ?? NaN, 0),
    f(s.at(-1)?.rss ?? NaN, 0),
    f(slope(xs(s), s.map((x) => x.rss)), 2),
    f(slope(xs(half), half.map((x) => x.rss)), 2),
    f(slope(xs(s), s.map((x) => x.heap)), 2),
    f(slope(xs(half), half.map((x) => x.heap)), 2),
    f(s.reduce((a, x) => a + x.cpuPct, 0) / s.length, 0)
  ];
}

async function main() {
  console.error(`bench:soak: ${f(DURATION / 60_000, 1)} min per server; ${KIOSKS} kiosks reconnecting every 2–5 s, ${BOARDS} boards, ${RATE} notices/s; sample every ${SAMPLE / 1000} s`);
  const app = await run('app');
  const bare = await run('bare');
  console.log(`\nSoak: ${f(DURATION / 60_000, 1)} min each; ${KIOSKS} kiosks reconnecting every 2–5 s, ${BOARDS} board sockets, ${RATE} notices/s; ${machine()}\n`);
  console.log(table(['minute', 'app RSS MiB', 'app heap MiB', 'app CPU %', 'bare RSS MiB', 'bare CPU %'], app.map((a, i) => [f(a.min, 1), f(a.rss, 0), f(a.heap, 0), f(a.cpuPct, 0), f(bare[i]?.rss ?? NaN, 0), f(bare[i]?.cpuPct ?? NaN, 0)])));
  console.log('');
  console.log(table(['server', 'RSS first MiB', 'RSS last MiB', 'RSS slope MiB/min', 'RSS slope, 2nd half', 'heap slope MiB/min', 'heap slope, 2nd half', 'mean CPU %'], [trend('app', app), trend('bare', bare)]));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
