// Statements built once (src/lib/server/db/statement.ts) run on the connection their caller holds: inside a
// transaction they see its uncommitted rows, roll back with it and take its locks; on the pool they see only
// what is committed. On PGlite and Postgres.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { claimKey, findKey, storeResponse } from '../../src/lib/server/repositories/idempotency.repository';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb?.drop());

const stored = async (key: string) =>
  rowsOf<{ n: number }>(await tdb.database.db.execute(sql`select count(*)::int as n from idempotency_key where principal = 'test:stmt' and key = ${key}`))[0].n;

describe('statements built once', () => {
  it('run inside the caller’s transaction: its writes roll back with it', async () => {
    const failed = tdb.database.db.transaction(async (tx) => {
      expect(await claimKey(tx, 'test:stmt', 'rolled-back', 'c', 'h')).toBe(true);
      // Same transaction: the row it just wrote is there, so a second claim finds it taken.
      expect(await claimKey(tx, 'test:stmt', 'rolled-back', 'c', 'h')).toBe(false);
      throw new Error('abort');
    });
    await expect(failed).rejects.toThrow('abort');
    expect(await stored('rolled-back')).toBe(0);
  });

  it('commit with the transaction, and a later call on the pool reads what it stored', async () => {
    await tdb.database.db.transaction(async (tx) => {
      expect(await claimKey(tx, 'test:stmt', 'kept', 'c', 'h')).toBe(true);
      await storeResponse(tx, 'test:stmt', 'kept', { answer: 42, text: '已保存' });
    });
    expect(await stored('kept')).toBe(1);
    expect(await findKey(tdb.database.db, 'test:stmt', 'kept')).toEqual({ command: 'c', requestHash: 'h', response: { answer: 42, text: '已保存' } });
    // On the pool, outside any transaction, the same built statement answers too.
    expect(await claimKey(tdb.database.db, 'test:stmt', 'kept', 'c', 'h')).toBe(false);
  });

  it('hold their transaction’s row locks: a concurrent claim of the same key waits for its end', async () => {
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let claimed!: () => void;
    const hasClaimed = new Promise<void>((r) => (claimed = r));
    const first = tdb.database.db.transaction(async (tx) => {
      await claimKey(tx, 'test:stmt', 'contended', 'c', 'h');
      claimed();
      await holding;
      throw new Error('first rolls back');
    });
    await hasClaimed;
    const ended: string[] = [];
    const firstEnded = first.catch(() => void ended.push('first'));
    const second = tdb.database.db.transaction((tx) => claimKey(tx, 'test:stmt', 'contended', 'c', 'h')).then((won) => {
      ended.push('second');
      return won;
    });
    // On Postgres, wait until the second claim is blocked on the first's row lock (PGlite runs one
    // transaction at a time: the second cannot even start before the first ends).
    if (onPostgres)
      await expect
        .poll(async () => rowsOf<{ n: number }>(await tdb.database.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0].n, { timeout: 10_000 })
        .toBe(1);
    expect(ended).toEqual([]);
    release();
    await expect(first).rejects.toThrow('first rolls back');
    await firstEnded;
    // The first rolled back, so the waiting claim wins — after it, never before.
    expect(await second).toBe(true);
    expect(ended).toEqual(['first', 'second']);
  });
});
