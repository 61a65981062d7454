// Promise 4 — a Yjs edit acknowledged as saved survives a SIGKILL of the server. "Saved" is the
// server's [SAVED, n] message (protocol/yjs-saved.ts), sent after the transaction holding the edit
// committed, and read by the same SaveTracker the desk's CaseNotes component shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaveTracker } from '../../src/lib/client/yjs-saved';
import { loginAt } from '../support/cluster';
import { asServer, faultDatabase, Restartable, type FaultDb } from '../support/cluster-faults';
import { applicant, intakeBody } from '../support/cases';
import { waitFor } from '../support/wait';
import { openDoc, type YClient } from '../support/yjs';

describe('Yjs "saved" acknowledgement across SIGKILL', () => {
  let db: FaultDb;
  let server: Restartable;
  let cookie: string;
  let doc: string;

  beforeAll(async () => {
    db = await faultDatabase();
    // The same port after each restart: the provider reconnects by itself, as a browser's would.
    server = new Restartable(db.env, true);
    const node = await server.start();
    cookie = await loginAt(node, 'desk');
    const res = await fetch(`${node.origin}/api/cases`, {
      method: 'POST',
      headers: { origin: node.origin, cookie, 'content-type': 'application/json', 'idempotency-key': `yjs-faults-${Date.now()}` },
      body: JSON.stringify(intakeBody(applicant()))
    });
    doc = `case:${((await res.json()) as { data: { caseId: number } }).data.caseId}:notes`;
  });
  afterAll(async () => {
    await server?.kill();
    await db?.drop();
  });

  async function restartAndRead(): Promise<string> {
    await server.kill('SIGKILL');
    const node = await server.start();
    const fresh = await openDoc(asServer(node), doc, cookie);
    const text = fresh.text.toString();
    fresh.destroy();
    return text;
  }

  it('an insert and a deletion, each acknowledged as saved, are there after SIGKILL and restart', async () => {
    const c = await openDoc(asServer(await server.up()), doc, cookie);
    const saved = new SaveTracker(c.provider, c.doc);
    c.text.insert(0, '居民称材料齐全；下午来取。');
    expect(saved.state).toBe('saving');
    await waitFor(() => saved.state === 'saved', 10_000);
    c.destroy();
    expect(await restartAndRead()).toBe('居民称材料齐全；下午来取。');

    // A deletion adds no clock to the state vector; the acknowledgement still covers it.
    const d = await openDoc(asServer(await server.up()), doc, cookie);
    const saved2 = new SaveTracker(d.provider, d.doc);
    d.text.delete(8, 5);
    await saved2.whenSaved();
    d.destroy();
    expect(await restartAndRead()).toBe('居民称材料齐全；');
  });

  it('an edit made while the server is down shows offline, is saved after the provider reconnects, and survives', async () => {
    const c: YClient = await openDoc(asServer(await server.up()), doc, cookie);
    const saved = new SaveTracker(c.provider, c.doc);
    await server.kill('SIGKILL');
    await waitFor(() => !c.provider.wsconnected, 5_000);
    c.text.insert(c.text.length, '（断线时补记）');
    expect(saved.state).toBe('offline');
    await server.start();
    // The provider reconnects, sync re-sends the edit, the tracker asks, the server confirms.
    await waitFor(() => saved.state === 'saved', 20_000);
    const expected = c.text.toString();
    c.destroy();
    expect(expected).toContain('（断线时补记）');
    expect(await restartAndRead()).toBe(expected);
  });
});
