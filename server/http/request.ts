// Small request helpers shared by every express door and the upgrade handlers.
import type { IncomingMessage } from 'node:http';
import type { Lang } from '../../src/lib/protocol/errors';
import { LANG_COOKIE, SESSION_COOKIE } from '../../src/lib/protocol/http';
import { storable } from '../../src/lib/server/services/case.inputs';

export { LANG_COOKIE, SESSION_COOKIE } from '../../src/lib/protocol/http';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k || k in out) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      /* a malformed cookie is ignored, not fatal */
    }
  }
  return out;
}

export function langOf(req: IncomingMessage): Lang {
  // Chinese first; English when the person chose it (cookie) or a client asks for it explicitly.
  const cookies = parseCookies(req.headers.cookie);
  const c = cookies[LANG_COOKIE];
  if (c === 'en' || c === 'zh') return c;
  // A signed-in page's own calls answer in the page's language, which only the switch makes English: a
  // browser set to English must not get English refusals on a Chinese page.
  if (cookies[SESSION_COOKIE]) return 'zh';
  return /^en\b/i.test(String(req.headers['accept-language'] ?? '')) && !/zh/i.test(String(req.headers['accept-language'])) ? 'en' : 'zh';
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h && /^Bearer [\w-]{16,128}$/.test(h) ? h.slice(7) : undefined;
}

/**
 * Same-origin check for state changes and handshakes: the Origin header must equal ORIGIN when it is
 * configured, otherwise the origin the request was addressed to (scheme + Host).
 */
export function originAllowed(req: IncomingMessage, configured: string | undefined, secure: boolean): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return false;
  if (configured) return origin === new URL(configured).origin;
  const host = req.headers.host;
  return !!host && (origin === `http://${host}` || (secure && origin === `https://${host}`));
}

/**
 * The client: express's `req.ip` where there is one — the peer, or the X-Forwarded-For client when the peer
 * is the local reverse proxy (`trust proxy` = loopback) — so that behind nginx every client is not
 * 127.0.0.1, sharing one login lock and one address in the access log; the bare peer otherwise.
 */
export function clientIp(req: IncomingMessage & { ip?: string }): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Deeper than any form or command of the API (a grid filing's tenants are 4 levels). */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first place in a parsed body or query that no service should be handed: a NUL or a lone surrogate
 * (Postgres refuses both in text and jsonb), or nesting deeper than any real request. Iterative, so a
 * 64 KB body of 30 000 nested arrays costs a loop, not the stack.
 */
export function unstorableInput(root: unknown): { path: string; code: string } | undefined {
  const stack: [unknown, string, number][] = [[root, '', 0]];
  const at = (path: string) => (path.length > 100 ? `${path.slice(0, 100)}…` : path);
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (!storable(v)) return { path: at(path), code: 'invalid_string' };
      continue;
    }
    if (!v || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    if (depth >= MAX_INPUT_DEPTH) return { path: at(path), code: 'too_deep' };
    for (const [k, x] of Object.entries(v)) {
      if (!storable(k)) return { path: at(path), code: 'invalid_key' };
      stack.push([x, path ? `${path}.${k}` : k, depth + 1]);
    }
  }
  return undefined;
}
