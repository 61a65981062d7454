// Postgres persistence for @y/websocket-server documents: every update is stored as it arrives
// (batched per tick), loaded before the first client is let in, compacted when updates pile up.
//
// With several processes an update relayed from another process is stored by that process, once. If it
// died before storing it, the update lives only here (and in its author's browser, whose reconnect here
// re-sends nothing: this copy already has it). So before this process says "saved", and before it drops
// a document, it checks what is stored against what it holds and stores any difference itself.
import * as Y from 'yjs';
import { appendUpdates, compact, loadUpdates } from '../repositories/yjs.repository';
import type { Core } from '../runtime/core';

const LOADED = Symbol('loaded-from-db');
/** Origin of updates relayed from another process: that process stores them, not this one. */
export const REMOTE_ORIGIN = Symbol('relayed');
/** How long a relayed update's origin has to store it before a "saved" here checks for it. */
const RELAY_GRACE_MS = 250;

export class YjsPersistence {
  #loading = new Map<string, Promise<void>>();
  #pending = new Map<string, Uint8Array[]>();
  #writing = new Map<string, Promise<void>>();
  #stored = new Map<string, number>();
  /** Documents holding relayed updates not yet checked against the table: when the last one came. */
  #relayed = new Map<string, { doc: Y.Doc; at: number }>();
  #checking = new Map<string, Promise<void>>();

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
    this.#relayed.delete(name);
  }

  /** Called when the last client leaves: everything received is on disk before the doc is dropped. */
  async writeState(name: string): Promise<void> {
    const loading = this.#loading.get(name);
    await this.settle(name).catch((err) => {
      // Only relayed edits can be left (ours are retried until stored): their author was never told
      // "saved", so its browser still holds them and sends them again on its next connection.
      this.core.log.error({ err, doc: name }, 'yjs: relayed edits not checked before the document was dropped');
    });
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

  /**
   * Resolves once everything this document holds is stored: its own updates, and relayed ones whose
   * origin did not store them (checked after a grace period, in which the origin normally has).
   */
  async settle(name: string): Promise<void> {
    await this.flush(name);
    for (;;) {
      const running = this.#checking.get(name);
      if (running) {
        await running; // a save answered while another's check is still writing would be early
        continue;
      }
      const r = this.#relayed.get(name);
      if (!r) return;
      const wait = r.at + RELAY_GRACE_MS - Date.now();
      if (wait > 0) {
        await new Promise((done) => setTimeout(done, wait));
        continue; // more may have come meanwhile
      }
      this.#relayed.delete(name);
      const check = this.#storeMissing(name, r.doc)
        .catch((err) => {
          if (!this.#relayed.has(name)) this.#relayed.set(name, r);
          throw err;
        })
        .finally(() => this.#checking.delete(name));
      this.#checking.set(name, check);
      await check;
    }
  }

  /** Stores what `doc` holds and the table does not (inserts and deletions alike), as one update. */
  async #storeMissing(name: string, doc: Y.Doc): Promise<void> {
    const stored = new Y.Doc();
    try {
      for (const row of await loadUpdates(this.core.db, name)) Y.applyUpdate(stored, new Uint8Array(row.update));
      const missing: Uint8Array[] = [];
      stored.on('update', (u: Uint8Array) => missing.push(u));
      Y.applyUpdate(stored, Y.encodeStateAsUpdate(doc));
      if (!missing.length) return;
      await appendUpdates(this.core.db, name, missing);
      this.#stored.set(name, (this.#stored.get(name) ?? 0) + missing.length);
      this.core.log.warn({ doc: name }, 'yjs: stored relayed edits whose origin had not stored them');
    } finally {
      stored.destroy();
    }
  }

  async #load(name: string, doc: Y.Doc): Promise<void> {
    await this.flush(name); // a previous incarnation of this doc may still be writing
    const rows = await loadUpdates(this.core.db, name);
    Y.transact(doc, () => rows.forEach((r) => Y.applyUpdate(doc, new Uint8Array(r.update))), LOADED);
    this.#stored.set(name, rows.length);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOADED) return;
      if (origin === REMOTE_ORIGIN) {
        this.#relayed.set(name, { doc, at: Date.now() });
        return;
      }
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
