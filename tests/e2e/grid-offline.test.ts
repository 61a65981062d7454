// Shared notes on the verification board are offline-capable on a tablet: each browser keeps its copy of
// a Yjs note in IndexedDB (y-indexeddb). What a verifier types without a connection is kept on the device,
// survives a reload, and merges with the others' words when the connection returns. Signing out deletes
// the device copies. /verify itself is not cached for offline loading (it holds personal data), so the
// reload is tested with the page reachable but the Yjs link cut (docs/GRID.md, "Offline notes").
import { describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import { apiLogin, browserSuite } from './support';

const suite = browserSuite({ signIn: { settle: true } });

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function fileRecord(place: string): Promise<number> {
  const desk = await apiLogin(suite.server.url, 'desk');
  const r = await desk.post<{ recordId: number }>('/api/grid/records', { kind: 'facility', propertyId: 1, unit: place, observedOn: today(), fields: { type: 'lamp', location: place, condition: 'damaged' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data!.recordId;
}

async function openNotes(page: Page, id: number) {
  await page.goto('/verify');
  await page.locator('html[data-hydrated]').waitFor();
  await page.click(`[data-testid=open-${id}]`);
  const notes = page.locator('[data-testid=grid-notes]');
  await notes.waitFor();
  return notes;
}

/** Names of this origin's offline note databases. */
const offlineDbs = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('doorstep-yjs:')));

/** Whether the device copy of `dbName` holds `text` (Yjs updates carry inserted strings as UTF-8). */
const storedOnDevice = (page: Page, dbName: string, text: string) =>
  page.evaluate(
    ([name, needle]) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          all.onsuccess = () => {
            db.close();
            const bytes = (all.result as Uint8Array[]).map((u) => new TextDecoder().decode(u)).join('');
            resolve(bytes.includes(needle));
          };
        };
      }),
    [dbName, text] as const
  );

describe('offline shared notes on the verification board', () => {
  it('a verifier types while offline; on reconnect both verifiers have both people’s words', async () => {
    const id = await fileRecord('北门路灯');
    const a = await suite.signedIn('verifier');
    const b = await suite.signedIn('verifier2');
    const [na, nb] = [await openNotes(a.page, id), await openNotes(b.page, id)];
    await na.fill('路灯灯罩破损');
    await expect.poll(() => nb.inputValue()).toBe('路灯灯罩破损');

    await a.ctx.setOffline(true);
    await na.fill('路灯灯罩破损；离线补记：灯杆倾斜');
    // The note says where the words are: on this device, waiting for the connection.
    await a.page.locator('[data-testid=grid-notes-saved][data-state=offline]').waitFor();
    // Meanwhile the other verifier edits the start of the same note.
    await nb.fill('【赵】路灯灯罩破损');
    expect(await nb.inputValue()).not.toContain('灯杆倾斜');

    await a.ctx.setOffline(false);
    const merged = '【赵】路灯灯罩破损；离线补记：灯杆倾斜';
    await expect.poll(() => nb.inputValue(), { timeout: 15_000 }).toBe(merged);
    await expect.poll(() => na.inputValue(), { timeout: 15_000 }).toBe(merged);
    await a.page.locator('[data-testid=grid-notes-saved][data-state=saved]').waitFor();
  });

  it('words kept on the device survive a reload the server has not seen, merge when the link returns, and go at sign-out', async () => {
    const id = await fileRecord('南门井盖');
    const a = await suite.signedIn('verifier');
    const b = await suite.signedIn('verifier2');
    // The Yjs link of verifier A's browser is cut (pages and the board still load); `open` lets it through again.
    let open = false;
    const cut: WebSocketRoute[] = [];
    await a.ctx.routeWebSocket(/\/yjs\//, (ws) => {
      if (open) ws.connectToServer();
      else cut.push(ws); // accepted by nobody: what the page sends goes nowhere
    });
    const na = await openNotes(a.page, id);
    await na.fill('井盖缺失，已设警示');
    const [dbName] = await offlineDbs(a.page);
    expect(dbName).toMatch(new RegExp(`^doorstep-yjs:\\d+:grid:${id}:notes$`));
    await expect.poll(() => storedOnDevice(a.page, dbName, '井盖缺失，已设警示')).toBe(true);

    const again = await openNotes(a.page, id); // a reload of /verify; the device copy fills the note
    await expect.poll(() => again.inputValue()).toBe('井盖缺失，已设警示');
    const nb = await openNotes(b.page, id);
    await b.page.locator('[data-testid=grid-notes-saved]').waitFor();
    expect(await nb.inputValue()).toBe('');

    open = true;
    for (const ws of cut) await ws.close();
    await expect.poll(() => nb.inputValue(), { timeout: 15_000 }).toBe('井盖缺失，已设警示');
    await a.page.locator('[data-testid=grid-notes-saved][data-state=saved]').waitFor();

    await a.page.click('[data-testid=logout]');
    await a.page.waitForURL((u) => u.pathname === '/login');
    expect(await offlineDbs(a.page)).toEqual([]);
  });
});
