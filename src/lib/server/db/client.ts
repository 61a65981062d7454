// One database handle per process: postgres.js when DATABASE_URL is set, embedded PGlite on disk otherwise.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/postgres-js';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { lockDataDir } from './lock';
import { preparing } from './prepared';

// No `schema` given to drizzle: it is only for its relational queries (`db.query.*`), which this code does not
// use, and with it every transaction object builds a query builder per table (≈ 50) before its first statement.
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** true when transactions can interleave (a pool); PGlite runs one at a time */
  concurrent: boolean;
  ping(): Promise<void>;
  poolStats(): { size: number; busy: number };
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** a directory, or 'memory://' for tests that need no disk */
  dataDir?: string;
  poolSize?: number;
  migrationsFolder?: string;
}

const MIGRATIONS = 'drizzle';

export async function openDatabase(o: OpenOptions): Promise<Database> {
  const migrationsFolder = o.migrationsFolder ?? MIGRATIONS;
  if (o.databaseUrl) {
    const max = o.poolSize ?? 10;
    // With the database unreachable a request must fail with a 503 in seconds: connect_timeout instead of
    // postgres.js's default 30 s, and a short reconnect backoff instead of its default, which grows with
    // every failed attempt (the dispatcher's poll makes one a second) to 10–20 s before a query is even
    // tried — holding callers that long, and delaying recovery by as much once Postgres is back.
    const client = postgres(o.databaseUrl, {
      max,
      onnotice: () => {},
      idle_timeout: 60,
      connect_timeout: 5,
      backoff: (retries: number) => Math.min(0.05 * retries, 0.5)
    });
    const db = drizzlePg(preparing(client)) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    return {
      db,
      kind: 'postgres',
      concurrent: true,
      ping: async () => {
        await client`select 1`;
      },
      poolStats: () => ({ size: max, busy: 0 }),
      close: () => client.end({ timeout: 5 })
    };
  }
  const dir = o.dataDir ?? './data';
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(dir);
  try {
    const client = await PGlite.create(inMemory ? undefined : `${dir}/pgdata`, { relaxedDurability: false });
    const db = drizzlePglite(client) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      concurrent: false,
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      poolStats: () => ({ size: 1, busy: 0 }),
      close: async () => {
        try {
          await client.close();
        } finally {
          release();
        }
      }
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** Rows of a raw `db.execute`, whichever driver answered. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
