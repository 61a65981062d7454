// The foundation end to end: a desk signs in through Chromium, its board goes live, an event written by
// another session appears without a reload, the language switches both ways, logout ends the session's
// live sockets, a wrong password is refused — and no page trips the strict CSP.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiLogin, launchBrowser, login, newAppContext, metric, screenshot, startServer, watchConsole, type ConsoleWatch, type RunningServer } from './support';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const watches: { name: string; w: ConsoleWatch }[] = [];

async function newPage(name: string, ctx?: BrowserContext): Promise<{ ctx: BrowserContext; page: Page; w: ConsoleWatch }> {
  if (!ctx) {
    ctx = await newAppContext(browser, server.url);
    contexts.push(ctx);
  }
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  const w = watchConsole(page);
  watches.push({ name, w });
  return { ctx, page, w };
}

const live = (page: Page) => page.locator('[data-testid=link-status][data-status=live]').waitFor();
const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

afterEach(() => {
  // Every page so far: the hashed CSP must have let SvelteKit boot and nothing else needed inline script.
  const csp = watches.flatMap(({ name, w }) => w.cspViolations.map((v) => `${name}: ${v}`));
  expect(csp).toEqual([]);
  const thrown = watches.flatMap(({ name, w }) => w.errors.filter((e) => e.startsWith('pageerror')).map((e) => `${name}: ${e}`));
  expect(thrown).toEqual([]);
});

describe(`foundation e2e (${process.env.E2E_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it('starts the built server and prints the demo kiosk pairing code', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.pairingCode).toMatch(/^\w{6,}$/);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health.data.db).toBe(server.database);
  });

  it('refuses a wrong password with a visible error and no session', async () => {
    const { page, ctx } = await newPage('wrong-password');
    await page.goto('/login');
    await page.fill('input[name=username]', 'desk');
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=login-error]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await ctx.cookies()).find((c) => c.name === 'ds_session')).toBeUndefined();
    await screenshot(page, 'login-error');
    await page.close();
  });

  let desk: { ctx: BrowserContext; page: Page; w: ConsoleWatch };

  it('signs a desk in through the form and its live feed goes live', async () => {
    desk = await newPage('desk');
    const res = await desk.page.goto('/login');
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'sha256-/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    await login(desk.page, 'desk');
    expect(new URL(desk.page.url()).pathname).toBe('/desk');
    expect(await htmlLang(desk.page)).toBe('zh-CN');
    await live(desk.page);
    await screenshot(desk.page, 'desk-live');
  });

  it('shows an event written by another session without a reload', async () => {
    const { page } = desk;
    // A mark in the page's JS realm: a reload would wipe it.
    await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 42));

    // 1) a plain HTTP client, its own session
    const api = await apiLogin(server.url, 'desk');
    const me = await api.get<{ homeScope: string }>('/api/me');
    const scope = me.body.data!.homeScope;
    expect(scope).toMatch(/^point:\d+$/);
    const text = `e2e via API ${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const posted = await api.post('/api/board/notices', { scope, text }, key);
    expect(posted.status).toBe(201);
    await page.locator('[data-testid=feed] li', { hasText: text }).waitFor();

    // A retry with the same key is the same notice, not a second one.
    const again = await api.post('/api/board/notices', { scope, text }, key);
    expect(again.status).toBe(200);

    // 2) a second browser context (another session of the same desk) through the notice form
    const other = await newPage('desk-second-session');
    await login(other.page, 'desk');
    await live(other.page);
    const text2 = `e2e via form ${randomUUID().slice(0, 8)}`;
    await other.page.fill('[data-testid=notice-text]', text2);
    await other.page.click('[data-testid=notice-send]');
    await page.locator('[data-testid=feed] li', { hasText: text2 }).waitFor();
    await other.page.locator('[data-testid=feed] li', { hasText: text2 }).waitFor();

    expect(await page.locator('[data-testid=feed] li', { hasText: text }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(42);
    await screenshot(page, 'desk-feed-live-event');
    await other.ctx.close();
  });

  it('switches the page to English and back', async () => {
    const { page } = desk;
    await Promise.all([page.waitForURL('**/desk'), page.click('[data-testid=lang-switch]')]);
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid=logout]').innerText()).toMatch(/[A-Za-z]/);
    await live(page);
    await screenshot(page, 'desk-en');
    await Promise.all([page.waitForURL('**/desk'), page.click('[data-testid=lang-switch]')]);
    await page.locator('html[lang=zh-CN]').waitFor({ state: 'attached' });
    await live(page);
  });

  it('logs out to /login and ends the session’s live sockets in every tab', async () => {
    const { page, ctx } = desk;
    // A second tab of the same session, live too: logging out in one tab must end the other's socket.
    const tab = await newPage('desk-second-tab', ctx);
    await tab.page.goto('/desk');
    await live(tab.page);
    await live(page);
    const before = await metric(server.url, 'doorstep_sockets_connected');
    expect(before).toBeGreaterThanOrEqual(2);

    await Promise.all([page.waitForURL('**/login'), page.click('[data-testid=logout]')]);
    await tab.page.locator('[data-testid=link-status][data-status=ended]').waitFor();
    await screenshot(tab.page, 'desk-tab-ended');

    // Server side: this session's sockets are gone (the API session of the earlier test opened none).
    await expect.poll(() => metric(server.url, 'doorstep_sockets_connected'), { timeout: 10_000 }).toBe(0);
    // And the cookie is dead: the desk page sends the old tab to the login form.
    await tab.page.goto('/desk');
    expect(new URL(tab.page.url()).pathname).toBe('/login');
  });
});

describe('known bugs', () => {
  // BUG (server/app.ts, helmet defaults): every page is served with `Referrer-Policy: no-referrer`, so
  // Chromium sends `Origin: null` on form submissions and SvelteKit's CSRF check answers 403 "Cross-site
  // POST form submissions are forbidden" to /login, /lang and /logout. The tests above run with the
  // harness's rewrite (newAppContext nullOriginWorkaround); this one runs without it. Once fixed, this
  // test starts failing as `it.fails`: make it a plain `it` and drop the workaround.
  it.fails('a browser form POST is accepted without any header rewriting', async () => {
    const ctx = await newAppContext(browser, server.url, { nullOriginWorkaround: false });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto('/login');
    await login(page, 'desk2');
    expect(new URL(page.url()).pathname).toBe('/desk');
  });

  // BUG (server/index.ts): with ORIGIN unset — the `npm start` default — adapter-node assumes every
  // request came over https, so SvelteKit's CSRF check refuses each plain-http form POST (/login,
  // /lang, /logout) with 403 "Cross-site POST form submissions are forbidden". Once fixed, this test
  // starts failing as `it.fails`: turn it into a plain `it`.
  it.fails('form posts work over http with no ORIGIN configured', async () => {
    const bare = await startServer({ pinOrigin: false });
    try {
      const res = await fetch(`${bare.url}/login`, {
        method: 'POST',
        headers: { origin: bare.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'desk', password: 'doorstep-demo' }),
        redirect: 'manual'
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/desk');
    } finally {
      await bare.stop();
    }
  });
});
