// The board's delivery guarantees, end to end: room isolation, gap-free catch-up by last seq,
// idempotent commands, and exactly-once ordered delivery under a concurrent burst and seq holes.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardEvent } from '../../src/lib/protocol/events';
import { rowsOf } from '../../src/lib/server/db/client';
import { appendEvents, eventsForScope, type NewEvent } from '../../src/lib/server/repositories/event.repository';
import { onPostgres } from '../support/db';
import { newKey, startTestServer, type TestServer } from '../support/server';
import { collect, connectSocket, subscribe, type BoardClient } from '../support/socket';
import { waitFor } from '../support/wait';

const textOf = (e: BoardEvent) => (e.payload as { text: string }).text;
const seqs = (es: BoardEvent[]) => es.map((e) => e.seq);
const notice = (text: string): NewEvent => ({ type: 'board.notice.v1', scopes: ['point:1'], payload: { text, by: 'test' }, actor: 'test' });

function expectIncreasing(ns: number[]): void {
  for (let i = 1; i < ns.length; i++) expect(ns[i], `seq ${ns[i]} after ${ns[i - 1]}`).toBeGreaterThan(ns[i - 1]);
}

describe('board events', () => {
  let s: TestServer;
  let desk: string;
  let desk2: string;
  let admin: string;
  const open: BoardClient[] = [];
  let run = 0;

  beforeAll(async () => {
    s = await startTestServer();
    [desk, desk2, admin] = await Promise.all([s.login('desk'), s.login('desk2'), s.login('admin')]);
  });
  afterAll(async () => {
    open.forEach((c) => c.close());
    await s?.close();
  });

  /** A connected socket subscribed to `scope`, recording every board event it receives. */
  async function watcher(cookie: string, scope: string, since?: number) {
    const socket = await connectSocket(s, { cookie });
    open.push(socket);
    const got = collect(socket);
    const ack = await subscribe(socket, scope, since);
    if (!('data' in ack)) throw new Error(`subscribe ${scope}: ${ack.error.code}`);
    return { socket, got, ack: ack.data };
  }

  function post(cookie: string, scope: string, text: string, key = newKey()) {
    return s.api('POST', '/api/board/notices', { cookie, body: { scope, text }, headers: { 'Idempotency-Key': key } });
  }

  async function postOk(cookie: string, scope: string, text: string) {
    const res = await post(cookie, scope, text);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  /** Seqs of the stored events of a scope whose text starts with `prefix`: the truth to compare with. */
  async function stored(scope: string, prefix: string): Promise<number[]> {
    const rows = await eventsForScope(s.runtime.core.db, scope, 0, Number.MAX_SAFE_INTEGER, 10_000);
    return rows.filter((r) => (r.payload as { text: string }).text.startsWith(prefix)).map((r) => r.seq);
  }

  const has = (got: BoardEvent[], text: string) => got.some((e) => textOf(e) === text);

  it('reaches the sockets of its scope and not those of another point', async () => {
    const p = `iso${++run}-`;
    const one = await watcher(desk, 'point:1');
    const four = await watcher(desk2, 'point:4');
    await postOk(desk, 'point:1', `${p}a`);
    await postOk(desk2, 'point:4', `${p}b`);
    await postOk(desk, 'point:1', `${p}c`);
    // Dispatch is in seq order, so once the later event is in, a leaked earlier one would be too.
    await waitFor(() => has(one.got, `${p}c`) && has(four.got, `${p}b`));
    expect(one.got.map(textOf)).toEqual([`${p}a`, `${p}c`]);
    expect(four.got.map(textOf)).toEqual([`${p}b`]);
    expect(seqs(one.got)).toEqual(await stored('point:1', p));
  });

  it('the street’s notice reaches every desk and workstation of the street; a community’s, the desks of its points only', async () => {
    const p = `down${++run}-`;
    const desk1 = await watcher(desk, 'point:1');
    const deskOther = await watcher(desk2, 'point:4');
    const verifier = await s.login('verifier');
    const workstation = await watcher(verifier, 'community:1');
    await postOk(admin, 'street:1', `${p}street`);
    await waitFor(() => has(desk1.got, `${p}street`) && has(deskOther.got, `${p}street`) && has(workstation.got, `${p}street`));
    await postOk(verifier, 'community:1', `${p}community`);
    await postOk(desk2, 'point:4', `${p}flush`);
    await waitFor(() => has(desk1.got, `${p}community`) && has(deskOther.got, `${p}flush`));
    // Point 4 is in another community: the community's notice is not its desk's.
    expect(has(deskOther.got, `${p}community`)).toBe(false);
  });

  it('a client that reconnects with its last seq gets exactly what it missed, then live events', async () => {
    const p = `re${++run}-`;
    // An observer that stays online: once it has an event, the dispatcher has handed it out.
    const observer = await watcher(desk, 'point:1');
    const first = await watcher(desk, 'point:1');
    for (let i = 0; i < 3; i++) await postOk(desk, 'point:1', `${p}live${i}`);
    await waitFor(() => first.got.length === 3);
    const applied = [...first.got];
    const last = applied[applied.length - 1].seq;
    first.socket.close();

    for (let i = 0; i < 5; i++) await postOk(desk, 'point:1', `${p}missed${i}`);
    await waitFor(() => has(observer.got, `${p}missed4`));

    const again = await watcher(desk, 'point:1', last);
    expect(again.ack.resync).toBe(false);
    expect(again.ack.events.map(textOf)).toEqual([0, 1, 2, 3, 4].map((i) => `${p}missed${i}`));
    expect(again.ack.events[0].seq).toBeGreaterThan(last);
    expect(again.ack.hw).toBeGreaterThanOrEqual(again.ack.events[4].seq);
    applied.push(...again.ack.events);

    for (let i = 0; i < 3; i++) await postOk(desk, 'point:1', `${p}after${i}`);
    await waitFor(() => has(again.got, `${p}after2`));
    expect(again.got.map(textOf)).toEqual([0, 1, 2].map((i) => `${p}after${i}`));
    applied.push(...again.got);

    // No gap, no duplicate: exactly the stored sequence of this scope, in order.
    expectIncreasing(seqs(applied));
    expect(seqs(applied)).toEqual(await stored('point:1', p));
    expect(seqs(observer.got)).toEqual(seqs(applied));
  });

  it('a replay is bounded by scope: since=0 returns only that scope’s events', async () => {
    const p = `bound${++run}-`;
    await postOk(desk2, 'point:4', `${p}x`);
    await postOk(desk, 'point:1', `${p}y`);
    const obs = await watcher(admin, 'street:1');
    await postOk(admin, 'street:1', `${p}flush`);
    await waitFor(() => has(obs.got, `${p}flush`));
    const late = await watcher(desk2, 'point:4', 0);
    expect(late.ack.events.some((e) => textOf(e) === `${p}y`)).toBe(false);
    expect(late.ack.events.some((e) => textOf(e) === `${p}x`)).toBe(true);
  });

  it('the same key and body give one event and the first result; another body is a 409', async () => {
    const p = `idem${++run}-`;
    const key = newKey();
    const first = await post(desk, 'point:1', `${p}once`, key);
    const retry = await post(desk, 'point:1', `${p}once`, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(first.body.data).toEqual({ scope: 'point:1', text: `${p}once` });

    const other = await post(desk, 'point:1', `${p}changed`, key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    // Retries racing each other still make one change.
    const racingKey = newKey();
    const racers = await Promise.all([0, 1, 2, 3, 4].map(() => post(desk, 'point:1', `${p}race`, racingKey)));
    expect(racers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    racers.forEach((r) => expect(r.body).toEqual(racers[0].body));

    expect(await stored('point:1', `${p}once`)).toHaveLength(1);
    expect(await stored('point:1', `${p}changed`)).toHaveLength(0);
    expect(await stored('point:1', `${p}race`)).toHaveLength(1);
  });

  it('a missing or malformed Idempotency-Key is refused before anything is written', async () => {
    const p = `nokey${++run}-`;
    const none = await s.api('POST', '/api/board/notices', { cookie: desk, body: { scope: 'point:1', text: `${p}x` } });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('VALIDATION');
    const bad = await post(desk, 'point:1', `${p}y`, 'bad key!');
    expect(bad.status).toBe(400);
    expect(await stored('point:1', p)).toHaveLength(0);
  });

  it('a burst of 50 concurrent commands reaches a subscriber once each, in seq order', async () => {
    const p = `burst${++run}-`;
    const sub = await watcher(desk, 'point:1');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(desk, 'point:1', `${p}${i}`)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    // A sentinel after the burst: once it is in, anything duplicated or late would be too.
    await postOk(desk, 'point:1', `${p}end`);
    await waitFor(() => has(sub.got, `${p}end`), 10_000);
    const got = sub.got.filter((e) => textOf(e).startsWith(p));
    expect(got).toHaveLength(51);
    expectIncreasing(seqs(got));
    expect(seqs(got)).toEqual(await stored('point:1', p));
    expect(new Set(got.map(textOf)).size).toBe(51);
  });

  it('a seq taken by a rolled-back transaction does not hold back the events after it', async () => {
    const p = `rb${++run}-`;
    const sub = await watcher(desk, 'point:1');
    const aborted = s.runtime.core.db.transaction(async (tx) => {
      await appendEvents(tx, [notice(`${p}ghost`)]);
      throw new Error('roll back');
    });
    await expect(aborted).rejects.toThrow('roll back');
    await postOk(desk, 'point:1', `${p}after`);
    await waitFor(() => has(sub.got, `${p}after`));
    expect(sub.got.map(textOf)).toEqual([`${p}after`]);
  });

  it('the events of one transaction take increasing seqs in the order they were emitted, and come back as stored', async () => {
    const p = `many${++run}-`;
    const texts = Array.from({ length: 12 }, (_, i) => `${p}${i}`);
    // Another point's room, dispatched before the next test subscribes: nobody else here watches it.
    const events = texts.map((t) => ({ ...notice(t), scopes: ['point:2'] }));
    const stored = await s.runtime.core.db.transaction((tx) => appendEvents(tx, events));
    const given = stored.map((e) => e.seq);
    await s.runtime.core.bus.flush();
    expect(given).toHaveLength(12);
    expectIncreasing(given);
    const rows = (await eventsForScope(s.runtime.core.db, 'point:2', given[0] - 1, given[given.length - 1], 100)).filter((r) => (r.payload as { text: string }).text.startsWith(p));
    // What the insert hands back is what a read of the table gives, to the field and type.
    expect(stored).toEqual(rows);
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(rows.map((r) => r.seq)).toEqual(given);
    expect(rows.map((r) => (r.payload as { text: string }).text)).toEqual(texts);
    expect(rows.map((r) => r.scopes)).toEqual(texts.map(() => ['point:2']));
  });

  // Only Postgres runs transactions side by side: PGlite cannot commit seqs out of order.
  if (onPostgres) {
    it('an earlier seq that commits after a later one is still delivered, and first', async () => {
      const p = `ooo${++run}-`;
      const sub = await watcher(desk, 'point:1');
      const db = s.runtime.core.db;
      let seqTaken!: () => void;
      let release!: () => void;
      const taken = new Promise<void>((r) => (seqTaken = r));
      const held = new Promise<void>((r) => (release = r));
      const slow = db.transaction(async (tx) => {
        await appendEvents(tx, [notice(`${p}first`)]);
        seqTaken();
        await held;
      });
      await taken;
      await postOk(desk, 'point:1', `${p}second`); // takes the next seq and commits while `first` is open
      // The dispatcher sees the hole and waits at the outbox barrier for the open writer.
      await waitFor(async () => {
        const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`));
        return Number(row.n) > 0;
      });
      release();
      await slow;
      await waitFor(() => has(sub.got, `${p}second`) && has(sub.got, `${p}first`));
      expect(sub.got.map(textOf)).toEqual([`${p}first`, `${p}second`]);
      expectIncreasing(seqs(sub.got));
    });
  }
});
