// Hot statements, built once. drizzle renders a query's SQL from its builder on every call — about a quarter
// of the server's CPU per case transition (docs/BENCHMARKS.md, "Throughput, third pass"). A statement made
// here is built the first time it runs, with placeholders, as a drizzle prepared query; every later call
// only fills in the values and runs it on the connection the caller holds — the pool, or its transaction's
// — so it stays inside the caller's transaction exactly as the builder form would.
//
// drizzle binds a prepared query to the session it was built on (its `client`); running it on another
// connection means handing it that connection's client. Both drivers used here (postgres-js, PGlite) keep it
// in `client`: checked when a statement is first built, so a drizzle upgrade that moves it fails loudly
// instead of running a statement outside its transaction.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';

interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}
interface Session {
  client: unknown;
}

/** drizzle's session of `db`: the connection it runs on is its `client` (checked in `statement`). */
export const sessionOf = (db: DbOrTx) => (db as unknown as { session: Session }).session;

export function statement<V extends Record<string, unknown>, R>(name: string, build: (db: DbOrTx) => { prepare(name: string): Prepared<R> }): (db: DbOrTx, values: V) => Promise<R> {
  // One built query per driver (its session class): the SQL is the same, the client is swapped per call.
  const built = new Map<unknown, Prepared<R>>();
  return (db, values) => {
    const session = sessionOf(db);
    let prepared = built.get(session.constructor);
    if (!prepared) {
      prepared = build(db).prepare(name);
      if ((prepared as unknown as Session).client !== session.client) throw new Error(`statement ${name}: drizzle's prepared query no longer keeps its connection in "client"`);
      built.set(session.constructor, prepared);
    }
    return (Object.create(prepared, { client: { value: session.client } }) as Prepared<R>).execute(values);
  };
}

/**
 * Ids given as a jsonb array (a JSON string, or a placeholder for one) as an array the planner takes as an
 * index condition (`col = any(…)`): the SQL is the same for one id and for many, so is its prepared statement.
 */
export const idArray = (ids: unknown) => sql`array(select (jsonb_array_elements_text(${ids}::jsonb))::int)`;
