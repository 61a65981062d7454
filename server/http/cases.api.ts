// Proxy-case endpoints: parse, call a service, map the result.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { startOfShanghaiDay } from '../../src/lib/domain/sla';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { anyPrincipal, caller, idempotencyKey, kioskOf, kioskOnly, staff, staffOnly } from './auth';
import { Int4Id, SaneDate } from '../../src/lib/server/services/case.inputs';
import { clientIp } from './request';

/** A path id as written: decimal digits only (not 0x1, 1e0 or " 1", which Number() would also read as 1). */
export const Id = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(2_147_483_647));
export const ok = (res: Response, data: unknown, status = 200) => res.status(status).json({ data });
const actor = (res: Response) => ({ principal: caller(res).principal, displayName: caller(res).user?.displayName });
const created = (res: Response, out: { result: unknown; replayed: boolean }) => ok(res, out.result, out.replayed ? 200 : 201);
const ctx = (req: Request, res: Response) => ({ ip: clientIp(req), requestId: res.locals.reqId as string });

export function casesRouter(rt: Runtime): Router {
  const r = Router();
  const s = rt.services;

  r.get('/catalogue', async (_req, res) => ok(res, await s.catalogue.listPublic()));

  r.post('/cases', anyPrincipal(rt), async (req, res) => created(res, await s.cases.intake(actor(res), idempotencyKey(req), req.body)));
  r.get('/cases/board', staffOnly(rt), async (req, res) => {
    const q = z.object({ pointId: Id.optional() }).parse(req.query);
    ok(res, await s.caseQueries.board(staff(res), q.pointId));
  });
  r.get('/cases/review', staffOnly(rt), async (_req, res) => ok(res, await s.caseQueries.reviewQueue(staff(res))));
  r.get('/cases/:id', staffOnly(rt), async (req, res) => ok(res, await s.caseQueries.detail(staff(res), Id.parse(req.params.id))));
  r.post('/cases/:id/reveal', staffOnly(rt), async (req, res) => ok(res, await s.caseQueries.reveal(staff(res), Id.parse(req.params.id), ctx(req, res), req.body)));
  r.post('/cases/:id/transitions', staffOnly(rt), async (req, res) =>
    created(res, await s.cases.transition(actor(res), Id.parse(req.params.id), idempotencyKey(req), req.body))
  );

  r.post('/kiosk/track', kioskOnly(rt), async (req, res) => {
    const q = z.object({ caseNo: z.string().trim().max(40), last4: z.string().regex(/^\d{4}$/) }).parse(req.body);
    ok(res, await s.caseQueries.track(kioskOf(res), q.caseNo, q.last4));
  });
  r.post('/kiosk/heartbeat', kioskOnly(rt), async (_req, res) => ok(res, await s.kiosks.heartbeat(kioskOf(res))));
  r.get('/kiosk/pickups', kioskOnly(rt), async (_req, res) => ok(res, await s.caseQueries.pickupBoard(kioskOf(res).pointId)));
  r.post('/kiosk/pickup', kioskOnly(rt), async (req, res) => ok(res, await s.pickup.check(kioskOf(res), req.body)));

  r.get('/slots', anyPrincipal(rt), async (_req, res) => ok(res, await s.appointments.openSlots(caller(res).principal)));
  r.post('/slots', staffOnly(rt), async (req, res) => ok(res, await s.appointments.createSlot(staff(res), req.body), 201));
  r.post('/bookings/:caseId/assign', staffOnly(rt), async (req, res) => {
    const q = z.object({ userId: Int4Id.optional() }).parse(req.body ?? {});
    ok(res, await s.appointments.assign(staff(res), Id.parse(req.params.caseId), q.userId));
  });
  r.get('/agenda', staffOnly(rt), async (req, res) => {
    const q = z.object({ from: SaneDate.optional() }).parse(req.query);
    ok(res, await s.appointments.agenda(staff(res), q.from ?? startOfShanghaiDay(rt.core.now())));
  });
  return r;
}
