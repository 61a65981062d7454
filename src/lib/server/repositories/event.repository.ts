// The event log: a transactional outbox read in seq order by every process's dispatcher.
import { and, asc, gt, lte, sql } from 'drizzle-orm';
import { rowsOf, type Db, type DbOrTx } from '../db/client';
import { event } from '../db/schema';
import { statement } from '../db/statement';

/** Writers hold this lock shared from the moment they take a seq until commit; see EventBus.barrier. */
const OUTBOX_LOCK = 7_041_977;

export interface NewEvent {
  type: string;
  scopes: string[];
  payload: unknown;
  actor: string;
}

export interface StoredEvent {
  seq: number;
  type: string;
  scopes: string[];
  payload: unknown;
  createdAt: Date;
}

const cols = { seq: event.seq, type: event.type, scopes: event.scopes, payload: event.payload, createdAt: event.createdAt };

/**
 * One statement: the materialised CTE takes the outbox lock (shared) before the insert draws its first
 * seq, so the lock covers every seq taken, as a separate `select pg_advisory_xact_lock_shared` would,
 * without its round trip. Rows are inserted, and get their seqs, in the order given. Returns them as stored,
 * for the dispatcher (EventBus.committed).
 */
export async function appendEvents(tx: DbOrTx, events: NewEvent[]): Promise<StoredEvent[]> {
  const rows = rowsOf<{ seq: string | number; type: string; scopes: string[]; payload: unknown; created_at: string }>(
    await tx.execute(sql`
      with outbox as materialized (select pg_advisory_xact_lock_shared(${OUTBOX_LOCK}))
      insert into ${event} (type, scopes, payload, actor)
      select e.type, e.scopes, e.payload, e.actor
        from outbox,
             rows from (jsonb_to_recordset(${JSON.stringify(events.map(({ type, scopes, payload, actor }) => ({ type, scopes, payload, actor })))}::jsonb)
               as (type text, scopes text[], payload jsonb, actor text)) with ordinality as e(type, scopes, payload, actor, n)
       order by e.n
      returning seq, type, scopes, payload, created_at`)
  );
  // As the dispatcher reads them (eventsAfter), whichever driver answered.
  return rows.map((r) => ({
    seq: Number(r.seq),
    type: r.type,
    scopes: event.scopes.mapFromDriverValue(r.scopes) as string[],
    payload: event.payload.mapFromDriverValue(r.payload),
    createdAt: event.createdAt.mapFromDriverValue(r.created_at) as Date
  }));
}

// The dispatcher's read after every batch of commits, in every process: built once (db/statement.ts).
const after$ = statement('events_after', (db) =>
  db.select(cols).from(event).where(gt(event.seq, sql.placeholder('after'))).orderBy(asc(event.seq)).limit(sql.placeholder('limit'))
);
export function eventsAfter(db: Db, after: number, limit: number): Promise<StoredEvent[]> {
  return after$(db, { after, limit });
}

export function eventsForScope(db: Db, scope: string, after: number, upTo: number, limit: number): Promise<StoredEvent[]> {
  return db
    .select(cols)
    .from(event)
    .where(and(gt(event.seq, after), lte(event.seq, upTo), sql`${event.scopes} @> array[${scope}]::text[]`))
    .orderBy(asc(event.seq))
    .limit(limit);
}

export async function recentForScope(db: Db, scope: string, limit: number): Promise<StoredEvent[]> {
  const rows = await db
    .select(cols)
    .from(event)
    .where(sql`${event.scopes} @> array[${scope}]::text[]`)
    .orderBy(sql`${event.seq} desc`)
    .limit(limit);
  return rows.reverse();
}

export async function maxSeq(db: Db): Promise<number> {
  const [row] = await db.select({ max: sql<string | null>`max(${event.seq})` }).from(event);
  return Number(row?.max ?? 0);
}

/**
 * Waits until no writer holds a seq it has not committed, and returns the highest seq taken so far:
 * every seq at or below it is now either visible or gone for good (rolled back).
 */
export async function outboxBarrier(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${OUTBOX_LOCK})`);
    const [row] = rowsOf<{ last_value: string; is_called: boolean }>(await tx.execute(sql`select last_value, is_called from event_seq_seq`));
    return row && row.is_called ? Number(row.last_value) : 0;
  });
}
