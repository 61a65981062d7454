// `npm run bench:fanout`: one event to every client of a 1,000-client board. Doorstep (a board notice
// committed through the notice service → dispatcher reads the table → socket.io room) beside a bare
// socket.io server broadcasting the same wire payload to a room of the same size, each in a process of
// its own, the clients in this one. Latency = client receipt − commit (app) or − the emit call (bare),
// on one clock (performance.timeOrigin + now). Prints figures; asserts nothing.
//
//   BENCH_CLIENTS (1000)  BENCH_EVENTS (40, after 5 warm-up)  BENCH_PG_URL (admin URL; a fresh database is used)
import type { Socket } from 'socket.io-client';
import { cpuSeconds, f, freshDatabase, login, machine, now, openClients, quantile, startServer, table } from './support/procs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40);
const WARMUP = 5;

interface Result {
  mode: string;
  /** every delivery: client receipt − commit/emit */
  all: number[];
  /** per event: the last client's receipt − commit/emit */
  last: number[];
  cpu: number;
}

let template: Record<string, unknown> | undefined;

async function run(mode: 'app' | 'bare'): Promise<Result> {
  const db = mode === 'app' ? await freshDatabase('fanout') : undefined;
  const server = await startServer(mode === 'app' ? { BENCH_MODE: 'app', DATABASE_URL: db!.url } : { BENCH_MODE: 'bare' });
  const cookie = mode === 'app' ? await login(server.url) : undefined;
  let clients: Socket[] = [];
  try {
    const t0 = Date.now();
    clients = await openClients(server.url, CLIENTS, { cookie, scope: 'point:1' }, 50);
    console.error(`  ${mode}: ${CLIENTS} clients connected in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    let key = '';
    let times: number[] = [];
    for (const c of clients)
      c.on('board:event', (e: { payload: { text: string } }) => {
        if (e.payload.text !== key) return;
        times.push(now());
        template ??= e as unknown as Record<string, unknown>;
      });
    const all: number[] = [];
    const last: number[] = [];
    const cpu0 = cpuSeconds(server.pid);
    for (let i = 0; i < WARMUP + EVENTS; i++) {
      key = `fanout-${mode}-${i}`;
      times = [];
      const payload = { ...template, seq: i + 1, payload: { text: key, by: '基准测试' } };
      const res = await fetch(`${server.url}/__bench/${mode === 'app' ? 'notice' : 'emit'}`, {
        method: 'POST',
        body: JSON.stringify(mode === 'app' ? { scope: 'point:1', text: key } : { scope: 'point:1', payload })
      });
      const { at } = (await res.json()) as { at: number };
      const deadline = Date.now() + 15_000;
      while (times.length < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      if (times.length < CLIENTS) throw new Error(`${mode}: event ${i} reached ${times.length}/${CLIENTS} clients`);
      if (i < WARMUP) continue;
      const lat = times.map((t) => t - at);
      all.push(...lat);
      last.push(Math.max(...lat));
    }
    const cpu = cpuSeconds(server.pid) - cpu0;
    return { mode, all: all.sort((a, b) => a - b), last: last.sort((a, b) => a - b), cpu };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
    await db?.drop();
  }
}

async function main() {
  console.error(`bench:fanout: ${CLIENTS} clients on one board, ${EVENTS} events (+${WARMUP} warm-up), one at a time`);
  // The app first: its first event is the template for the bare server's payload (same size on the wire).
  const app = await run('app');
  const bare = await run('bare');
  console.log(`\nFan-out to ${CLIENTS} clients of one board (socket.io, WebSocket), Postgres; ${machine()}\n`);
  const row = (r: Result) => [r.mode, f(quantile(r.all, 0.5), 2), f(quantile(r.all, 0.99), 2), f(quantile(r.last, 0.5), 2), f(quantile(r.last, 0.99), 2), f(r.cpu, 2), String(r.last.length)];
  console.log(table(['path', 'delivery p50 ms', 'delivery p99 ms', 'all-received p50 ms', 'all-received p99 ms', 'server CPU s', 'events'], [row(app), row(bare)]));
  const ratio = quantile(app.all, 0.99) / quantile(bare.all, 0.99);
  console.log(`\ndelivery p99 app/bare: ${f(ratio, 2)}× (goal ≤ 1.5×); all-received p99 app/bare: ${f(quantile(app.last, 0.99) / quantile(bare.last, 0.99), 2)}×`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
