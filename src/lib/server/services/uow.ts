// A unit of work: state change and its event rows in one transaction, then a nudge to the dispatcher.
// `command` adds idempotency: the key is claimed in the same transaction, so a retry after a crash
// either finds the committed result or finds nothing and runs again — never half of each.
import { createHash } from 'node:crypto';
import { AppError } from '../../protocol/errors';
import type { EventPayloads, EventType } from '../../protocol/events';
import type { Tx } from '../db/client';
import { appendEvents, type NewEvent, type StoredEvent } from '../repositories/event.repository';
import { claimKey, findKey, storeResponse } from '../repositories/idempotency.repository';
import type { Core } from '../runtime/core';

export type Emit = <T extends EventType>(type: T, scopes: string[], payload: EventPayloads[T]) => void;
/**
 * A write whose result nobody in the transaction reads (a timeline row, a counter bump, the stored
 * response). Deferred writes are sent together with the event rows just before commit: on Postgres
 * postgres.js pipelines them on the transaction's connection (one round trip, not one each), and
 * contended rows such as the dashboard counters are held only from there to the commit.
 */
export type Defer = (write: (tx: Tx) => Promise<unknown>) => void;

/** Postgres aborted the transaction to break a deadlock or a serialization conflict: nothing of it stayed. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export async function transact<T>(core: Core, actor: string, fn: (tx: Tx, emit: Emit, defer: Defer) => Promise<T>): Promise<T> {
  core.metrics.dbInFlight.inc();
  try {
    for (let attempt = 1; ; attempt++) {
      const events: NewEvent[] = [];
      const emit: Emit = (type, scopes, payload) => {
        events.push({ type, scopes, payload, actor });
      };
      try {
        const result = await core.db.transaction(async (tx) => {
          const deferred: ((tx: Tx) => Promise<unknown>)[] = [];
          const r = await fn(tx, emit, (w) => void deferred.push(w));
          // Last, in one go: the deferred writes and the event rows (whose statement takes the outbox lock,
          // so it is held only for the insert and the commit).
          const done = await settleAll<unknown[]>([...deferred.map((w) => w(tx)), events.length ? appendEvents(tx, events) : Promise.resolve([])]);
          return { r, stored: done[done.length - 1] as StoredEvent[] };
        });
        if (events.length) core.bus.committed(result.stored);
        return result.r;
      } catch (err) {
        // The whole transaction (idempotency claim included) was rolled back, so running it again is
        // safe; the caller gets an answer instead of a 500 for a conflict it did not cause.
        if (attempt < ATTEMPTS && RETRYABLE.has(pgCode(err))) {
          core.log.warn({ code: pgCode(err), attempt }, 'transaction aborted by the database; retrying');
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
          continue;
        }
        throw mapDbError(err);
      }
    }
  } finally {
    core.metrics.dbInFlight.dec();
  }
}

/**
 * `Promise.all` for statements of one transaction, issued together (pipelined on postgres.js), that
 * waits for every one of them to settle before it rejects: a write must never be issued or still be in
 * flight after its transaction's callback has returned and the connection gone back to the pool.
 * Rejects with the root cause, not with a later statement's "transaction is aborted" (25P02).
 */
export async function settleAll<T extends unknown[]>(ps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(ps);
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed.length) throw (failed.find((f) => pgCode(f.reason) !== '25P02') ?? failed[0]).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function pgCode(err: unknown): string {
  // drizzle wraps driver errors (DrizzleQueryError); the Postgres code is on the cause.
  const w = err as { code?: string; cause?: { code?: string } };
  return (w?.code === undefined && w?.cause ? w.cause.code : w?.code) ?? '';
}

export interface CommandMeta {
  principal: string;
  /** client-generated, unique per intended change */
  key: string;
  name: string;
  input: unknown;
}

export interface CommandResult<T> {
  result: T;
  replayed: boolean;
}

/**
 * `read`, when given, is the command's first reads (say, the row it locks): sent together with the key
 * claim, so both cost one round trip, and handed to `fn`. On a replay their result is thrown away.
 */
export async function command<T, R = undefined>(
  core: Core,
  meta: CommandMeta,
  fn: (tx: Tx, emit: Emit, defer: Defer, read: R) => Promise<T>,
  read?: (tx: Tx) => Promise<R>
): Promise<CommandResult<T>> {
  const hash = requestHash(meta.name, meta.input);
  return transact(core, meta.principal, async (tx, emit, defer) => {
    // The claim goes first on the wire: a concurrent duplicate blocks on it before reading anything.
    const [claimed, pre] = await settleAll<[boolean, R]>([claimKey(tx, meta.principal, meta.key, meta.name, hash), read ? read(tx) : Promise.resolve(undefined as R)]);
    if (claimed) {
      const result = await fn(tx, emit, defer, pre);
      // Stored in the same transaction as the change: a retry finds it, or finds nothing and runs again.
      defer((tx) => storeResponse(tx, meta.principal, meta.key, result ?? null));
      return { result, replayed: false };
    }
    const prior = await findKey(tx, meta.principal, meta.key);
    if (!prior || prior.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT');
    return { result: prior.response as T, replayed: true };
  });
}

export function requestHash(name: string, input: unknown): string {
  return createHash('sha256').update(name).update('\0').update(stableJson(input)).digest('hex');
}

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** A database that cannot be reached is a 503 for the caller, not a 500. */
export function mapDbError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = pgCode(err);
  // A unique constraint refused the write: someone else got there first.
  if (code === '23505') return new AppError('CONFLICT');
  if (['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P03'].includes(code))
    return new AppError('UNAVAILABLE');
  return err;
}
