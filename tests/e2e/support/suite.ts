// One built server and one Chromium per e2e test file: started in beforeAll, closed in afterAll, and
// (unless a file opts out) an afterEach that fails the test on anything a watched page reported.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, login, newAppContext, watchConsole, type ConsoleWatch } from './browser';
import { startServer, type RunningServer, type StartOptions } from './server';

/**
 * What the afterEach asserts over every watched page, then forgets (so each test answers for itself):
 * - `'5xx'`: no CSP violation, no uncaught page error, no request answered with a 5xx status;
 * - `'pageerror'`: no CSP violation, no uncaught page error;
 * - `'none'`: no afterEach (the file checks its watches itself).
 */
export type SuiteChecks = '5xx' | 'pageerror' | 'none';

export interface SignInOptions {
  /** options for the new context (over the suite's own) */
  context?: BrowserContextOptions;
  /**
   * Load /login until the network is idle before filling it. Hydration resets the login inputs' values:
   * filling before it ends can leave `required` fields empty and the click then submits nothing.
   */
  settle?: boolean;
  /** wait for the sign-in to land on this path */
  path?: string;
  /** then wait for the page's live link */
  live?: boolean;
}

export interface SuiteOptions {
  checks?: SuiteChecks;
  /** defaults for every `signedIn` of the file */
  signIn?: SignInOptions;
  /** how the file's server starts */
  server?: StartOptions;
}

export interface SignedIn {
  ctx: BrowserContext;
  page: Page;
  watch: ConsoleWatch;
}

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
  /** closed in afterAll */
  contexts: BrowserContext[];
  /** checked (and emptied) by the afterEach */
  watches: ConsoleWatch[];
  /** a new context (a new session), closed in afterAll */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** watches `page`'s console; `name` prefixes what the afterEach reports from it */
  watch(page: Page, name?: string): ConsoleWatch;
  /** a watched page in a new context, signed in as `username` through the login form */
  signedIn(username: string, o?: SignInOptions): Promise<SignedIn>;
}

const BROKEN: Record<Exclude<SuiteChecks, 'none'>, (e: string) => boolean> = {
  '5xx': (e) => e.startsWith('pageerror') || /status of 5\d\d/.test(e),
  pageerror: (e) => e.startsWith('pageerror')
};

export function browserSuite(o: SuiteOptions = {}): BrowserSuite {
  const checks = o.checks ?? '5xx';
  const names = new WeakMap<ConsoleWatch, string>();
  const s = { contexts: [], watches: [] } as unknown as BrowserSuite;
  s.newContext = async (options = {}) => {
    const ctx = await newAppContext(s.browser, s.server.url, options);
    s.contexts.push(ctx);
    return ctx;
  };
  s.watch = (page, name) => {
    const w = watchConsole(page);
    if (name) names.set(w, name);
    s.watches.push(w);
    return w;
  };
  s.signedIn = async (username, opts = {}) => {
    const d = o.signIn ?? {};
    const ctx = await s.newContext({ ...d.context, ...opts.context });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15_000);
    const watch = s.watch(page);
    await page.goto('/login', (opts.settle ?? d.settle) ? { waitUntil: 'networkidle' } : undefined);
    await login(page, username);
    const path = opts.path ?? d.path;
    if (path) await page.waitForURL(`**${path}`);
    if (opts.live ?? d.live) await page.locator('[data-testid=link-status][data-status=live]').waitFor();
    return { ctx, page, watch };
  };
  beforeAll(async () => {
    [s.server, s.browser] = await Promise.all([startServer(o.server), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of s.contexts) await c.close().catch(() => {});
    await s.browser?.close();
    await s.server?.stop();
  });
  if (checks !== 'none') {
    afterEach(() => {
      const seen = (pick: (w: ConsoleWatch) => string[]) => s.watches.flatMap((w) => pick(w).map((m) => (names.has(w) ? `${names.get(w)}: ${m}` : m)));
      const csp = seen((w) => w.cspViolations);
      const broken = seen((w) => w.errors.filter(BROKEN[checks]));
      for (const w of s.watches) w.cspViolations.length = w.errors.length = 0;
      expect(csp).toEqual([]);
      expect(broken).toEqual([]);
    });
  }
  return s;
}
