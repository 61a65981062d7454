// The kiosk with the network gone: submissions queue durably in IndexedDB with their idempotency keys,
// a reload is served by the service worker, and when the network returns the queue is sent in order,
// each exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, screenshot, type ApiSession } from './support';
import { driveToPickup, kioskSuite, LANDSCAPE, personalDataIn, PORTRAIT, queuedCount, resident, submitOnScreen, tap, tapKeys, tid, waitForServiceWorker } from './support/kiosk';
import { hanDigits, uniqueIdNumber } from '../support/ids';

const suite = kioskSuite({ server: { postgres: true } });
let desk: ApiSession;

interface Card {
  id: number;
  caseNo: string;
  phone: string;
  channel: string;
}

const board = async () => (await desk.get<Card[]>('/api/cases/board')).body.data!;
const status = (page: Page, online: boolean, pending: number) => page.locator(`[data-testid=kiosk-status][data-online=${online}][data-pending="${pending}"]`).waitFor({ timeout: 20_000 });

async function submitDropOff(page: Page, name: string, phone: string, idNumber: string): Promise<void> {
  await tap(page, 'tile-apply');
  await tap(page, 'choose-senior-card');
  await page.fill(tid('input-name'), name);
  await tapKeys(page, 'kp-phone', phone);
  await tapKeys(page, 'kp-idNumber', idNumber);
  await tap(page, 'apply-next');
  await tap(page, 'apply-next');
  await tap(page, 'apply-submit');
  await page.locator(tid('receipt-screen')).waitFor();
}

beforeAll(async () => {
  desk = await apiLogin(suite.server.url, 'desk');
});

describe('kiosk offline', () => {
  it('three submissions offline, a reload offline, back online: exactly three cases, in order; the pickup board fills', async () => {
    // A certificate is waiting at the office before the kiosk loses its network.
    const r = resident();
    const ready = await desk.post<{ caseId: number; caseNo: string }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: r.name, phone: r.phone, idNumber: r.idNumber }, materials: ['id_card'] });
    expect(ready.status, JSON.stringify(ready.body)).toBe(201);
    await driveToPickup(desk, await apiLogin(suite.server.url, 'verifier'), ready.body.data!.caseId);
    const page = await suite.kiosk();
    const ctx = page.context();
    await waitForServiceWorker(page);
    await status(page, true, 0);
    const before = new Set((await board()).map((c) => c.id));

    await ctx.setOffline(true);
    await status(page, false, 0);
    const people = [1, 2, 3].map((i) => ({ name: `离线居民${'甲乙丙'[i - 1]}${hanDigits(process.pid % 1000)}`, phone: `1370000${String((process.pid * 3 + i) % 10_000).padStart(4, '0')}`, idNumber: uniqueIdNumber() }));
    const refs: string[] = [];
    for (const [i, p] of people.entries()) {
      await submitDropOff(page, p.name, p.phone, p.idNumber);
      await page.locator(tid('receipt-provisional')).waitFor();
      // The 临时编号: fourteen digits, typed on the same keypad as a case number.
      refs.push((await page.textContent(tid('receipt-ref')))!.trim());
      expect(refs[i]).toMatch(/^\d{8}-\d{6}$/);
      if (i === 0) {
        for (const [o, size] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]] as const) {
          await page.setViewportSize(size);
          await screenshot(page, `kiosk-receipt-provisional-${o}`);
        }
        await page.setViewportSize(PORTRAIT);
      }
      if (i === 1) {
        // On a portrait screen "离线 · 2 条待发送" goes under the title; the buttons keep the first row.
        await status(page, false, 2);
        const title = (await page.locator('[data-testid=kiosk] header h1').boundingBox())!;
        const buttons = (await page.locator('[data-testid=kiosk] header nav').boundingBox())!;
        expect(buttons.y).toBeLessThan(title.y + title.height);
      }
      await tap(page, 'receipt-finish');
      await status(page, false, i + 1);
    }
    expect(await queuedCount(page)).toBe(3);

    // A reload with no network: the service worker serves the shell, the queue is still there.
    const shell = await page.reload();
    expect(shell?.fromServiceWorker()).toBe(true);
    await page.locator('[data-testid=kiosk][data-device=active]').waitFor();
    await status(page, false, 3);
    // Started offline, the kiosk cannot know what waits for pickup, and says so instead of "nothing".
    await page.locator(`${tid('pickup-board')} ${tid('pickup-unknown')}`).waitFor();
    expect(await page.locator(tid('pickup-none')).count()).toBe(0);
    expect(await page.locator(tid('tile-items')).count()).toBe(1);
    await tap(page, 'tile-items');
    await page.locator(tid('item-senior-card')).waitFor();
    await tap(page, 'kiosk-home');
    expect(await queuedCount(page)).toBe(3);
    for (const [o, size] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]] as const) {
      await page.setViewportSize(size);
      await screenshot(page, `kiosk-offline-home-${o}`);
    }
    await page.setViewportSize(PORTRAIT);

    await ctx.setOffline(false);
    await status(page, true, 0);
    expect(await queuedCount(page)).toBe(0);
    // Back online, the board reads the list again: no event has to arrive for the waiting case to show.
    await page.locator(`${tid('pickup-board')} ${tid(`pickup-${ready.body.data!.caseNo}`)}`).waitFor();
    expect(await personalDataIn(page, people.flatMap((p) => [p.name, p.phone, p.idNumber]))).toEqual([]);

    // Another reload and a second flush send nothing again.
    await page.reload();
    await status(page, true, 0);
    const fresh = (await board()).filter((c) => !before.has(c.id)).sort((a, b) => a.id - b.id);
    expect(fresh).toHaveLength(3);
    expect(fresh.map((c) => c.phone.slice(-4))).toEqual(people.map((p) => p.phone.slice(-4)));
    expect(fresh.every((c) => c.channel === 'kiosk')).toBe(true);

    // Each case keeps the number its receipt printed: the desk sees it in the case, and 查询进度 takes it with
    // the phone's last four digits and answers with the real case number.
    for (const [i, c] of fresh.entries()) expect((await desk.get<{ kioskRef: string }>(`/api/cases/${c.id}`)).body.data!.kioskRef).toBe(refs[i]);
    await tap(page, 'tile-track');
    await tapKeys(page, 'track-kp', refs[1].replace(/\D/g, ''));
    await tap(page, 'track-kp-key-ok');
    await tapKeys(page, 'track-kp', people[1].phone.slice(-4));
    await tap(page, 'track-kp-key-ok');
    await page.locator('[data-testid=track-stage][data-state=submitted]').waitFor();
    expect(await page.textContent(tid('track-caseno'))).toContain(fresh[1].caseNo);
    await tap(page, 'track-finish');
  });

  it('a booking whose time began while it waited in the queue is filed without the time, not dropped', async () => {
    const page = await suite.kiosk();
    await status(page, true, 0);
    const before = new Set((await board()).map((c) => c.id));
    // The server is busy when the resident books (queued, provisional receipt); when the queue is sent, the
    // booked time has begun (the server's 409 slot_past, answered here since no clock is moved in a browser test).
    let booked = 0;
    await page.route('**/api/cases', async (route) => {
      const body = route.request().method() === 'POST' ? (route.request().postDataJSON() as { slotId?: number }) : {};
      if (!body.slotId) return route.continue();
      const answer = ++booked === 1 ? { status: 429, code: 'RATE_LIMITED' } : { status: 409, code: 'CONFLICT', details: { reason: 'slot_past' } };
      await route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify({ error: { code: answer.code, message: '…', ...('details' in answer ? { details: answer.details } : {}) } }) });
    });
    const a = resident();
    await submitOnScreen(page, a, { how: 'appointment' });
    await page.locator(tid('receipt-provisional')).waitFor();
    await tap(page, 'receipt-finish');
    // The network coming back sends the queue at once.
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await status(page, true, 0);
    expect(booked).toBe(2);
    const fresh = (await board()).filter((c) => !before.has(c.id));
    expect(fresh.map((c) => [c.phone.slice(-4), c.channel])).toEqual([[a.phone.slice(-4), 'kiosk']]);
    await page.unroute('**/api/cases');
  });
});
