// The event write+publish path measured against the database's own floor.
//
// App path: `command()` (idempotency claim, the state change's event row under the outbox lock, commit,
// nudge) until the dispatcher hands the event to a `bus.on` listener — what the socket.io gateway sees.
// Raw path: an equivalent row INSERTed and COMMITted straight through the driver (postgres.js, or
// PGlite's `exec`), timed to the commit. Both run closed-loop at a fixed number of callers in flight.
import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import type { StoredEvent } from '../src/lib/server/repositories/event.repository';
import type { Runtime } from '../src/lib/server/runtime/runtime';
import { command } from '../src/lib/server/services/uow';

export interface CellResult {
  n: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** app path only: call → command() resolved (committed), before the dispatcher's part */
  commitP50?: number;
}

/** One call's latency in ms, and for the app path also when its commit returned. */
export type Sample = { ms: number; commitMs?: number };

export interface CellLimits {
  /** stop issuing new calls after this many ms (calls in flight finish) */
  ms: number;
  /** or after this many calls, whichever comes first */
  max: number;
  /** calls made before measuring, at the same concurrency */
  warmup: number;
}

export const SCOPE = 'point:1';
const PRINCIPAL = 'staff:bench';

/** Same table shape as `event` (own sequence, same GIN index): the row a raw writer would insert. */
export const RAW_TABLE_SQL = `
  create table if not exists bench_raw (
    seq bigserial primary key,
    type text not null,
    scopes text[] not null,
    payload jsonb not null,
    actor text not null,
    created_at timestamptz not null default now()
  );
  create index if not exists bench_raw_scopes_gin on bench_raw using gin (scopes);`;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Runs `op(i)` from `concurrency` loops until the limits say stop; `op` resolves to its latency in ms. */
export async function closedLoop(concurrency: number, limits: CellLimits, op: (i: number) => Promise<Sample>): Promise<CellResult> {
  let next = 0;
  const warm = async () => {
    while (next < limits.warmup) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, warm));

  const samples: Sample[] = [];
  const start = performance.now();
  const deadline = start + limits.ms;
  let issued = 0;
  const loop = async () => {
    while (issued < limits.max && performance.now() < deadline) {
      issued++;
      samples.push(await op(next++));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - start) / 1000;
  const latencies = samples.map((s) => s.ms).sort((a, b) => a - b);
  const commits = samples.flatMap((s) => (s.commitMs === undefined ? [] : [s.commitMs])).sort((a, b) => a - b);
  return {
    n: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    commitP50: commits.length ? quantile(commits, 0.5) : undefined
  };
}

/**
 * The real service path. Latency runs from the call to the moment the dispatcher delivers the event
 * to a listener, so it includes the commit, the nudge, the dispatcher's read and any hole it waits out.
 */
export async function appPath(rt: Runtime, label: string, concurrency: number, limits: CellLimits): Promise<CellResult> {
  const waiting = new Map<string, { t0: number; done: (ms: number) => void }>();
  const off = rt.core.bus.on((events: StoredEvent[]) => {
    const now = performance.now();
    for (const e of events) {
      const w = waiting.get((e.payload as { text?: string }).text ?? '');
      if (!w) continue;
      waiting.delete((e.payload as { text: string }).text);
      w.done(now - w.t0);
    }
  });
  try {
    return await closedLoop(concurrency, limits, (i) => {
      const text = `bench ${label} c${concurrency} #${i}`;
      const input = { scope: SCOPE, text };
      return new Promise<Sample>((resolve, reject) => {
        const t0 = performance.now();
        let commitMs: number | undefined;
        let deliveredMs: number | undefined;
        // The dispatcher may deliver before command() has resolved here: answer once both are known.
        const settle = () => {
          if (commitMs !== undefined && deliveredMs !== undefined) resolve({ ms: deliveredMs, commitMs });
        };
        waiting.set(text, {
          t0,
          done: (ms) => {
            deliveredMs = ms;
            settle();
          }
        });
        command(rt.core, { principal: PRINCIPAL, key: `${label}-c${concurrency}-${i}`, name: 'notice.post', input }, async (_tx, emit) => {
          emit('board.notice.v1', [SCOPE], { text, by: 'bench' });
          return input;
        }).then(
          () => {
            commitMs = performance.now() - t0;
            settle();
          },
          (err: unknown) => {
            waiting.delete(text);
            reject(err);
          }
        );
      });
    });
  } finally {
    off();
  }
}

const rawPayload = (i: number) => JSON.stringify({ text: `raw #${i}`, by: 'bench' });

/** postgres.js: BEGIN; INSERT; COMMIT — timed to the commit's answer. */
export function rawPostgres(sql: Sql, concurrency: number, limits: CellLimits): Promise<CellResult> {
  return closedLoop(concurrency, limits, async (i) => {
    const t0 = performance.now();
    await sql.begin(async (tx) => {
      await tx`insert into bench_raw (type, scopes, payload, actor) values ('board.notice.v1', ${[SCOPE]}, ${rawPayload(i)}::jsonb, ${PRINCIPAL})`;
    });
    return { ms: performance.now() - t0 };
  });
}

/** PGlite: one `exec` of BEGIN; INSERT; COMMIT (PGlite runs one at a time, so callers queue). */
export function rawPglite(pg: PGlite, concurrency: number, limits: CellLimits): Promise<CellResult> {
  return closedLoop(concurrency, limits, async (i) => {
    const t0 = performance.now();
    await pg.exec(
      `begin; insert into bench_raw (type, scopes, payload, actor) values ('board.notice.v1', array['${SCOPE}'], '${rawPayload(i)}'::jsonb, '${PRINCIPAL}'); commit;`
    );
    return { ms: performance.now() - t0 };
  });
}
