// Kiosk helpers for the e2e tests: a touch-screen context, pairing through the on-screen keypad, taps,
// the case lifecycle through the API, and a sweep of everything the page can read for personal data.
import { beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiLogin, type ApiSession } from './api';
import { newAppContext, screenshot } from './browser';
import type { StartOptions } from './server';
import { browserSuite, type BrowserSuite } from './suite';
import { hanDigits, uniqueIdNumber } from '../../support/ids';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

export interface KioskTab {
  ctx: BrowserContext;
  page: Page;
}

/** A touch-screen context at a kiosk's resolution, opened on /kiosk (with `?idle=` seconds when given). */
export async function openKiosk(browser: Browser, baseURL: string, o: { viewport?: { width: number; height: number }; idleSeconds?: number } = {}): Promise<KioskTab> {
  const viewport = o.viewport ?? PORTRAIT;
  const ctx = await newAppContext(browser, baseURL, { viewport, hasTouch: true, isMobile: false, serviceWorkers: 'allow' });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`/kiosk${o.idleSeconds ? `?idle=${o.idleSeconds}` : ''}`);
  await page.locator('[data-testid=kiosk]:not([data-device=loading])').waitFor();
  return { ctx, page };
}

export const tid = (id: string) => `[data-testid="${id}"]`;

export async function tap(page: Page, id: string): Promise<void> {
  await page.tap(tid(id));
}

/** Taps each character on the keypad whose keys are `<prefix>-key-<c>`. */
export async function tapKeys(page: Page, prefix: string, chars: string): Promise<void> {
  for (const c of chars) await tap(page, `${prefix}-key-${c}`);
}

export async function pairOnScreen(page: Page, code: string): Promise<void> {
  await page.locator(tid('pair-screen')).waitFor();
  await tapKeys(page, 'pair', code);
  await tap(page, 'pair-key-ok');
  await page.locator('[data-testid=kiosk][data-device=active]').waitFor();
}

/** A new kiosk at `pointId` and a fresh pairing code for it, through the admin API. */
export async function newKioskCode(admin: ApiSession, pointId = 1, label = `e2e kiosk ${Date.now()}`): Promise<{ id: number; code: string }> {
  const k = await admin.post<{ id: number }>('/api/admin/kiosks', { pointId, label });
  if (k.status !== 201) throw new Error(`create kiosk: ${k.status} ${JSON.stringify(k.body)}`);
  const id = k.body.data!.id;
  const c = await admin.post<{ code: string }>(`/api/admin/kiosks/${id}/pairing-code`, {});
  if (c.status !== 200) throw new Error(`pairing code: ${c.status} ${JSON.stringify(c.body)}`);
  return { id, code: c.body.data!.code };
}

/** Waits until the service worker controls the page, so a reload can be served from its cache. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
}

const NEXT: Record<string, string> = { submitted: 'accept', accepted: 'send_for_review', in_review: 'approve', approved: 'record_return', returned: 'issue_pickup' };

/** Walks a case to ready_for_pickup (the agent acts, the verifier approves); returns the pickup code. */
export async function driveToPickup(desk: ApiSession, verifier: ApiSession, caseId: number): Promise<string> {
  let state = 'submitted';
  let code = '';
  while (state !== 'ready_for_pickup') {
    const action = NEXT[state];
    if (action === 'approve') {
      // Review decisions need the verifier's live claim on the case (verification board).
      const c = await verifier.post(`/api/grid/claims/case/${caseId}`, {});
      if (c.status !== 200) throw new Error(`claim: ${c.status} ${JSON.stringify(c.body)}`);
    }
    const r = await (action === 'approve' ? verifier : desk).post<{ state: string; pickupCode?: string }>(`/api/cases/${caseId}/transitions`, { action });
    if (r.status !== 201) throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    state = r.body.data!.state;
    code = r.body.data!.pickupCode ?? code;
  }
  return code;
}

/** Which of `needles` the page can still see: its DOM (with input values), both storages, and IndexedDB. */
export function personalDataIn(page: Page, needles: string[]): Promise<{ where: string; needle: string }[]> {
  return page.evaluate(async (needles) => {
    const places: Record<string, string> = {};
    const inputs = [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n');
    places.dom = `${document.documentElement.outerHTML}\n${inputs}\n${document.title}`;
    places.localStorage = JSON.stringify({ ...localStorage });
    places.sessionStorage = JSON.stringify({ ...sessionStorage });
    let idb = '';
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store, 'readonly').objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        idb += `${info.name}/${store}: ${JSON.stringify(all)}\n`;
      }
      db.close();
    }
    places.indexedDB = idb;
    return Object.entries(places).flatMap(([where, text]) => needles.filter((n) => text.includes(n)).map((needle) => ({ where, needle })));
  }, needles);
}

/** How many submissions wait in the kiosk's IndexedDB outbox. */
export function queuedCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const r = indexedDB.open('doorstep-kiosk');
        r.onupgradeneeded = () => r.result.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        r.onsuccess = () => {
          const c = r.result.transaction('outbox', 'readonly').objectStore('outbox').count();
          c.onsuccess = () => (resolve(c.result), r.result.close());
          c.onerror = () => reject(c.error);
        };
        r.onerror = () => reject(r.error);
      })
  );
}

let n = 0;

/** A resident whose name, phone and ID number are unique in this run, so any leak is greppable. */
export function resident() {
  n++;
  const tail = String((process.pid * 37 + n) % 10_000_000).padStart(7, '0');
  return { name: `欧阳测${'一二三四五六七八九'[n % 9]}${hanDigits(n)}`, phone: `1391${tail}`, idNumber: uniqueIdNumber() };
}
export type Resident = ReturnType<typeof resident>;

/** Both orientations of the screen on show, into test-results/screens/kiosk-<name>-<orientation>.png. */
export async function shots(page: Page, name: string): Promise<void> {
  const was = page.viewportSize() ?? PORTRAIT;
  for (const [o, size] of [['portrait', PORTRAIT], ['landscape', LANDSCAPE]] as const) {
    await page.setViewportSize(size);
    await screenshot(page, `kiosk-${name}-${o}`);
  }
  await page.setViewportSize(was);
}

/** Every visible button is a touch target of at least 64 px and all visible text is at least 20 px. */
export async function expectTouchFriendly(page: Page): Promise<void> {
  const bad = await page.evaluate(() => {
    const out: string[] = [];
    for (const b of document.querySelectorAll<HTMLElement>('[data-testid=kiosk] button')) {
      const r = b.getBoundingClientRect();
      if (r.width > 0 && (r.height < 64 || r.width < 64)) out.push(`button ${b.dataset.testid ?? b.textContent} ${r.width}x${r.height}`);
    }
    for (const e of document.querySelectorAll<HTMLElement>('[data-testid=kiosk] *')) {
      const own = [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim());
      if (own && e.getClientRects().length && parseFloat(getComputedStyle(e).fontSize) < 20) out.push(`text ${e.tagName} "${e.textContent!.trim().slice(0, 20)}" ${getComputedStyle(e).fontSize}`);
    }
    return out;
  });
  expect(bad).toEqual([]);
}

/** Home → apply → item → who → materials → how → submit: the resident's whole path, by touch. */
export async function submitOnScreen(page: Page, a: Resident, o: { item?: string; how?: 'kiosk' | 'appointment' | 'home_visit'; shoot?: boolean } = {}) {
  await tap(page, 'tile-apply');
  await tap(page, `choose-${o.item ?? 'senior-card'}`);
  await page.fill(tid('input-name'), a.name);
  await tapKeys(page, 'kp-phone', a.phone);
  if (await page.locator(tid('field-idNumber')).count()) await tapKeys(page, 'kp-idNumber', a.idNumber);
  if (o.shoot) await shots(page, 'apply-who');
  await tap(page, 'apply-next');
  await tap(page, 'material-id_card');
  if (o.shoot) await shots(page, 'apply-materials');
  await tap(page, 'apply-next');
  await page.locator('[data-testid=apply-screen][data-step=how]').waitFor();
  if (o.how === 'appointment') {
    await tap(page, 'how-appointment');
    await page.locator('[data-testid^=slot-]').first().tap();
  } else if (o.how === 'home_visit') {
    await tap(page, 'how-home_visit');
    await page.fill(tid('input-address'), '侨香村3栋1201');
  }
  if (o.shoot) await shots(page, 'apply-how');
  await tap(page, 'apply-submit');
  await page.locator(tid('receipt-screen')).waitFor();
}

export interface KioskSuite extends BrowserSuite {
  admin: ApiSession;
  /** a paired kiosk page (a new pairing code unless one is given) */
  kiosk(o?: Parameters<typeof openKiosk>[2], code?: string): Promise<Page>;
}

/** One server and browser per test file, with the checks every kiosk test ends with (no CSP violation, no page error). */
export function kioskSuite(o: { server?: StartOptions } = {}): KioskSuite {
  const s = browserSuite({ checks: 'pageerror', server: o.server }) as KioskSuite;
  s.kiosk = async (o = {}, code) => {
    const tab = await openKiosk(s.browser, s.server.url, o);
    s.contexts.push(tab.ctx);
    s.watch(tab.page);
    await pairOnScreen(tab.page, code ?? (await newKioskCode(s.admin)).code);
    return tab.page;
  };
  beforeAll(async () => {
    s.admin = await apiLogin(s.server.url, 'admin');
  });
  return s;
}
