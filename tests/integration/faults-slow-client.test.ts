// Promise 6 — a slow client cannot grow the server's memory without bound. A board client stops
// reading (its TCP socket paused: the kernel buffers fill, then the server's) while events keep coming.
// The server cuts it once what it holds for that client passes SOCKET_SEND_BUFFER_BYTES; a healthy
// board on the same scope is unaffected; the slow one, once it reads again, sees the cut, reconnects and
// resumes from its last seq with no gap and no duplicate.
import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingBytes } from '../../server/gateways/backpressure';
import { transact } from '../../src/lib/server/services/uow';
import { scopeSeqs } from '../support/cluster-faults';
import { startTestServer, type TestServer } from '../support/server';
import { collect, connectSocket, subscribe, type BoardClient } from '../support/socket';
import { waitFor } from '../support/wait';

const LIMIT = 64 * 1024;
const PER_BATCH = 20;
// Large events (~15 KB) so the kernel's socket buffers on loopback (several MB) fill in a few bursts.
const TEXT = '系统维护通知：'.repeat(720);

function rawSocketOf(client: BoardClient): NetSocket {
  const transport = (client.io.engine as unknown as { transport: { ws: { _socket: NetSocket } } }).transport;
  return transport.ws._socket;
}

describe('a board client that stops reading', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { sendBufferBytes: LIMIT } });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** One transaction, PER_BATCH notice events: a burst reaches the gateway as one dispatch. */
  async function burst(n: number) {
    await transact(server.runtime.core, 'test', async (_tx, emit) => {
      for (let i = 0; i < PER_BATCH; i++) emit('board.notice.v1', ['point:1'], { text: `${n}-${i} ${TEXT}`, by: 'test' });
    });
    await server.runtime.core.bus.flush();
  }

  it('is cut past the buffer limit, others keep receiving, and it resumes from its seq with no gap', async () => {
    const cookie = await server.login('desk');
    const slow = await connectSocket(server, { cookie });
    const slowGot = collect(slow);
    const first = await subscribe(slow, 'point:1');
    if (!('data' in first)) throw new Error(JSON.stringify(first));
    const since = first.data.hw;
    const healthy = await connectSocket(server, { cookie });
    const healthyGot = collect(healthy);
    await subscribe(healthy, 'point:1');

    const onServer = server.app.io.of('/').sockets.get(slow.id!)!;
    const cutReason = waitFor<string>([onServer as never, 'disconnect'], 60_000);
    const raw = rawSocketOf(slow);
    raw.pause();

    let held = 0;
    let bursts = 0;
    while (onServer.connected && bursts < 200) {
      await burst(++bursts);
      // One turn of the event loop, as between any two commits of a real server: writes go out here.
      await new Promise((r) => setImmediate(r));
      if (onServer.connected) held = Math.max(held, pendingBytes(onServer));
    }
    // Cut, not closed politely (a close frame would wait behind the backlog): engine.io reports it as a
    // transport close or, with writes still pending, a transport error.
    expect(['transport close', 'transport error']).toContain(await cutReason);
    // Bounded: checked after each dispatch, so at most one dispatch beyond the limit was ever held.
    expect(held).toBeLessThanOrEqual(LIMIT + PER_BATCH * 16 * 1024);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/doorstep_sockets_cut_slow_total\{door="socket.io"\} 1/);

    // The healthy board got everything so far.
    const total = bursts * PER_BATCH;
    await waitFor(() => healthyGot.length >= total, 10_000);

    // Reading again: it drains what the kernel still held, then sees the connection is gone.
    raw.resume();
    await waitFor(() => !slow.connected, 10_000);
    const received = slowGot.length;
    expect(received).toBeLessThan(total);
    const last = slowGot[received - 1]?.seq ?? since;

    // Resume from the last seq it has, as the live board does after any drop.
    const again = await connectSocket(server, { cookie });
    const live = collect(again);
    const res = await subscribe(again, 'point:1', last);
    if (!('data' in res)) throw new Error(JSON.stringify(res));
    expect(res.data.resync).toBe(false);
    await burst(++bursts);
    await waitFor(() => live.some((e) => (e.payload as { text: string }).text.startsWith(`${bursts}-${PER_BATCH - 1} `)), 10_000);
    const seen = [...slowGot, ...res.data.events, ...live.filter((e) => e.seq > res.data.hw)].map((e) => e.seq);

    const expected = await scopeSeqs(server.database, 'point:1', since);
    expect(seen).toEqual(expected);
    await waitFor(() => healthyGot.length === expected.length, 10_000);
    expect(healthyGot.map((e) => e.seq)).toEqual(expected);
    console.info(`[faults-slow-client] cut after ${bursts - 1} bursts of ${PER_BATCH} events; held at most ${held} bytes (limit ${LIMIT}); ${received} of ${total} delivered before the cut, the rest replayed`);
    for (const s of [slow, healthy, again]) s.close();
  });
});
