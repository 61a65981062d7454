// Who is on a board: Yjs awareness on the board's shared document (board:<scope>). The server already
// authorises that document by scope, and awareness leaves with the connection, so nobody lingers.
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export interface Present {
  clientId: number;
  userId: number;
  name: string;
}

export class Presence {
  #people = $state<Present[]>([]);
  #provider: WebsocketProvider | undefined;
  #doc: Y.Doc | undefined;

  get people() {
    return this.#people;
  }

  connect(scope: string, me: { userId: number; name: string }): void {
    const doc = new Y.Doc();
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;
    const provider = new WebsocketProvider(url, `board:${scope}`, doc);
    provider.awareness.setLocalStateField('user', me);
    const update = () => {
      const seen = new Map<number, Present>();
      for (const [clientId, st] of provider.awareness.getStates()) {
        const u = (st as { user?: { userId: number; name: string } }).user;
        // One entry per person, however many tabs they have open.
        if (u && !seen.has(u.userId)) seen.set(u.userId, { clientId, userId: u.userId, name: String(u.name).slice(0, 40) });
      }
      this.#people = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    };
    provider.awareness.on('change', update);
    update();
    this.#provider = provider;
    this.#doc = doc;
  }

  disconnect(): void {
    this.#provider?.destroy();
    this.#doc?.destroy();
  }
}
