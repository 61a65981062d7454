// Statements built once (src/lib/server/db/statement.ts) run on the connection their caller holds: inside a
// transaction they see its uncommitted rows, roll back with it and take its locks; on the pool they see only
// what is committed. On PGlite and Postgres.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { commitAfter } from '../../src/lib/server/db/pipeline';
import { settleAll } from '../../src/lib/server/services/uow';
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

// On Postgres a transaction sends BEGIN with its first statements, and COMMIT right behind the statements a
// caller named as its last (src/lib/server/db/pipeline.ts); on PGlite `commitAfter` does nothing. Either
// way a transaction commits all of its statements or none.
describe('transactions whose COMMIT travels with their last statements', () => {
  const keys = (prefix: string) => tdb.database.db.execute(sql`select key from idempotency_key where principal = 'test:pipe' and key like ${prefix + '%'} order by key`).then((r) => rowsOf<{ key: string }>(r).map((k) => k.key));

  it('commits every statement counted, and a later transaction on the same pool sees them', async () => {
    await tdb.database.db.transaction(async (tx) => {
      expect(await claimKey(tx, 'test:pipe', 'a-read-first', 'c', 'h')).toBe(true);
      commitAfter(tx, 2);
      await Promise.all([claimKey(tx, 'test:pipe', 'a-1', 'c', 'h'), storeResponse(tx, 'test:pipe', 'a-1', { ok: true })]);
    });
    expect(await keys('a-')).toEqual(['a-1', 'a-read-first']);
    expect(await findKey(tdb.database.db, 'test:pipe', 'a-1')).toMatchObject({ response: { ok: true } });
  });

  it('keeps nothing when one of the last statements fails, even with COMMIT already sent', async () => {
    await claimKey(tdb.database.db, 'test:pipe', 'b-taken', 'c', 'h');
    const failed = tdb.database.db.transaction(async (tx) => {
      await claimKey(tx, 'test:pipe', 'b-first', 'c', 'h');
      commitAfter(tx, 3);
      const inserts = [sql`insert into idempotency_key (principal, key, command, request_hash) values ('test:pipe', 'b-second', 'c', 'h')`, sql`insert into idempotency_key (principal, key, command, request_hash) values ('test:pipe', 'b-taken', 'c', 'h')`, sql`insert into idempotency_key (principal, key, command, request_hash) values ('test:pipe', 'b-third', 'c', 'h')`];
      await settleAll(inserts.map((q) => tx.execute(q)));
    });
    await expect(failed).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(await keys('b-')).toEqual(['b-taken']);
    // The connection went back to the pool clean: transactions after it commit as usual.
    for (let i = 0; i < 12; i++) await tdb.database.db.transaction((tx) => claimKey(tx, 'test:pipe', `b-after-${i}`, 'c', 'h'));
    expect(await keys('b-after-')).toHaveLength(12);
  });

  if (onPostgres)
    it('refuses to send a statement after COMMIT instead of running it outside the transaction', async () => {
      const miscounted = tdb.database.db.transaction(async (tx) => {
        commitAfter(tx, 1);
        await claimKey(tx, 'test:pipe', 'c-counted', 'c', 'h');
        await claimKey(tx, 'test:pipe', 'c-uncounted', 'c', 'h');
      });
      await expect(miscounted).rejects.toMatchObject({ cause: { message: expect.stringContaining('a statement after COMMIT') } });
      expect(await keys('c-')).toEqual(['c-counted']);
    });
});
