// The JSON API: parse, call a service, map the result. No rules live here.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { ScopeString } from '../../src/lib/server/services/board.service';
import { homeScope } from '../../src/lib/domain/roles';
import { anyPrincipal, caller, idempotencyKey, kioskOf, kioskOnly, staff, staffOnly, storableInput } from './auth';
import { adminRouter } from './admin.api';
import { associationRouter } from './association.api';
import { casesRouter, Id, ok } from './cases.api';
import { Int4Id } from '../../src/lib/server/services/case.inputs';
import { gridRouter } from './grid.api';
import { streetRouter } from './street.api';
import { surveysRouter } from './surveys.api';
import { bearerToken, clientIp, parseCookies, SESSION_COOKIE } from './request';

export function apiRouter(rt: Runtime): Router {
  const r = Router();
  const { auth, kiosks, board, notices } = rt.services;
  const cookie = (secure: boolean, maxAgeMs: number) => ({ httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge: maxAgeMs });
  r.use(storableInput);

  r.post('/auth/login', async (req, res) => {
    const previous = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const s = await auth.login(req.body, clientIp(req), previous);
    res.cookie(SESSION_COOKIE, s.token, cookie(rt.core.config.secureCookies, s.expiresAt.getTime() - Date.now()));
    ok(res, { user: s.user, expiresAt: s.expiresAt });
  });

  r.post('/auth/logout', async (req, res) => {
    const ended = await auth.logout(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (ended) rt.realtime.endSession(ended);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    ok(res, { ended: !!ended });
  });

  // 设为大屏: this browser's own session becomes a wall screen's (read-only; ended only by 退出 or its expiry).
  r.post('/me/display', staffOnly(rt), async (req, res) => ok(res, await rt.services.auth.makeDisplay(parseCookies(req.headers.cookie)[SESSION_COOKIE])));

  r.get('/me', anyPrincipal(rt), (_req, res) => {
    const c = caller(res);
    ok(res, { principal: c.principal, user: c.user ?? null, homeScope: homeScope(c.principal) });
  });

  r.post('/kiosk/pair', async (req, res) => ok(res, await kiosks.pair(req.body, clientIp(req)), 201));
  r.get('/kiosk/me', kioskOnly(rt), (_req, res) => ok(res, { kiosk: kioskOf(res) }));
  r.post('/kiosk/rotate-token', kioskOnly(rt), async (req, res) =>
    ok(res, await kiosks.rotateToken(kioskOf(res), bearerToken(req)!, { ip: clientIp(req), requestId: res.locals.reqId as string }))
  );

  r.post('/admin/kiosks', staffOnly(rt), async (req, res) => {
    const input = z.object({ pointId: Int4Id, label: z.string().trim().min(1).max(80) }).parse(req.body);
    ok(res, await kiosks.create(staff(res), input), 201);
  });
  r.post('/admin/kiosks/:id/pairing-code', staffOnly(rt), async (req, res) => ok(res, await kiosks.issuePairingCode(staff(res), Id.parse(req.params.id))));
  r.post('/admin/kiosks/:id/revoke', staffOnly(rt), async (req, res) => {
    const id = Id.parse(req.params.id);
    await kiosks.revoke(staff(res), id);
    rt.realtime.endKiosk(id);
    ok(res, { revoked: id });
  });

  r.get('/board/events', anyPrincipal(rt), async (req, res) => {
    const q = z.object({ scope: ScopeString.optional() }).parse(req.query);
    const p = caller(res).principal;
    ok(res, { events: await board.recent(p, q.scope ?? homeScope(p)), hw: rt.core.bus.hw });
  });

  r.post('/board/notices', staffOnly(rt), async (req, res) => {
    const c = caller(res);
    const out = await notices.post(staff(res), c.user?.displayName ?? '', idempotencyKey(req), req.body);
    ok(res, out.result, out.replayed ? 200 : 201);
  });

  r.use(casesRouter(rt));
  r.use(streetRouter(rt));
  r.use(associationRouter(rt));
  r.use(surveysRouter(rt));
  // Before the admin router, whose guard covers every path: the committee's link works without an account.
  r.use(gridRouter(rt));
  r.use(adminRouter(rt));
  return r;
}
