// Who is calling: a staff session (cookie) or an enrolled kiosk (bearer token). Resolved per request,
// so a revoked kiosk or an ended session stops at its very next request.
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../src/lib/protocol/errors';
import { isIdempotencyKey } from '../../src/lib/protocol/http';
import type { KioskPrincipal, Principal, StaffPrincipal } from '../../src/lib/domain/roles';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import type { PublicUser } from '../../src/lib/server/services/auth.service';
import { bearerToken, originAllowed, parseCookies, SESSION_COOKIE, unstorableInput } from './request';

export interface Caller {
  principal: Principal;
  user?: PublicUser;
  sessionHash?: string;
  /** a wall screen's session (大屏): it reads, and every write is refused */
  readOnly?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Cross-origin state changes are refused whatever their content type (SvelteKit's check covers forms only). */
export function sameOriginWrites(rt: Runtime): RequestHandler {
  return (req, _res, next) => {
    if (UNSAFE.has(req.method) && !originAllowed(req, rt.core.config.origin, rt.core.config.secureCookies)) return next(new AppError('BAD_ORIGIN'));
    next();
  };
}

/** Bodies and queries with NUL, lone surrogates or absurd nesting stop here, before any service. */
export const storableInput: RequestHandler = (req, _res, next) => {
  const bad = unstorableInput(req.body) ?? unstorableInput(req.query);
  next(bad ? new AppError('VALIDATION', [bad]) : undefined);
};

export async function identify(rt: Runtime, req: Request): Promise<Caller> {
  const token = bearerToken(req);
  if (token) {
    const k = await rt.services.kiosks.resolve(token);
    // A rotated token's first use: sockets opened with the old token end too.
    if (k.rotated) rt.realtime.endKiosk(k.principal.kioskId);
    return { principal: k.principal };
  }
  const s = await rt.services.auth.resolve(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
  return { principal: s.principal, user: s.user, sessionHash: s.idHash, readOnly: s.display };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function guard(rt: Runtime, accept: (c: Caller) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    identify(rt, req)
      .then((caller) => {
        if (!accept(caller)) throw new AppError('FORBIDDEN');
        if (caller.readOnly && !READS.has(req.method)) throw new AppError('FORBIDDEN', { reason: 'display_read_only' });
        res.locals.caller = caller;
        next();
      })
      .catch(next);
  };
}

export const anyPrincipal = (rt: Runtime) => guard(rt, () => true);
export const staffOnly = (rt: Runtime) => guard(rt, (c) => c.principal.kind === 'staff');
export const kioskOnly = (rt: Runtime) => guard(rt, (c) => c.principal.kind === 'kiosk');

export function caller(res: Response): Caller {
  return res.locals.caller as Caller;
}
export function staff(res: Response): StaffPrincipal {
  return caller(res).principal as StaffPrincipal;
}
export function kioskOf(res: Response): KioskPrincipal {
  return caller(res).principal as KioskPrincipal;
}

export function idempotencyKey(req: Request): string {
  const key = req.get('idempotency-key');
  if (!isIdempotencyKey(key)) throw new AppError('VALIDATION', [{ path: 'Idempotency-Key', code: 'required' }]);
  return key;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * /metrics is for the operator. With METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>`
 * from wherever it comes; without it only a direct loopback caller is served: a request a reverse proxy
 * on the same host forwarded (it carries X-Forwarded-For / Forwarded) is refused like a remote one.
 */
export function metricsAccess(rt: Runtime): RequestHandler {
  return (req, _res, next) => {
    const want = rt.core.config.metricsToken;
    if (want) {
      const got = Buffer.from(bearerToken(req) ?? '');
      const ok = got.length === Buffer.byteLength(want) && timingSafeEqual(got, Buffer.from(want));
      return next(ok ? undefined : new AppError('UNAUTHENTICATED'));
    }
    const direct = LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
    next(direct ? undefined : new AppError('FORBIDDEN'));
  };
}
