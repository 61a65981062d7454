// Helpers for the fault tests: a database that outlives the server process (a PGlite directory or a
// fresh Postgres database), a server process that can be SIGKILLed and started again, and a board
// watcher that follows it across restarts the way a browser does (resume from the last seq).
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from '../../src/lib/server/db/client';
import type { BoardEvent } from '../../src/lib/protocol/events';
import { startNode, type Node } from './cluster';
import { createTestDatabase, onPostgres, tempDir } from './db';
import { seedDataDir } from './pglite-template';
import { collect, connectSocket, subscribe, type BoardClient } from './socket';
import type { TestServer } from './server';

export interface FaultDb {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Runs queries on the database. On PGlite only while no server process holds the directory. */
  query<T>(fn: (d: Database) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function faultDatabase(): Promise<FaultDb> {
  if (onPostgres) {
    const t = await createTestDatabase();
    return { kind: 'postgres', env: { DATABASE_URL: t.url! }, query: (fn) => fn(t.database), drop: () => t.drop() };
  }
  // PGlite is one process per directory: the server owns it while it runs, the test between runs.
  const dir = tempDir('ds-faults-');
  seedDataDir(dir);
  return {
    kind: 'pglite',
    env: { DATA_DIR: dir },
    async query(fn) {
      const d = await openDatabase({ dataDir: dir });
      try {
        return await fn(d);
      } finally {
        await d.close();
      }
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** One server process at a time on the same database; `kill` is SIGKILL unless told otherwise. */
export class Restartable {
  #node: Node | undefined;
  #waiters: ((n: Node) => void)[] = [];
  starts = 0;

  /** `samePort`: every restart listens where the first process did, as behind a fixed address. */
  readonly #env: Record<string, string>;
  constructor(
    env: Record<string, string>,
    private readonly samePort = false
  ) {
    this.#env = { ...env };
  }

  get node(): Node | undefined {
    return this.#node;
  }

  async start(): Promise<Node> {
    const n = await startNode(this.#env);
    if (this.samePort) this.#env.PORT = new URL(n.origin).port;
    this.#node = n;
    this.starts++;
    for (const w of this.#waiters.splice(0)) w(n);
    return n;
  }

  /** The running node, or the next one to start. */
  up(): Promise<Node> {
    return this.#node ? Promise.resolve(this.#node) : new Promise((resolve) => this.#waiters.push(resolve));
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const n = this.#node;
    this.#node = undefined;
    await n?.kill(signal);
  }
}

export const asServer = (n: Node) => n as unknown as TestServer;

/**
 * A board client that survives server restarts: on every (re)connect it subscribes with its last seq,
 * takes the replay, then live events above the replay's high-water mark, dropping anything it has.
 */
export class BoardWatcher {
  readonly seen: BoardEvent[] = [];
  #socket: BoardClient | undefined;

  constructor(
    private readonly scope: string,
    private readonly cookie: string,
    private since: number
  ) {}

  get last(): number {
    return this.seen.length ? this.seen[this.seen.length - 1].seq : this.since;
  }

  async attach(node: Node): Promise<void> {
    this.detach();
    const socket = await connectSocket(asServer(node), { cookie: this.cookie });
    this.#socket = socket;
    const live = collect(socket);
    const res = await subscribe(socket, this.scope, this.last);
    if (!('data' in res)) throw new Error(`subscribe refused: ${JSON.stringify(res)}`);
    if (res.data.resync) throw new Error('watcher fell more than the replay limit behind');
    this.#take(res.data.events);
    // Live events received while the replay was on its way are in `live` already.
    this.#take(live.splice(0));
    socket.on('board:event', () => this.#take(live.splice(0)));
  }

  detach(): void {
    this.#socket?.close();
    this.#socket = undefined;
  }

  #take(events: BoardEvent[]): void {
    for (const e of events) if (e.seq > this.last) this.seen.push(e);
  }
}

/** Seqs of the events in a scope after `since`, in order, straight from the event table. */
export async function scopeSeqs(d: Database, scope: string, since: number): Promise<number[]> {
  const rows = rowsOf<{ seq: string | number }>(
    await d.db.execute(sql`select seq from event where seq > ${since} and scopes @> array[${scope}]::text[] order by seq`)
  );
  return rows.map((r) => Number(r.seq));
}
