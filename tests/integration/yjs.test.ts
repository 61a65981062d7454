// Shared documents through real y-websocket clients: convergence, persistence as updates arrive,
// survival across a server restart on the same database, and compaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendUpdates, countUpdates, loadUpdates } from '../../src/lib/server/repositories/yjs.repository';
import { REMOTE_ORIGIN, YjsPersistence } from '../../src/lib/server/yjs/persistence';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait';
import { openDoc, type YClient } from '../support/yjs';

const COMPACT_AFTER = 5;

describe('Yjs documents', () => {
  let tdb: TestDatabase;
  let s: TestServer;
  /** the demo admin may open every board document of the street */
  let cookie: string;
  const clients: YClient[] = [];

  async function client(name: string, server = s): Promise<YClient> {
    const c = await openDoc(server, name, cookie);
    clients.push(c);
    return c;
  }

  /** The document as stored: every row applied to a fresh Y.Doc. */
  async function storedText(name: string): Promise<string> {
    const doc = new Y.Doc();
    for (const r of await loadUpdates(tdb.database.db, name)) Y.applyUpdate(doc, new Uint8Array(r.update));
    return doc.getText('notes').toString();
  }

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s = await startTestServer({ database: tdb.database, config: { yjsCompactAfter: COMPACT_AFTER } });
    cookie = await s.login('admin');
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await s?.close();
    await tdb?.drop();
  });

  it('two clients on board:point:1 converge', async () => {
    const desk = await s.login('desk');
    const a = await openDoc(s, 'board:point:1', desk);
    const b = await openDoc(s, 'board:point:1', desk);
    clients.push(a, b);
    a.text.insert(0, 'hello from a. ');
    b.text.insert(0, 'hello from b. ');
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 28);
    expect(a.text.toString()).toContain('hello from a. ');
    expect(b.text.toString()).toContain('hello from b. ');
    // Concurrent edits in the middle merge too.
    a.text.insert(5, '[A]');
    b.text.insert(0, '[B]');
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 34);
  });

  it('stores each update as it arrives, while the client is still connected', async () => {
    const name = 'board:point:3';
    const c = await client(name);
    expect(await countUpdates(tdb.database.db, name)).toBe(0);
    c.text.insert(0, 'first ');
    await waitFor(async () => (await storedText(name)) === 'first ');
    c.text.insert(6, 'second');
    await waitFor(async () => (await storedText(name)) === 'first second');
    expect(await countUpdates(tdb.database.db, name)).toBe(2);
    expect(c.provider.wsconnected).toBe(true);
  });

  it('survives a server restart on the same database', async () => {
    const name = 'board:community:1';
    const verifier = await s.login('verifier');
    const writer = await openDoc(s, name, verifier);
    const reader = await openDoc(s, name, verifier);
    clients.push(writer, reader);
    writer.text.insert(0, 'written before the restart');
    // The server has the edit once another client got it through the server.
    await waitFor(() => reader.text.toString() === 'written before the restart');
    // Close app and runtime with both clients still connected: closing must not lose the edit.
    await s.close();
    writer.destroy();
    reader.destroy();

    s = await startTestServer({ database: tdb.database, config: { yjsCompactAfter: COMPACT_AFTER } });
    cookie = await s.login('admin');
    const fresh = await openDoc(s, name, await s.login('verifier'));
    clients.push(fresh);
    await waitFor(() => fresh.text.toString() === 'written before the restart');
    expect(await storedText(name)).toBe('written before the restart');
  });

  it('compacts stored updates once they pile up, and the document still loads', async () => {
    const name = 'board:point:2';
    const c = await client(name);
    c.text.insert(0, 'x');
    await waitFor(async () => (await countUpdates(tdb.database.db, name)) === 1);
    const [firstRow] = await loadUpdates(tdb.database.db, name);
    let expected = 'x';
    for (let i = 0; i < 4 * COMPACT_AFTER; i++) {
      c.text.insert(c.text.length, String(i % 10));
      expected += String(i % 10);
      // One update per round trip, so the server stores them one by one.
      await waitFor(async () => (await storedText(name)) === expected);
    }
    const rows = await loadUpdates(tdb.database.db, name);
    // The first row was merged away, and fewer rows remain than updates were made.
    expect(rows.some((r) => r.id === firstRow.id)).toBe(false);
    expect(rows.length).toBeLessThanOrEqual(COMPACT_AFTER);
    c.destroy();

    // Loaded back from the compacted rows by a new client.
    const fresh = await client(name);
    await waitFor(() => fresh.text.toString() === expected);
    expect(await storedText(name)).toBe(expected);
  });

  it('a document reopened while its last writer is still being stored is loaded before a later client is let in', async () => {
    const name = 'board:point:5';
    const persistence = new YjsPersistence(s.runtime.core);
    const first = new Y.Doc();
    persistence.bindState(name, first);
    await persistence.ready(name);
    first.getText('notes').insert(0, 'left behind');
    const closing = persistence.writeState(name); // its last client left, the edit is still being stored
    const reopened = new Y.Doc();
    persistence.bindState(name, reopened); // and someone opened it again at once
    await closing;
    await persistence.ready(name); // what the gateway awaits for the next client
    expect(reopened.getText('notes').toString()).toBe('left behind');
  });

  it('a relayed edit its origin never stored is stored before any of two concurrent saves resolves, once', async () => {
    const name = 'board:point:6';
    const persistence = new YjsPersistence(s.runtime.core);
    const held = new Y.Doc();
    persistence.bindState(name, held);
    await persistence.ready(name);
    // Another process's edit, relayed here; that process died before storing it.
    const elsewhere = new Y.Doc();
    elsewhere.getText('notes').insert(0, 'relayed, never stored');
    Y.applyUpdate(held, Y.encodeStateAsUpdate(elsewhere), REMOTE_ORIGIN);
    expect(await countUpdates(tdb.database.db, name)).toBe(0);
    // Two save requests at once: neither may be answered before the edit is in the table.
    await Promise.race([persistence.settle(name), persistence.settle(name)]);
    expect(await storedText(name)).toBe('relayed, never stored');
    await persistence.settle(name);
    expect(await countUpdates(tdb.database.db, name)).toBe(1);
    // A relayed edit its origin did store: the check finds nothing missing and stores nothing more.
    const before = Y.encodeStateVector(elsewhere);
    elsewhere.getText('notes').insert(0, 'stored by its origin; ');
    const next = Y.encodeStateAsUpdate(elsewhere, before);
    await appendUpdates(tdb.database.db, name, [next]);
    Y.applyUpdate(held, next, REMOTE_ORIGIN);
    await persistence.writeState(name);
    expect(await countUpdates(tdb.database.db, name)).toBe(2);
    expect(await storedText(name)).toBe('stored by its origin; relayed, never stored');
  });
});
