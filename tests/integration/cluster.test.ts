// Several processes behind one database and one Redis. Every board event is read from the event table
// by every process; Redis carries the commit nudges, cross-process socket operations and Yjs updates.
// The event-table poll is set to a minute here, so anything that arrives in time came through Redis.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaveTracker } from '../../src/lib/client/yjs-saved';
import type { BoardEvent } from '../../src/lib/protocol/events';
import { loadUpdates } from '../../src/lib/server/repositories/yjs.repository';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/db';
import { loginAt, postNotice, startLink, startNode, startRedis, type Link, type Node, type RedisProcess } from '../support/cluster';
import { collect, connectSocket, subscribe } from '../support/socket';
import type { TestServer } from '../support/server';
import { waitFor } from '../support/wait';
import { openDoc } from '../support/yjs';

// Anything with an origin: a node, or a link in front of one playing the load balancer.
const asServer = (n: Pick<Node, 'origin'>) => ({ origin: n.origin, url: n.origin, wsUrl: n.origin.replace(/^http/, 'ws') }) as unknown as TestServer;
const DOC = 'board:point:1';
const texts = (got: BoardEvent[]) => got.map((e) => (e.payload as { text?: string }).text);

describe('one process with Redis unreachable', () => {
  let db: TestDatabase;
  let node: Node;
  beforeAll(async () => {
    db = await createTestDatabase();
    // PGlite allows one process per directory, so this node gets its own in-memory database.
    node = await startNode(db.url ? { DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' } : { DATA_DIR: 'memory://', REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await node?.kill();
    await db?.drop();
  });

  it('keeps serving boards from its own commits', async () => {
    const cookie = await loginAt(node, 'desk');
    const socket = await connectSocket(asServer(node), { cookie });
    const got = collect(socket);
    expect('data' in (await subscribe(socket, 'point:1'))).toBe(true);
    await postNotice(node, cookie, 'no-redis');
    await waitFor(() => texts(got).includes('no-redis'), 5_000);
    socket.close();
  });
});

if (onPostgres) {
  describe('two processes, one Postgres, one Redis', () => {
    let db: TestDatabase;
    let redis: RedisProcess;
    let link: Link;
    let a: Node;
    let b: Node;

    beforeAll(async () => {
      db = await createTestDatabase();
      redis = await startRedis();
      link = await startLink(redis.url);
      const env = { DATABASE_URL: db.url!, REDIS_URL: redis.url, EVENT_POLL_MS: '60000' };
      // A reaches Redis through a link the test can cut, to lose Redis while B keeps it.
      a = await startNode({ ...env, REDIS_URL: link.url });
      b = await startNode(env);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await link?.cut();
      await redis?.stop();
      await db?.drop();
    });

    /** A desk's board on each process, subscribed to point:1, keeping what arrives. */
    async function boardsOnBoth() {
      const cookie = await loginAt(a, 'desk');
      const [onA, onB] = await Promise.all([connectSocket(asServer(a), { cookie }), connectSocket(asServer(b), { cookie })]);
      const [gotA, gotB] = [collect(onA), collect(onB)];
      await Promise.all([subscribe(onA, 'point:1'), subscribe(onB, 'point:1')]);
      return { cookie, gotA, gotB, close: () => [onA, onB].forEach((x) => x.close()) };
    }

    it('an event committed on A reaches a board on B through the Redis nudge', async () => {
      const cookie = await loginAt(a, 'desk');
      const onB = await connectSocket(asServer(b), { cookie });
      const got = collect(onB);
      await subscribe(onB, 'point:1');
      await postNotice(a, cookie, 'from-a');
      await waitFor(() => texts(got).includes('from-a'), 5_000);
      onB.close();
    });

    it('a client that moves from A to B resumes from its last seq with no gap and no duplicate', async () => {
      const cookie = await loginAt(a, 'desk');
      const onA = await connectSocket(asServer(a), { cookie });
      const first = collect(onA);
      await subscribe(onA, 'point:1');
      await postNotice(a, cookie, 'before-move');
      await waitFor(() => texts(first).includes('before-move'));
      const last = first[first.length - 1].seq;
      onA.close();
      for (const t of ['away-1', 'away-2', 'away-3']) await postNotice(a, cookie, t);
      const onB = await connectSocket(asServer(b), { cookie });
      const live = collect(onB);
      const res = await subscribe(onB, 'point:1', last);
      if (!('data' in res)) throw new Error(JSON.stringify(res));
      await postNotice(b, cookie, 'after-move');
      await waitFor(() => texts(live).includes('after-move'));
      const seen = [...res.data.events, ...live.filter((e) => e.seq > res.data.hw)];
      expect(texts(seen)).toEqual(['away-1', 'away-2', 'away-3', 'after-move']);
      const seqs = seen.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      onB.close();
    });

    it('logging out on A ends the same session’s socket on B', async () => {
      const cookie = await loginAt(a, 'desk');
      const onB = await connectSocket(asServer(b), { cookie });
      const gone = waitFor([onB as never, 'disconnect'], 5_000);
      await fetch(`${a.origin}/api/auth/logout`, { method: 'POST', headers: { origin: a.origin, cookie } });
      await gone;
    });

    it('a Yjs client on A and one on B converge', async () => {
      const cookie = await loginAt(a, 'desk');
      const onA = await openDoc(asServer(a), 'board:point:1', cookie);
      const onB = await openDoc(asServer(b), 'board:point:1', cookie);
      onA.text.insert(0, 'A says hi. ');
      onB.text.insert(0, 'B says hi. ');
      await waitFor(() => onA.text.toString().length === 22 && onA.text.toString() === onB.text.toString(), 10_000);
      onA.destroy();
      onB.destroy();
    });

    it('a commit A could not announce (its Redis link down) reaches B once the link returns', async () => {
      const { cookie, gotA, gotB, close } = await boardsOnBoth();
      await link.cut();
      await postNotice(a, cookie, 'while-a-cut-off');
      await waitFor(() => texts(gotA).includes('while-a-cut-off'), 5_000);
      expect(texts(gotB)).not.toContain('while-a-cut-off');
      // B never lost Redis, so nothing on B's side will look: A must announce it once it is back.
      await link.restore();
      await waitFor(() => texts(gotB).includes('while-a-cut-off'), 10_000);
      expect(texts(gotB).filter((t) => t === 'while-a-cut-off')).toHaveLength(1);
      close();
    });

    it('a Yjs edit made on A while its Redis link was down reaches B once the link returns', async () => {
      const cookie = await loginAt(a, 'desk');
      const onA = await openDoc(asServer(a), 'board:point:1', cookie);
      const onB = await openDoc(asServer(b), 'board:point:1', cookie);
      await link.cut();
      onA.text.insert(onA.text.length, 'Said while A was cut off.');
      await link.restore();
      await waitFor(() => onB.text.toString().endsWith('Said while A was cut off.') && onB.text.toString() === onA.text.toString(), 10_000);
      onA.destroy();
      onB.destroy();
    });

    it('with Redis down each process still serves its own; fan-out resumes when Redis returns', async () => {
      const { cookie, gotA, gotB, close } = await boardsOnBoth();
      await redis.stop();
      await postNotice(a, cookie, 'during-outage');
      await waitFor(() => texts(gotA).includes('during-outage'), 5_000);
      expect(texts(gotB)).not.toContain('during-outage');
      await redis.start();
      // B reconnects to Redis, reads the table and delivers what it missed — once.
      await waitFor(() => texts(gotB).includes('during-outage'), 15_000);
      await postNotice(a, cookie, 'after-outage');
      await waitFor(() => texts(gotB).includes('after-outage'), 10_000);
      expect(texts(gotB).filter((t) => t === 'during-outage')).toHaveLength(1);
      close();
    });
  });

  // Promise 4 across processes: "saved" means stored, even when the process that relayed an edit died
  // before storing it. The author's browser reaches the processes through a link playing the load
  // balancer, so when its process dies it reconnects, as a browser would, to the other one.
  describe('Yjs "saved" when the relaying process dies before storing', () => {
    let db: TestDatabase;
    let redis: RedisProcess;
    let bDatabase: Link;
    let front: Link;
    let a: Node;
    let b: Node;

    beforeAll(async () => {
      db = await createTestDatabase();
      redis = await startRedis();
      // B reaches Postgres through a link the test cuts, so B can relay an edit but not store it.
      bDatabase = await startLink(db.url!);
      const env = { REDIS_URL: redis.url, EVENT_POLL_MS: '60000' };
      a = await startNode({ ...env, DATABASE_URL: db.url! });
      b = await startNode({ ...env, DATABASE_URL: bDatabase.url });
      front = await startLink(b.origin);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await Promise.all([front?.cut(), bDatabase?.cut()]);
      await redis?.stop();
      await db?.drop();
    });

    async function storedText(): Promise<string> {
      const doc = new Y.Doc();
      for (const row of await loadUpdates(db.database.db, DOC)) Y.applyUpdate(doc, new Uint8Array(row.update));
      return doc.getText('notes').toString();
    }

    const STORED_HERE = 'stored relayed edits whose origin had not stored them';

    it('with both processes up each edit is stored by its own process only, and both say "saved"', async () => {
      const cookie = await loginAt(a, 'desk');
      const onA = await openDoc(asServer(a), DOC, cookie);
      const onB = await openDoc(asServer(b), DOC, cookie);
      const savedA = new SaveTracker(onA.provider, onA.doc);
      const savedB = new SaveTracker(onB.provider, onB.doc);
      onB.text.insert(0, '上午已核对。');
      await savedB.whenSaved();
      await waitFor(() => onA.text.toString() === '上午已核对。', 5_000);
      // A now holds B's edit, so A's "saved" checks the table for it: B stored it, A stores nothing more.
      onA.text.insert(onA.text.length, '（A）');
      await savedA.whenSaved();
      expect(await storedText()).toBe('上午已核对。（A）');
      expect(a.output()).not.toContain(STORED_HERE);
      onA.text.delete(onA.text.length - 3, 3);
      await savedA.whenSaved();
      savedA.destroy();
      savedB.destroy();
      onA.destroy();
      onB.destroy();
    });

    it('the process the author reconnects to stores the relayed edit before it says "saved"', async () => {
      const cookie = await loginAt(a, 'desk');
      const watcher = await openDoc(asServer(a), DOC, cookie); // A holds the document
      const author = await openDoc(asServer({ origin: front.url }), DOC, cookie); // through the front, to B
      const saved = new SaveTracker(author.provider, author.doc);
      expect(await storedText()).toBe('上午已核对。');

      await bDatabase.cut();
      author.text.insert(author.text.length, '下午补交材料。');
      await waitFor(() => watcher.text.toString() === '上午已核对。下午补交材料。', 5_000); // relayed to A
      expect(saved.state).toBe('saving'); // B could not store it
      await b.kill('SIGKILL');

      // The balancer now sends the author to A, which already holds the edit: the sync re-sends nothing.
      await front.cut();
      front.retarget(a.origin);
      await front.restore();
      await waitFor(() => saved.state === 'saved', 10_000);
      expect(await storedText()).toBe('上午已核对。下午补交材料。');
      expect(a.output()).toContain(STORED_HERE);
      author.destroy();
      watcher.destroy();
    });
  });
}
