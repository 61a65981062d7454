// The per-process dispatcher of the transactional outbox. It reads the event table in seq order and
// hands each committed event to its listeners (the socket.io gateway, server-side projections) exactly
// once and in order, so a client's "last seq" is a cursor that never skips anything.
//
// Seqs can become visible out of order (two transactions commit in the other order than they took
// their seq). On a hole the dispatcher waits a moment; if it persists it takes the outbox barrier,
// after which every seq up to the barrier is either visible or rolled back for good.
import type { Database } from '../db/client';
import { eventsAfter, maxSeq, outboxBarrier, type StoredEvent } from '../repositories/event.repository';
import { countInstance, releaseInstance } from './instances';
import type { Logger } from './logger';

export type EventListener = (events: StoredEvent[]) => void;

const BATCH = 500;
const HOLE_GRACE_MS = 15;

export class EventBus {
  #hw = 0;
  #listeners = new Set<EventListener>();
  #running = false;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #idle: Promise<void> = Promise.resolve();
  #announce: (() => void) | undefined;
  #announcing = false;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly pollMs = 1000
  ) {
    countInstance('event_bus');
  }

  /** The highest seq handed to listeners: everything at or below it has been dispatched. */
  get hw(): number {
    return this.#hw;
  }

  async start(): Promise<void> {
    // Start after everything already settled. On Postgres another process may be committing a lower
    // seq right now: the barrier waits for it, so no event can appear below our mark later.
    this.#hw = this.database.concurrent ? await outboxBarrier(this.database.db) : await maxSeq(this.database.db);
    // The poll is only a safety net (e.g. a commit made by another process while its nudge was lost).
    this.#timer = setInterval(() => this.nudge(), this.pollMs);
    this.#timer.unref();
  }

  on(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Other processes to tell about our commits (set when running several processes). */
  setPeers(announce: (() => void) | undefined): void {
    this.#announce = announce;
  }

  /**
   * This process committed events: hand them on, and let the other processes know (once per tick). Events
   * given as stored that follow the mark directly are dispatched as they are, without reading them back;
   * otherwise (a read is running, or seqs before them are not dispatched yet) the table is read.
   */
  committed(events: StoredEvent[]): void {
    if (!this.#running && !this.#stopped && events.length && contiguous(events, this.#hw).length === events.length) this.#dispatch(events);
    else this.nudge();
    if (!this.#announce || this.#announcing) return;
    this.#announcing = true;
    setImmediate(() => {
      this.#announcing = false;
      this.#announce?.();
    });
  }

  /** Something was committed here or elsewhere: read the table. Calls during a read coalesce into one more. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#idle = this.#pump().finally(() => {
      this.#running = false;
    });
  }

  /** Resolves once everything committed before the call has been dispatched. */
  async flush(): Promise<void> {
    this.nudge();
    while (this.#running) await this.#idle;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#idle;
    releaseInstance('event_bus');
  }

  async #pump(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again && !this.#stopped);
    } catch (err) {
      this.log.error({ err }, 'event dispatch failed; the poll will retry');
    }
  }

  async #drain(): Promise<void> {
    for (;;) {
      const rows = await eventsAfter(this.database.db, this.#hw, BATCH);
      if (rows.length === 0) return;
      let ready = contiguous(rows, this.#hw);
      if (ready.length < rows.length) {
        ready = await this.#resolveHole(ready.length ? ready : []);
      }
      if (ready.length === 0) return;
      this.#dispatch(ready);
      if (rows.length < BATCH && ready.length === rows.length) return;
    }
  }

  /** There is a hole after the contiguous prefix: wait for it to fill, or prove it never will. */
  async #resolveHole(prefix: StoredEvent[]): Promise<StoredEvent[]> {
    if (prefix.length) return prefix; // dispatch what is certain; the hole is looked at next round
    if (this.database.concurrent) {
      await new Promise((r) => setTimeout(r, HOLE_GRACE_MS));
      const retry = await eventsAfter(this.database.db, this.#hw, BATCH);
      const filled = contiguous(retry, this.#hw);
      if (filled.length) return filled;
    }
    // PGlite runs one transaction at a time, so a hole there is always a rollback; on Postgres the
    // barrier waits for in-flight writers. Either way every seq up to `final` is settled now.
    const final = this.database.concurrent ? await outboxBarrier(this.database.db) : Number.MAX_SAFE_INTEGER;
    const rows = await eventsAfter(this.database.db, this.#hw, BATCH);
    return rows.filter((r) => r.seq <= final);
  }

  #dispatch(events: StoredEvent[]): void {
    this.#hw = events[events.length - 1].seq;
    for (const l of this.#listeners) {
      try {
        l(events);
      } catch (err) {
        this.log.error({ err }, 'event listener failed');
      }
    }
  }
}

function contiguous(rows: StoredEvent[], hw: number): StoredEvent[] {
  let expected = hw + 1;
  let n = 0;
  while (n < rows.length && rows[n].seq === expected) {
    n++;
    expected++;
  }
  return rows.slice(0, n);
}
