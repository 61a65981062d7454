// Offline copies of shared notes and field worksheets in the browser's IndexedDB (y-indexeddb), so a
// verifier on a tablet keeps typing without a connection, a reload keeps what was typed, and the
// WebSocket provider merges it into the server's document when the connection returns (Yjs updates
// commute, so nobody's words are lost).
// Privacy: one database per signed-in user and document (another person signed in on the same tablet
// never opens it); signing out through the app deletes every one of them (see docs/GRID.md).
import { IndexeddbPersistence } from 'y-indexeddb';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

export const OFFLINE_DB_PREFIX = 'doorstep-yjs:';
const live = new Set<IndexeddbPersistence>();

export interface OfflineCopy {
  /** resolves once what this device stored has been applied to the document */
  loaded: Promise<void>;
  destroy(): void;
}

/** Keeps `doc` in this user's IndexedDB copy; null where the browser has no IndexedDB. */
export function offlineCopy(userId: number, docName: string, doc: Y.Doc): OfflineCopy | null {
  if (typeof indexedDB === 'undefined') return null;
  const p = new IndexeddbPersistence(`${OFFLINE_DB_PREFIX}${userId}:${docName}`, doc);
  live.add(p);
  return {
    loaded: p.whenSynced.then(() => undefined),
    destroy() {
      live.delete(p);
      void p.destroy();
    }
  };
}

/**
 * Follows the browser's own network state: y-websocket alone notices a dropped Wi-Fi only when its
 * 30 s message timeout runs out, and keeps dialling while there is no network. Offline → disconnect at
 * once (the note shows it waits); online → connect, and the sync exchange sends what the server lacks.
 */
export function followNetwork(provider: WebsocketProvider): () => void {
  const offline = () => provider.disconnect();
  const online = () => provider.connect();
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  if (!navigator.onLine) provider.disconnect();
  return () => {
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
  };
}

const deleted = (name: string) =>
  new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = r.onerror = () => resolve();
    // Another tab still holding it closes on `versionchange` (lib0's openDB), then this succeeds.
    r.onblocked = () => undefined;
  });

/**
 * Deletes every offline copy on this device (all users). Bounded in time: signing out must never hang
 * on a tab that will not let go; whatever was not deleted by then is deleted at the next sign-out.
 */
export async function clearOfflineCopies(timeoutMs = 2_000): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const names = new Set<string>();
  for (const p of live) {
    names.add(p.name);
    await p.destroy();
  }
  live.clear();
  const all = typeof indexedDB.databases === 'function' ? await indexedDB.databases().catch(() => []) : [];
  for (const d of all) if (d.name?.startsWith(OFFLINE_DB_PREFIX)) names.add(d.name);
  await Promise.race([Promise.all([...names].map(deleted)), new Promise((r) => setTimeout(r, timeoutMs))]);
}
