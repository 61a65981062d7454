// Promise 5, the Postgres part: with the database server stopped, writes answer 503 UNAVAILABLE with
// the error body, /healthz says 503, reads that need the database say so (503, within seconds, never a
// 500 or a hang), and when Postgres returns the service recovers by itself: writes succeed and a board
// that stayed connected through the outage receives the new events. The test brings its own Postgres
// cluster (tests/support/pgcluster.ts), so both integration projects run it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAt, postNotice, startNode, type Node } from '../support/cluster';
import { asServer } from '../support/cluster-faults';
import { startPgCluster, type PgCluster } from '../support/pgcluster';
import { collect, connectSocket, refusal, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';
import { openDoc, upgradeRefusal } from '../support/yjs';

const texts = (got: { payload: unknown }[]) => got.map((e) => (e.payload as { text?: string }).text);

describe('Postgres stopped and started again under a running server', () => {
  let pg: PgCluster;
  let node: Node;
  beforeAll(async () => {
    pg = await startPgCluster();
    node = await startNode({ DATABASE_URL: pg.url, LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await node?.kill();
    await pg?.destroy();
  });

  async function call(method: string, path: string, cookie: string, body?: unknown) {
    const t0 = Date.now();
    const res = await fetch(`${node.origin}${path}`, {
      method,
      headers: { origin: node.origin, cookie, 'content-type': 'application/json', 'idempotency-key': `pgdown-${Date.now()}-${Math.random()}`.replace('.', '') },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000)
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } }, ms: Date.now() - t0 };
  }

  // fast: an operator's stop (sessions ended); immediate: a crash (no shutdown checkpoint, recovery on start).
  for (const mode of ['fast', 'immediate'] as const)
  it(`answers 503 UNAVAILABLE while it is down (${mode} stop) and recovers by itself when it returns`, async () => {
    const cookie = await loginAt(node, 'desk');
    const board = await connectSocket(asServer(node), { cookie });
    const got = collect(board);
    await subscribe(board, 'point:1');
    await postNotice(node, cookie, `before-outage-${mode}`);
    await waitFor(() => texts(got).includes(`before-outage-${mode}`));

    await pg.stop(mode);

    // Every failed attempt counts: postgres.js's default reconnect backoff grew with them to 10–20 s
    // per query, so a run of attempts is what shows the answer stays fast.
    for (let i = 0; i < 12; i++) {
      const write = await call('POST', '/api/board/notices', cookie, { scope: 'point:1', text: `during-outage-${mode}` });
      expect(write.status).toBe(503);
      expect(write.body.error?.code).toBe('UNAVAILABLE');
      expect(write.body.error?.message).toBeTruthy();
      expect(write.ms).toBeLessThan(3_000);
    }

    const health = await call('GET', '/healthz', cookie);
    expect([health.status, health.body.error?.code]).toEqual([503, 'UNAVAILABLE']);
    for (const path of ['/api/board/events', '/api/catalogue', '/api/cases/board']) {
      const read = await call('GET', path, cookie);
      expect([path, read.status, read.body.error?.code]).toEqual([path, 503, 'UNAVAILABLE']);
      expect(read.ms).toBeLessThan(5_000);
    }
    // The live doors say the same: a board catch-up from the table, a new socket, a Yjs document.
    const replay = await subscribe(board, 'point:1', 0);
    expect('error' in replay && replay.error.code).toBe('UNAVAILABLE');
    const refused = await refusal(asServer(node), { cookie });
    expect(refused.data?.error.code).toBe('UNAVAILABLE');
    expect(await upgradeRefusal(asServer(node), 'board:point:1', { cookie, origin: node.origin })).toEqual({ status: 503, error: 'UNAVAILABLE' });

    await pg.start();

    await waitFor(async () => (await call('GET', '/healthz', cookie)).status === 200, 15_000);
    const after = await call('POST', '/api/board/notices', cookie, { scope: 'point:1', text: `after-outage-${mode}` });
    expect(after.status).toBe(201);
    // The board never reconnected: the dispatcher picked up reading the table on its own.
    await waitFor(() => texts(got).includes(`after-outage-${mode}`), 10_000);
    expect(texts(got)).not.toContain(`during-outage-${mode}`);
    // Shared documents open again too.
    const notes = await openDoc(asServer(node), 'board:point:1', cookie);
    notes.destroy();
    const seqs = got.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    board.close();
  });
});
