// The foundation end to end, in Debian's Chromium against the built app: a desk signs in, its board goes
// live, an event written by another session appears without a reload, the language switches both ways,
// logout ends the session's live sockets in every tab, a wrong password is refused — and no page trips
// the strict (hash-mode, no 'unsafe-inline' script) CSP. Its server starts on an empty data directory, as
// a first `npm start` does (the other files start from a copy of the migrated template).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiLogin, browserSuite, login, metric, screenshot, watchConsole } from './support';

const suite = browserSuite({ server: { seedDataDir: false } });

interface Tab {
  ctx: BrowserContext;
  page: Page;
}

/** A page in a new context (a new session), or another tab of `ctx`; its console is watched. */
async function openTab(name: string, ctx?: BrowserContext): Promise<Tab> {
  ctx ??= await suite.newContext();
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  suite.watch(page, name);
  return { ctx, page };
}

const linkStatus = (page: Page, status: string) => page.locator(`[data-testid=link-status][data-status=${status}]`).waitFor();
const feedItem = (page: Page, seq: number) => page.locator(`[data-testid=feed] li[data-seq="${seq}"]`);

/** The seq of the notice with this text in `scope`, read back through the API as the session that posted it. */
async function noticeSeq(get: (path: string) => Promise<unknown>, scope: string, text: string): Promise<number> {
  const body = (await get(`/api/board/events?scope=${encodeURIComponent(scope)}`)) as { data: { events: { seq: number; type: string; payload: { text?: string } }[] } };
  const e = body.data.events.find((x) => x.type === 'board.notice.v1' && x.payload.text === text);
  if (!e) throw new Error(`notice "${text}" not in ${scope}`);
  return e.seq;
}

describe('foundation e2e on PGlite', () => {
  it('starts the built server on port 0 and prints the demo kiosk pairing code', async () => {
    expect(suite.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(suite.server.port).toBeGreaterThan(0);
    expect(suite.server.pairingCode).toMatch(/^\w{6,}$/);
    const health = (await (await fetch(`${suite.server.url}/healthz`)).json()) as { data: { db: string } };
    expect(health.data.db).toBe(suite.server.database);
  });

  it('the console watch does see a CSP violation (so "none" below means none)', async () => {
    const ctx = await suite.newContext();
    const page = await ctx.newPage();
    const w = watchConsole(page);
    await page.goto('/login');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
    });
    await expect.poll(() => w.cspViolations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    await ctx.close();
  });

  it('refuses a wrong password with a visible error and no session', async () => {
    const { page, ctx } = await openTab('wrong-password');
    await page.goto('/login');
    await page.fill('input[name=username]', 'desk');
    await page.fill('input[name=password]', 'not-the-password');
    try {
      const answer = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.click('[data-testid=login-submit]');
      // A refusal (401 BAD_CREDENTIALS), not a crash.
      expect((await answer).status()).toBe(401);
      await page.locator('[data-testid=login-error]').waitFor();
      await screenshot(page, 'login-error');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect((await ctx.cookies()).find((c) => c.name === 'ds_session')).toBeUndefined();
    } finally {
      await page.close();
    }
  });

  it('sends a stale session cookie to the login form, not to an error page', async () => {
    const { page, ctx } = await openTab('stale-cookie');
    await ctx.addCookies([{ name: 'ds_session', value: 'ended-or-expired-session-token', url: suite.server.url }]);
    try {
      const res = await page.goto('/desk');
      expect(res?.status()).toBeLessThan(400);
      expect(new URL(page.url()).pathname).toBe('/login');
    } finally {
      await page.close();
    }
  });

  let desk: Tab;

  it('signs a desk in through the form; its live feed goes live', async () => {
    desk = await openTab('desk');
    const res = await desk.page.goto('/login');
    const headers = res?.headers() ?? {};
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    expect(headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    // no-referrer would make Chromium send `Origin: null` on form posts, which SvelteKit refuses.
    expect(headers['referrer-policy']).not.toBe('no-referrer');
    await login(desk.page, 'desk');
    expect(new URL(desk.page.url()).pathname).toBe('/desk');
    expect(await desk.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await linkStatus(desk.page, 'live');
    await screenshot(desk.page, 'desk-live');
  });

  it('shows events written by other sessions without a reload', async () => {
    const { page } = desk;
    // A mark in the page's JS realm: any reload would wipe it.
    await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 42));

    // 1) a plain HTTP client with its own session
    const api = await apiLogin(suite.server.url, 'desk');
    const me = await api.get<{ homeScope: string }>('/api/me');
    const scope = me.body.data!.homeScope;
    expect(scope).toMatch(/^point:\d+$/);
    const text = `e2e via API ${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const posted = await api.post('/api/board/notices', { scope, text }, key);
    expect(posted.status).toBe(201);
    const seq = await noticeSeq(async (p) => (await api.get(p)).body, scope, text);
    await feedItem(page, seq).waitFor();
    // It says when (today's events by the clock) and what, in the page's words.
    expect(await feedItem(page, seq).locator('time').textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(await feedItem(page, seq).textContent()).toContain(`${text} — `);
    // A retry with the same key is the same notice, not a second event.
    expect((await api.post('/api/board/notices', { scope, text }, key)).status).toBe(200);

    // 2) a second browser context: another session of the same desk, with its own live page
    const other = await openTab('desk-second-session');
    await login(other.page, 'desk');
    await linkStatus(other.page, 'live');
    const text2 = `e2e via browser ${randomUUID().slice(0, 8)}`;
    const r = await other.ctx.request.post('/api/board/notices', {
      headers: { origin: suite.server.url, 'idempotency-key': randomUUID() },
      data: { scope, text: text2 }
    });
    expect(r.status()).toBe(201);
    const seq2 = await noticeSeq(async (p) => (await other.ctx.request.get(p)).json(), scope, text2);
    await feedItem(page, seq2).waitFor();
    await feedItem(other.page, seq2).waitFor();

    expect(await feedItem(page, seq).count()).toBe(1);
    expect(Number(await page.locator('[data-testid=feed]').getAttribute('data-last-seq'))).toBeGreaterThanOrEqual(seq2);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload)).toBe(42);
    await screenshot(page, 'desk-feed-live-events');
    await other.ctx.close();
  });

  it('switches the page to English and back', async () => {
    const { page } = desk;
    await Promise.all([page.waitForURL('**/desk'), page.click('[data-testid=lang-switch]')]);
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid=lang-switch]').innerText()).toBe('中文');
    // English in a Latin face first: the CJK face set its ’ and “ ” full width ("Children’s").
    const face = () => page.evaluate(() => getComputedStyle(document.body).fontFamily.split(',')[0].trim().replace(/"/g, ''));
    expect(await face()).toBe('Segoe UI');
    await linkStatus(page, 'live');
    await screenshot(page, 'desk-en');
    await Promise.all([page.waitForURL('**/desk'), page.click('[data-testid=lang-switch]')]);
    await page.locator('html[lang=zh-CN]').waitFor({ state: 'attached' });
    expect(await face()).toBe('Noto Sans CJK SC');
    await linkStatus(page, 'live');
  });

  it('logs out to /login and ends the session’s live sockets in every tab', async () => {
    const { page, ctx } = desk;
    // A second tab of the same session, live too: logging out in one tab must end the other's socket.
    const tab = await openTab('desk-second-tab', ctx);
    await tab.page.goto('/desk');
    await linkStatus(tab.page, 'live');
    await linkStatus(page, 'live');
    expect(await metric(suite.server.url, 'doorstep_sockets_connected')).toBeGreaterThanOrEqual(2);

    await Promise.all([page.waitForURL('**/login'), page.click('[data-testid=logout]')]);
    await linkStatus(tab.page, 'ended');
    // Said across the top, with the way back: a wall screen's figures have stopped following.
    expect(await tab.page.locator('[data-testid=session-ended]').innerText()).toContain('已退出登录');
    expect(await tab.page.locator('[data-testid=session-ended] a').getAttribute('href')).toBe('/login');
    await screenshot(tab.page, 'desk-tab-ended');
    // Server side: no socket of the session is left (the other sessions' pages are closed by now).
    await expect.poll(() => metric(suite.server.url, 'doorstep_sockets_connected'), { timeout: 10_000 }).toBe(0);
    // The cookie is gone too: the desk page sends the old tab to the login form.
    await tab.page.goto('/desk');
    expect(new URL(tab.page.url()).pathname).toBe('/login');
  });
});
