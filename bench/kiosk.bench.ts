// The kiosk route's weight and start-up on loopback: JS and CSS transferred for /kiosk (as the server
// sent it, and gzip of the same files from the build), and time to interactive in Debian's Chromium.
// Prints figures; asserts nothing. Goal from issue 4: ≤ 100 KB of JS (gzip) for the kiosk route.
//
//   npx vite build && npx tsx bench/kiosk.bench.ts        BENCH_RUNS  reloads to time (default 10)
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiLogin, launchBrowser, startServer } from '../tests/e2e/support';
import { newKioskCode, pairOnScreen } from '../tests/e2e/support/kiosk';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Loaded {
  url: string;
  type: string;
  encoded: number;
}

/** The gzip size of a built client file (adapter-node ships .gz beside each), or undefined. */
function gzipOf(url: string): number | undefined {
  const file = join(ROOT, 'build/client', new URL(url).pathname) + '.gz';
  return existsSync(file) ? statSync(file).size : undefined;
}

async function main() {
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  try {
    const admin = await apiLogin(server.url, 'admin');
    // No service worker: every byte comes over the network, as on a kiosk's first start.
    const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1080, height: 1920 }, hasTouch: true, serviceWorkers: 'block', locale: 'zh-CN' });
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const byId = new Map<string, { url: string; type: string }>();
    let loaded: Loaded[] = [];
    cdp.on('Network.responseReceived', (e) => byId.set(e.requestId, { url: e.response.url, type: e.type }));
    cdp.on('Network.loadingFinished', (e) => {
      const r = byId.get(e.requestId);
      if (r) loaded.push({ ...r, encoded: e.encodedDataLength });
    });

    await page.goto('/kiosk');
    await page.locator('[data-testid=pair-screen]').waitFor();
    await pairOnScreen(page, (await newKioskCode(admin, 1, 'bench kiosk')).code);
    await page.locator('[data-testid=home-screen]').waitFor();

    const tti: number[] = [];
    let weights: Loaded[] = [];
    for (let i = 0; i < RUNS; i++) {
      loaded = [];
      await page.reload({ waitUntil: 'commit' });
      // Interactive: hydrated, the device resumed from its token, the home screen's buttons answer.
      await page.locator('[data-testid=home-screen]').waitFor();
      tti.push(await page.evaluate(() => performance.now()));
      await page.waitForLoadState('networkidle');
      if (i === 0) weights = loaded;
    }

    const js = weights.filter((l) => l.type === 'Script');
    const css = weights.filter((l) => l.type === 'Stylesheet');
    const doc = weights.filter((l) => l.type === 'Document');
    const sum = (ls: Loaded[], f: (l: Loaded) => number | undefined) => ls.reduce((s, l) => s + (f(l) ?? 0), 0);
    console.log(`\nKiosk route (/kiosk, paired, home screen) on ${server.url}, Chromium, cache disabled, no service worker`);
    console.log(`| what | files | transferred (as served) | gzip (build .gz) |`);
    console.log(`| --- | --- | --- | --- |`);
    console.log(`| JS | ${js.length} | ${kb(sum(js, (l) => l.encoded))} | ${kb(sum(js, (l) => gzipOf(l.url)))} |`);
    console.log(`| CSS | ${css.length} | ${kb(sum(css, (l) => l.encoded))} | ${kb(sum(css, (l) => gzipOf(l.url)))} |`);
    console.log(`| HTML | ${doc.length} | ${kb(sum(doc, (l) => l.encoded))} | - |`);
    console.log(`\nJS goal ≤ 100 KB gzip: ${kb(sum(js, (l) => gzipOf(l.url)))}`);
    console.log(`time to interactive (navigation start → home screen rendered from the stored device token), ${RUNS} reloads: median ${median(tti).toFixed(0)} ms, min ${Math.min(...tti).toFixed(0)} ms, max ${Math.max(...tti).toFixed(0)} ms`);
    await ctx.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
