// Debian's Chromium driven by playwright-core (no downloaded browser), plus the small page helpers
// every e2e test needs: sign in, watch the console for CSP violations, take a screenshot.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';

export const DEMO_PASSWORD = 'doorstep-demo';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENS = fileURLToPath(new URL('../../../test-results/screens/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps dialling out of a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
  });
}

/** A fresh browser context (own cookies, so its own session) whose relative URLs go to `baseURL`. */
export function newAppContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', ...options, baseURL });
}

/** Signs in through the real login form and waits for the redirect away from /login. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  // Wait for hydration (the layout marks it): text typed before it could be reset by the client render.
  await page.locator('html[data-hydrated]').waitFor();
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
  await page.click('[data-testid=login-submit]');
  const r = await response;
  // A refused sign-in stays on /login: say why instead of timing out on the redirect.
  if (r.status() >= 400) throw new Error(`login as ${username} answered ${r.status()}: ${(await r.text()).replace(/\s+/g, ' ').slice(0, 300)}`);
  await page.waitForURL((u) => u.pathname !== '/login');
}

export interface ConsoleWatch {
  /** console errors and warnings that report a Content-Security-Policy violation */
  cspViolations: string[];
  /** every console error, and uncaught page exceptions (prefixed `pageerror:`) */
  errors: string[];
}

/** Collects what the page reports about itself; attach before the first navigation. */
export function watchConsole(page: Page): ConsoleWatch {
  const w: ConsoleWatch = { cspViolations: [], errors: [] };
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    if (/Content[ -]Security[ -]Policy/i.test(text)) w.cspViolations.push(text);
    if (m.type() === 'error') w.errors.push(`${m.location().url}: ${text}`);
  });
  page.on('pageerror', (err) => w.errors.push(`pageerror: ${err.message}`));
  return w;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const path = join(SCREENS, `${name.replace(/[^\w-]+/g, '_')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
