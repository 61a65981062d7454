// Client side of the Yjs "saved" acknowledgement (see protocol/yjs-saved.ts), on y-websocket's own
// WebsocketProvider: counts local edits, asks the server to confirm them after they were sent (and
// again after every reconnect's sync, which re-sends what the server lacks), and reports the state.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { YjsMessage } from '../protocol/yjs-saved';

/** saved: the server has committed every local edit · saving: sent, not yet confirmed · offline: edits wait for the connection */
export type SaveState = 'saved' | 'saving' | 'offline';

export class SaveTracker {
  #edits = 0;
  #confirmed = 0;
  #queued = false;
  #state: SaveState = 'saved';
  #waiters = new Set<() => void>();
  #off: () => void;

  constructor(
    private readonly provider: WebsocketProvider,
    doc: Y.Doc,
    private readonly onChange: (s: SaveState) => void = () => {}
  ) {
    provider.messageHandlers[YjsMessage.SAVED] = (_enc, dec) => {
      this.#confirmed = Math.max(this.#confirmed, decoding.readVarUint(dec));
      this.#update();
    };
    // Registered after the provider's own handler, so the edit is on the wire before the request.
    const onUpdate = (_u: Uint8Array, origin: unknown) => {
      if (origin === provider) return; // the server's, not ours
      this.#edits++;
      this.#update();
      this.#request();
    };
    // After a (re)connect the sync exchange re-sends what the server lacks, then fires `sync`.
    const onSync = (synced: boolean) => {
      if (synced && this.#confirmed < this.#edits) this.#request();
      this.#update();
    };
    const onStatus = () => this.#update();
    doc.on('update', onUpdate);
    provider.on('sync', onSync);
    provider.on('status', onStatus);
    this.#off = () => {
      doc.off('update', onUpdate);
      provider.off('sync', onSync);
      provider.off('status', onStatus);
    };
  }

  get state(): SaveState {
    return this.#state;
  }

  /** Resolves when every edit made so far is confirmed saved. */
  whenSaved(): Promise<void> {
    const target = this.#edits;
    return new Promise((resolve) => {
      const check = () => {
        if (this.#confirmed < target) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  destroy(): void {
    this.#off();
    this.#waiters.clear();
    delete this.provider.messageHandlers[YjsMessage.SAVED];
  }

  /** One request per tick however many edits it had. */
  #request(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      const ws = this.provider.ws;
      if (!this.provider.wsconnected || !this.provider.synced || !ws) return; // the next `sync` asks
      const enc = encoding.createEncoder();
      encoding.writeVarUint(enc, YjsMessage.SAVE);
      encoding.writeVarUint(enc, this.#edits);
      ws.send(encoding.toUint8Array(enc));
    });
  }

  #update(): void {
    const next: SaveState = this.#confirmed >= this.#edits ? 'saved' : this.provider.wsconnected ? 'saving' : 'offline';
    if (next !== this.#state) {
      this.#state = next;
      this.onChange(next);
    }
    for (const w of [...this.#waiters]) w();
  }
}
