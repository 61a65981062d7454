// A unit of work: state change and its event rows in one transaction, then a nudge to the dispatcher.
// `command` adds idempotency: the key is claimed in the same transaction, so a retry after a crash
// either finds the committed result or finds nothing and runs again — never half of each.
import { createHash } from 'node:crypto';
import { AppError } from '../../protocol/errors';
import type { EventPayloads, EventType } from '../../protocol/events';
import type { Tx } from '../db/client';
import { appendEvents, type NewEvent } from '../repositories/event.repository';
import { claimKey, findKey, storeResponse } from '../repositories/idempotency.repository';
import type { Core } from '../runtime/core';

export type Emit = <T extends EventType>(type: T, scopes: string[], payload: EventPayloads[T]) => void;

/** Postgres aborted the transaction to break a deadlock or a serialization conflict: nothing of it stayed. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export async function transact<T>(core: Core, actor: string, fn: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  core.metrics.dbInFlight.inc();
  try {
    for (let attempt = 1; ; attempt++) {
      const events: NewEvent[] = [];
      const emit: Emit = (type, scopes, payload) => {
        events.push({ type, scopes, payload, actor });
      };
      try {
        const result = await core.db.transaction(async (tx) => {
          const r = await fn(tx, emit);
          // Last statement before commit: the outbox lock is held only for the insert and the commit.
          if (events.length) await appendEvents(tx, events);
          return r;
        });
        if (events.length) core.bus.committed();
        return result;
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

export async function command<T>(core: Core, meta: CommandMeta, fn: (tx: Tx, emit: Emit) => Promise<T>): Promise<CommandResult<T>> {
  const hash = requestHash(meta.name, meta.input);
  return transact(core, meta.principal, async (tx, emit) => {
    if (await claimKey(tx, meta.principal, meta.key, meta.name, hash)) {
      const result = await fn(tx, emit);
      await storeResponse(tx, meta.principal, meta.key, result ?? null);
      return { result, replayed: false };
    }
    const prior = await findKey(tx, meta.principal, meta.key);
    if (!prior || prior.requestHash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT');
    return { result: prior.response as T, replayed: true };
  });
}

function requestHash(name: string, input: unknown): string {
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
