// Server-side prepared statements for every parameterised query drizzle sends through postgres.js.
//
// drizzle's postgres-js driver asks for a prepared statement only for queries given a name
// (`.prepare('name')`), so Postgres parsed, analysed and planned each of a case transition's statements
// on every request — measured at 2.4 ms of Postgres CPU per transition, against 0.9 ms prepared
// (docs/BENCHMARKS.md, "Throughput, third pass"). postgres.js caches one named statement per distinct
// query text on each connection; drizzle's texts are stable (values are parameters), so the cache stays
// small, and postgres.js drops it with the connection. Queries without parameters (migrations, `select 1`)
// keep the simple protocol, which can carry several statements.
import type { Sql } from 'postgres';
import { pipelinedBegin } from './pipeline';

type Unsafe = Sql['unsafe'];

export function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'unsafe') {
        return ((query: string, args?: unknown[], options?: Record<string, unknown>) =>
          (value as Unsafe).call(target, query, args as never, { ...options, prepare: true })) as Unsafe;
      }
      // Transactions send BEGIN with their first statements (db/pipeline.ts); their client prepares too.
      if (prop === 'begin') return pipelinedBegin(target, preparing);
      // Savepoints hand the callback a client of their own: prepare through it too.
      if (prop === 'savepoint') {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: Sql) => unknown;
          return (value as (...a: unknown[]) => unknown).call(target, ...args, (tx: Sql) => callback(preparing(tx)));
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    }
  });
}
