// Small request helpers shared by every express door and the upgrade handlers.
import type { IncomingMessage } from 'node:http';
import type { Lang } from '../../src/lib/protocol/errors';

import { LANG_COOKIE } from '../../src/lib/protocol/http';

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
  const c = parseCookies(req.headers.cookie)[LANG_COOKIE];
  if (c === 'en' || c === 'zh') return c;
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

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
