// Promise 1 — no acknowledged write is lost — and promise 3 after restarts. Desks file cases with
// Idempotency-Keys against one server process while the test SIGKILLs it at random moments (after a
// random number of further acknowledgements, so requests are always in flight) and starts it again on
// the same database. A board follows along across every restart, resuming from its last seq. Each
// round is a process start (on PGlite with WAL recovery): 60–130 s in all on the 2-core CI machine, more
// when the other test file running beside it is busy — hence the generous timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/lib/server/db/client';
import { loginAt, type Node } from '../support/cluster';
import { BoardWatcher, faultDatabase, Restartable, scopeSeqs, type FaultDb } from '../support/cluster-faults';
import { applicant, intakeBody } from '../support/cases';
import { waitFor } from '../support/wait';

const KILLS = 20;
const WORKERS = 6;

interface Attempt {
  key: string;
  name: string;
  body: unknown;
  /** the first 2xx answer: the acknowledgement */
  ack?: { status: number; data: { caseId: number; caseNo: string } };
}

async function post(node: Node, cookie: string, a: Attempt) {
  const res = await fetch(`${node.origin}/api/cases`, {
    method: 'POST',
    headers: { origin: node.origin, cookie, 'content-type': 'application/json', 'idempotency-key': a.key },
    body: JSON.stringify(a.body),
    signal: AbortSignal.timeout(15_000)
  });
  return { status: res.status, body: (await res.json()) as { data: { caseId: number; caseNo: string } } };
}

describe('SIGKILL under a load of keyed commands', () => {
  let db: FaultDb;
  let server: Restartable;

  beforeAll(async () => {
    db = await faultDatabase();
    server = new Restartable(db.env);
    await server.start();
  });
  afterAll(async () => {
    await server?.kill();
    await db?.drop();
  });

  it(`keeps every acknowledged case exactly once across ${KILLS} kills; retries return the first result; the board converges`, { timeout: 300_000 }, async () => {
    const first = await server.up();
    const cookie = await loginAt(first, 'desk');
    const since = ((await (await fetch(`${first.origin}/healthz`)).json()) as { data: { hw: number } }).data.hw;
    const watcher = new BoardWatcher('point:1', cookie, since);

    const attempts: Attempt[] = [];
    const retryNext: Attempt[] = []; // unacknowledged, retried on the next process like a kiosk's queue
    const leftAlone: Attempt[] = []; // unacknowledged, untouched until the end
    const odd: string[] = [];
    let acks = 0;
    let stop = false;
    let n = 0;

    const fresh = (): Attempt => {
      const a = applicant();
      const at: Attempt = { key: `faults-${process.pid}-${++n}-${Date.now()}`, name: a.name, body: intakeBody(a) };
      attempts.push(at);
      return at;
    };

    async function worker() {
      while (!stop) {
        const node = await server.up();
        const a = retryNext.shift() ?? fresh();
        try {
          const r = await post(node, cookie, a);
          if (r.status !== 201 && r.status !== 200) odd.push(`${a.key}: ${r.status} ${JSON.stringify(r.body)}`);
          else if (a.ack) odd.push(`${a.key}: acknowledged twice`);
          else {
            a.ack = { status: r.status, data: r.body.data };
            acks++;
          }
        } catch {
          // No answer: the process died with the request in flight (or before it arrived).
          (leftAlone.length <= retryNext.length ? leftAlone : retryNext).push(a);
        }
      }
    }
    const workers = Array.from({ length: WORKERS }, () => worker());

    for (let k = 0; k < KILLS; k++) {
      await watcher.attach(await server.up());
      const target = acks + 1 + Math.floor(Math.random() * 10);
      await waitFor(() => acks >= target, 30_000);
      await server.kill('SIGKILL');
      await server.start();
    }
    stop = true;
    await Promise.all(workers);

    // Settle the retry queue, then file a sentinel: once the board shows it, it has shown all before it.
    const node = await server.up();
    await watcher.attach(node);
    for (const a of retryNext.splice(0)) {
      const r = await post(node, cookie, a);
      expect([200, 201]).toContain(r.status);
      a.ack = { status: r.status, data: r.body.data };
    }
    const sentinel = fresh();
    const s = await post(node, cookie, sentinel);
    expect(s.status).toBe(201);
    sentinel.ack = { status: 201, data: s.body.data };
    await waitFor(() => watcher.seen.some((e) => (e.payload as { caseId?: number }).caseId === s.body.data.caseId), 10_000);
    watcher.detach();
    await server.kill('SIGKILL');

    expect(odd).toEqual([]);
    expect(server.starts).toBeGreaterThanOrEqual(KILLS + 1);
    const { rows, seqs } = await db.query(async (d) => ({
      rows: rowsOf<{ id: number; applicant_name: string }>(await d.db.execute(sql`select id, applicant_name from proxy_case`)),
      seqs: await scopeSeqs(d, 'point:1', since)
    }));
    const byName = new Map<string, number[]>();
    for (const r of rows) byName.set(r.applicant_name, [...(byName.get(r.applicant_name) ?? []), Number(r.id)]);

    const acked = attempts.filter((a) => a.ack);
    expect(acked.length).toBeGreaterThan(KILLS);
    for (const a of acked) expect(byName.get(a.name), a.key).toEqual([a.ack!.data.caseId]);
    for (const a of leftAlone) expect((byName.get(a.name) ?? []).length, a.key).toBeLessThanOrEqual(1);

    // Promise 3: exactly the table's events for the scope, in order, none twice, none missing.
    expect(watcher.seen.map((e) => e.seq)).toEqual(seqs);

    // Promise 2 after a crash: a retry answers with what the first execution committed, or runs it once.
    const again = await server.start();
    for (const a of leftAlone) {
      const r = await post(again, cookie, a);
      const stored = byName.get(a.name);
      if (stored) expect({ status: r.status, caseId: r.body.data.caseId }, a.key).toEqual({ status: 200, caseId: stored[0] });
      else expect(r.status, a.key).toBe(201);
    }
    for (const a of acked.slice(0, 25)) {
      const r = await post(again, cookie, a);
      expect({ status: r.status, data: r.body.data }).toEqual({ status: 200, data: a.ack!.data });
    }
    console.info(`[faults-kill ${db.kind}] ${server.starts} starts, ${attempts.length} keys, ${acked.length} acknowledged, ${leftAlone.length} left unacknowledged (${leftAlone.filter((a) => byName.has(a.name)).length} had committed), ${seqs.length} board events`);
  });
});
