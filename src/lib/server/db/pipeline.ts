// Transactions on postgres.js with two round trips fewer. postgres.js's begin() waits for BEGIN's answer before
// it runs the callback, and for the callback's last answer before it sends COMMIT; the group commit
// (services/case.batch.ts) is BEGIN, one round of reads, one round of writes and COMMIT, so half of its trips
// to Postgres — and of its socket writes, each of which wakes a Postgres backend — carried one word each.
// Here BEGIN goes out with the transaction's first statements, and a caller that knows which statements are
// its last (`commitAfter`) has COMMIT sent right behind them, without waiting for their answers.
//
// Why this is as safe as waiting: the statements of one connection run in the order they were sent, and
// every one is sent the moment it is made (`execute()`), so COMMIT runs after the statements counted before
// it. If one of them fails, Postgres aborts the transaction: every later statement fails too, and COMMIT
// answers ROLLBACK — nothing of it stays. The caller sees the failure as before; the answer to COMMIT is
// checked as well. A callback that fails before COMMIT was sent gets a ROLLBACK, as with begin().
import type { Sql } from 'postgres';
import type { DbOrTx } from './client';
import { sessionOf } from './statement';

const PIPE = Symbol('pipe');
/** COMMIT as sent: its answer's command is COMMIT, or ROLLBACK for a transaction that had failed */
type Commit = Promise<{ command: string }>;

interface Pipe {
  /** statements sent so far in this transaction */
  sent: number;
  /** send COMMIT once this many have been sent */
  commitAt: number;
  commit?: Commit;
}

/**
 * begin() for the pool `pool`: a reserved connection, BEGIN sent without waiting, the callback run with a
 * client (wrapped by `wrap`, as the pool's own is) that sends every statement at once.
 */
export function pipelinedBegin(pool: Sql, wrap: (c: Sql) => Sql) {
  return async <T>(fn: (tx: Sql) => T | Promise<T>): Promise<T> => {
    const conn = await pool.reserve();
    const pipe: Pipe = { sent: 0, commitAt: Infinity };
    const begun = conn.unsafe('begin').execute();
    begun.catch(() => {}); // awaited below; a failed BEGIN fails the statements behind it too
    const client = new Proxy(conn, {
      get(target, prop) {
        if (prop === PIPE) return pipe;
        const value = Reflect.get(target, prop, target);
        if (prop !== 'unsafe') return typeof value === 'function' ? value.bind(target) : value;
        return ((query: string, args?: never[], options?: object) => {
          // It would run outside the transaction: a caller that miscounted its last statements.
          if (pipe.commit) throw new Error('a statement after COMMIT was sent (commitAfter counted too few)');
          const q = target.unsafe(query, args, options).execute();
          if (++pipe.sent === pipe.commitAt) {
            const commit: Commit = target.unsafe('commit').execute();
            commit.catch(() => {});
            pipe.commit = commit;
          }
          return q;
        }) as Sql['unsafe'];
      }
    }) as unknown as Sql;
    try {
      const result = await fn(wrap(client));
      await begun;
      const done = await (pipe.commit ?? conn.unsafe('commit'));
      if (done.command !== 'COMMIT') throw new Error(`transaction ended with ${done.command} instead of COMMIT`);
      return result;
    } catch (e) {
      if (pipe.commit) await pipe.commit.catch(() => {});
      else await conn.unsafe('rollback').catch(() => {});
      throw e;
    } finally {
      conn.release();
    }
  };
}

/**
 * The transaction's next `n` statements are its last: COMMIT goes out right behind the n-th, without waiting
 * for the answers. Every statement must then be one the transaction waits for; it still learns of any failure, and a
 * failure rolls the whole transaction back. Outside a pipelined transaction (PGlite) this does nothing.
 */
export function commitAfter(tx: DbOrTx, n: number): void {
  const pipe = (sessionOf(tx).client as Record<symbol, Pipe | undefined>)[PIPE];
  if (pipe && n > 0) pipe.commitAt = pipe.sent + n;
}
