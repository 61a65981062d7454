// A board's live event feed: subscribe with the last applied seq, apply the replay, then live events,
// dropping any seq already applied. Reconnects resume from the cursor, so nothing is missed or doubled.
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '$lib/protocol/errors';
import { PROTOCOL_VERSION, type BoardEvent, type ClientToServer, type ServerToClient, type SubscribeResult } from '$lib/protocol/events';

export type LinkStatus = 'connecting' | 'live' | 'offline' | 'ended';

export class LiveBoard {
  #events = $state<BoardEvent[]>([]);
  #status = $state<LinkStatus>('connecting');
  #lastSeq = $state(0);
  #socket: Socket<ServerToClient, ClientToServer> | undefined;
  #buffer: BoardEvent[] = [];
  #subscribed = false;
  #listeners = new Set<(e: BoardEvent) => void>();
  #onLive = new Set<() => void>();

  constructor(
    readonly scope: string,
    initial: BoardEvent[],
    since: number,
    private readonly keep = 100
  ) {
    this.#events = initial.slice(-keep);
    this.#lastSeq = since;
  }

  get events() {
    return this.#events;
  }
  get status() {
    return this.#status;
  }
  get lastSeq() {
    return this.#lastSeq;
  }

  /** Server-side state derived from events (a kanban, a counter) listens here. */
  onEvent(fn: (e: BoardEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Every time the subscription (re)starts: a list kept outside the event stream reads itself again. */
  onLive(fn: () => void): () => void {
    this.#onLive.add(fn);
    return () => this.#onLive.delete(fn);
  }

  connect(auth: { token?: string } = {}): void {
    const socket: Socket<ServerToClient, ClientToServer> = io({ path: '/socket.io', auth: { protocol: PROTOCOL_VERSION, ...auth }, transports: ['websocket'] });
    this.#socket = socket;
    socket.on('connect', () => this.#subscribe());
    socket.on('disconnect', () => {
      this.#subscribed = false;
      if (this.#status !== 'ended') this.#status = 'offline';
    });
    socket.on('connect_error', (err) => {
      const code = (err as Error & { data?: { error?: { code?: string } } }).data?.error?.code;
      if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED' || code === 'DEVICE_REVOKED') this.#end();
      else this.#status = 'offline';
    });
    socket.on('session:ended', () => this.#end());
    socket.on('board:event', (e) => (this.#subscribed ? this.#apply(e) : this.#buffer.push(e)));
  }

  disconnect(): void {
    this.#socket?.disconnect();
  }

  #end() {
    this.#status = 'ended';
    this.#socket?.disconnect();
  }

  #subscribe() {
    // A board that has seen nothing yet subscribes "from now" and adopts the server's mark.
    this.#socket?.emit('board:subscribe', { scope: this.scope, since: this.#lastSeq || undefined }, (res: Ack<SubscribeResult>) => {
      if ('error' in res) {
        this.#status = 'offline';
        return;
      }
      if (res.data.resync) {
        location.reload();
        return;
      }
      for (const e of res.data.events) this.#apply(e);
      // The replay covered everything in this scope up to hw.
      if (res.data.hw > this.#lastSeq) this.#lastSeq = res.data.hw;
      this.#subscribed = true;
      const buffered = this.#buffer;
      this.#buffer = [];
      for (const e of buffered) this.#apply(e);
      this.#status = 'live';
      for (const fn of this.#onLive) fn();
    });
  }

  #apply(e: BoardEvent) {
    if (e.seq <= this.#lastSeq) return;
    this.#lastSeq = e.seq;
    this.#events = [...this.#events, e].slice(-this.keep);
    for (const fn of this.#listeners) fn(e);
  }
}
