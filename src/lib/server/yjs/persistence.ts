// Postgres persistence for @y/websocket-server documents: every update is stored as it arrives
// (batched per tick), loaded before the first client is let in, compacted when updates pile up.
import * as Y from 'yjs';
import { appendUpdates, compact, loadUpdates } from '../repositories/yjs.repository';
import type { Core } from '../runtime/core';

const LOADED = Symbol('loaded-from-db');
/** Origin of updates relayed from another process: that process stores them, not this one. */
export const REMOTE_ORIGIN = Symbol('relayed');

export class YjsPersistence {
  #loading = new Map<string, Promise<void>>();
  #pending = new Map<string, Uint8Array[]>();
  #writing = new Map<string, Promise<void>>();
  #stored = new Map<string, number>();

  constructor(private readonly core: Core) {}

  /** Called by the registry when it creates a document. */
  bindState(name: string, doc: Y.Doc): void {
    this.#loading.set(name, this.#load(name, doc));
  }

  /** Resolves when the document's stored state is in memory. */
  async ready(name: string): Promise<void> {
    await this.#loading.get(name);
  }

  /** A load that failed (database unreachable): forget it, so the next open loads afresh. */
  discard(name: string): void {
    this.#loading.delete(name);
    this.#stored.delete(name);
    this.#pending.delete(name);
  }

  /** Called when the last client leaves: everything received is on disk before the doc is dropped. */
  async writeState(name: string): Promise<void> {
    const loading = this.#loading.get(name);
    await this.flush(name);
    // Reopened meanwhile: the state now belongs to the new incarnation, still loading.
    if (this.#loading.get(name) !== loading) return;
    this.#loading.delete(name);
    this.#stored.delete(name);
  }

  /** Resolves once every update received so far for this document is committed. */
  async flush(name: string): Promise<void> {
    while (this.#writing.has(name) || this.#pending.get(name)?.length) {
      if (!this.#writing.has(name)) this.#schedule(name);
      await this.#writing.get(name);
    }
  }

  async #load(name: string, doc: Y.Doc): Promise<void> {
    await this.flush(name); // a previous incarnation of this doc may still be writing
    const rows = await loadUpdates(this.core.db, name);
    Y.transact(doc, () => rows.forEach((r) => Y.applyUpdate(doc, new Uint8Array(r.update))), LOADED);
    this.#stored.set(name, rows.length);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOADED || origin === REMOTE_ORIGIN) return;
      const q = this.#pending.get(name) ?? [];
      q.push(update);
      this.#pending.set(name, q);
      if (!this.#writing.has(name)) this.#schedule(name);
    });
  }

  #schedule(name: string): void {
    const run = (async () => {
      await new Promise((r) => setImmediate(r));
      const batch = this.#pending.get(name) ?? [];
      this.#pending.set(name, []);
      if (batch.length) {
        try {
          await appendUpdates(this.core.db, name, batch);
        } catch (err) {
          // Keep them for the next attempt rather than lose an edit.
          this.#pending.set(name, [...batch, ...(this.#pending.get(name) ?? [])]);
          this.core.log.error({ err, doc: name }, 'yjs update not stored; will retry');
          await new Promise((r) => setTimeout(r, 500));
          return;
        }
        const stored = (this.#stored.get(name) ?? 0) + batch.length;
        this.#stored.set(name, stored);
        if (stored >= this.core.config.yjsCompactAfter) {
          // Compaction is housekeeping: the updates are stored either way. A failure (database gone
          // mid-way) must not reject this promise, which `flush` callers and nobody else await.
          try {
            const n = await compact(this.core.db, name, (u) => Y.mergeUpdates(u));
            this.#stored.set(name, 1);
            this.core.log.debug({ doc: name, merged: n }, 'yjs document compacted');
          } catch (err) {
            this.core.log.warn({ err, doc: name }, 'yjs compaction failed; will try again later');
          }
        }
      }
    })().finally(() => {
      this.#writing.delete(name);
      if (this.#pending.get(name)?.length) this.#schedule(name);
    });
    this.#writing.set(name, run);
  }
}
