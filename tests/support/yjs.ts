// Real y-websocket clients (the browser's provider) speaking to the Yjs route through `ws`.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestServer } from './server';
import { waitFor } from './wait';

/** `ws` with the headers a browser would send: the session cookie and the page's origin. */
export function webSocketWith(headers: Record<string, string>): typeof globalThis.WebSocket {
  class WithHeaders extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return WithHeaders as unknown as typeof globalThis.WebSocket;
}

export interface YClient {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  destroy(): void;
}

/** A provider on `/yjs/<name>`, resolved once the first sync with the server is done. */
export async function openDoc(server: TestServer, name: string, cookie: string): Promise<YClient> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, name, doc, {
    WebSocketPolyfill: webSocketWith({ cookie, origin: server.origin }),
    // Providers in one process would otherwise sync through a BroadcastChannel, not the server.
    disableBc: true,
    maxBackoffTime: 100
  });
  const client = { doc, text: doc.getText('notes'), provider, destroy: () => (provider.destroy(), doc.destroy()) };
  await waitFor(() => provider.synced, 10_000).catch((err) => {
    client.destroy();
    throw err;
  });
  return client;
}

/** What an upgrade to `/yjs/<name>` is answered with when it is refused. */
export function upgradeRefusal(server: TestServer, name: string, headers: Record<string, string>): Promise<{ status: number; error: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/yjs/${name}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, error: res.headers['x-doorstep-error'] as string | undefined });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => {
      /* the refusal itself is reported through unexpected-response */
    });
  });
}
