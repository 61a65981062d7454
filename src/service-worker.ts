/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The kiosk's offline shell. SvelteKit registers this worker on every page, so it acts for the kiosk
// only: the /kiosk page (network first, the last good copy when the network is down) and the built
// assets (immutable, so cache first). The API, socket.io and Yjs always go to the network, and no
// response that could hold personal data is ever cached: /kiosk's HTML carries the catalogue only.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `kiosk-shell-${version}`;
const SHELL = '/kiosk';
const ASSETS = new Set([...build, ...files]);
const NAV_TIMEOUT_MS = 4_000;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Registered from a staff page (SvelteKit registers it everywhere): install empty and stay out of
      // the way; a kiosk visited later fills the cache as it loads.
      const windows = await sw.clients.matchAll({ includeUncontrolled: true, type: 'window' });
      if (windows.some((c) => new URL(c.url).pathname.startsWith(SHELL))) {
        const cache = await caches.open(CACHE);
        await cache.addAll([...ASSETS]);
        // The shell too, so a kiosk that reloads offline right after an update still starts.
        const res = await fetch(SHELL, { cache: 'no-store' }).catch(() => undefined);
        if (res?.ok) await cache.put(SHELL, res);
      }
      await sw.skipWaiting();
    })()
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE && key.startsWith('kiosk-shell-')) await caches.delete(key);
      await sw.clients.claim();
    })()
  );
});

async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    // A navigate-mode request cannot be re-made with options: race it against the clock instead.
    const res = await Promise.race([fetch(request), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), NAV_TIMEOUT_MS))]);
    if (res.ok) await cache.put(SHELL, res.clone());
    return res;
  } catch {
    return (await cache.match(SHELL)) ?? Response.error();
  }
}

async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === SHELL || url.pathname === `${SHELL}/`)) event.respondWith(shell(request));
  else if (ASSETS.has(url.pathname)) event.respondWith(asset(request));
});
