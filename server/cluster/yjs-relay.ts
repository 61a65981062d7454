// Yjs across processes: each process that holds a document relays its local changes on a Redis channel
// per document and applies the others'. A process that loads a document announces its state vector;
// the others answer with what it lacks (and their own vector, so it answers in turn). Updates that
// arrive through the relay are not persisted again: the process whose client made a change stores it.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../../src/lib/server/runtime/logger';
import { REMOTE_ORIGIN } from '../../src/lib/server/yjs/persistence';
import type { RedisPair } from './redis';

type Msg = { t: 'u' | 'a' | 'sv' | 'sv2'; from: string; data: string };
type SharedDoc = Y.Doc & { awareness: awarenessProtocol.Awareness };

export class YjsRelay {
  readonly node = randomUUID();
  #bound = new Map<string, { doc: SharedDoc; off: () => void }>();

  constructor(
    private readonly redis: RedisPair,
    private readonly log: Logger
  ) {}

  bind(name: string, doc: SharedDoc): void {
    const channel = `doorstep:yjs:${name}`;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE_ORIGIN) this.#send(channel, 'u', update);
    };
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      this.#send(channel, 'a', awarenessProtocol.encodeAwarenessUpdate(doc.awareness, [...added, ...updated, ...removed]));
    };
    doc.on('update', onUpdate);
    doc.awareness.on('update', onAwareness);
    const listener = (raw: string) => this.#receive(channel, doc, raw);
    this.redis.sub
      .subscribe(channel, listener)
      .then(() => this.#send(channel, 'sv', Y.encodeStateVector(doc)))
      .catch((err: Error) => this.log.warn({ err: err.message, doc: name }, 'yjs relay subscribe failed'));
    this.#bound.set(name, {
      doc,
      off: () => {
        doc.off('update', onUpdate);
        doc.awareness.off('update', onAwareness);
        this.redis.sub.unsubscribe(channel, listener).catch(() => {});
      }
    });
  }

  unbind(name: string): void {
    this.#bound.get(name)?.off();
    this.#bound.delete(name);
  }

  /** After Redis comes back, every held document re-announces itself so the processes catch up. */
  resync(): void {
    for (const [name, { doc }] of this.#bound) this.#send(`doorstep:yjs:${name}`, 'sv', Y.encodeStateVector(doc));
  }

  close(): void {
    for (const name of [...this.#bound.keys()]) this.unbind(name);
  }

  #send(channel: string, t: Msg['t'], data: Uint8Array): void {
    const msg: Msg = { t, from: this.node, data: Buffer.from(data).toString('base64') };
    this.redis.pub.publish(channel, JSON.stringify(msg)).catch(() => {
      /* Redis down: the state-vector exchange on reconnect repairs what was not relayed */
    });
  }

  #receive(channel: string, doc: SharedDoc, raw: string): void {
    let msg: Msg;
    try {
      msg = JSON.parse(raw) as Msg;
    } catch {
      return;
    }
    if (msg.from === this.node) return;
    const data = new Uint8Array(Buffer.from(msg.data, 'base64'));
    if (msg.t === 'u') Y.applyUpdate(doc, data, REMOTE_ORIGIN);
    else if (msg.t === 'a') awarenessProtocol.applyAwarenessUpdate(doc.awareness, data, REMOTE_ORIGIN);
    else {
      const diff = Y.encodeStateAsUpdate(doc, data);
      if (diff.length > 2) this.#send(channel, 'u', diff);
      if (msg.t === 'sv') this.#send(channel, 'sv2', Y.encodeStateVector(doc));
    }
  }
}
