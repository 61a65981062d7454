// A per-client fixed-window limit for public reads (Open311), kept in this process's memory: reads
// must not cost a database write each. With N processes behind nginx a client gets at most N× the
// limit, which is still a ceiling. The client is `req.ip`: the peer, or the X-Forwarded-For client when
// the peer is the local reverse proxy (app `trust proxy` = loopback), so clients behind nginx do not
// share one budget and nobody can pick their own by sending the header from outside.
import type { RequestHandler } from 'express';
import { AppError } from '../../src/lib/protocol/errors';

export interface RateLimitOptions {
  /** requests per window per client */
  limit: number;
  windowMs: number;
  now?: () => number;
  /** bound on remembered clients; past it, expired windows are dropped, then the oldest */
  maxClients?: number;
  /** how many reads a request is (a lookup of 50 case numbers is 50); 1 by default */
  cost?: (req: Parameters<RequestHandler>[0]) => number;
}

export function rateLimit(o: RateLimitOptions): RequestHandler {
  const now = o.now ?? Date.now;
  const max = o.maxClients ?? 50_000;
  const windows = new Map<string, { start: number; count: number }>();

  function prune(t: number) {
    for (const [k, w] of windows) if (t - w.start >= o.windowMs) windows.delete(k);
    // Still full (a flood of distinct addresses): forget the oldest entries; Map keeps insertion order.
    for (const k of windows.keys()) {
      if (windows.size < max) break;
      windows.delete(k);
    }
  }

  return (req, _res, next) => {
    const t = now();
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let w = windows.get(key);
    if (!w || t - w.start >= o.windowMs) {
      if (!w && windows.size >= max) prune(t);
      windows.delete(key);
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count += Math.max(1, o.cost?.(req) ?? 1);
    if (w.count > o.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + o.windowMs - t) / 1000));
      return next(new AppError('RATE_LIMITED', { retryAfterSeconds }));
    }
    next();
  };
}
