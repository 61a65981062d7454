// The resident service-needs survey (居民服务需求调查): parse, call the service, map the result.
import { Router, type Response } from 'express';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { anyPrincipal, caller, idempotencyKey, kioskOf, kioskOnly, staff, staffOnly } from './auth';
import { Id, ok } from './cases.api';

const created = (res: Response, out: { result: unknown; replayed: boolean }) => ok(res, out.result, out.replayed ? 200 : 201);

export function surveysRouter(rt: Runtime): Router {
  const r = Router();
  const s = rt.services.surveys;

  // The kiosk: open surveys of its street, questions only.
  r.get('/kiosk/surveys', kioskOnly(rt), async (_req, res) => ok(res, await s.openForKiosk(kioskOf(res))));

  r.get('/surveys', staffOnly(rt), async (_req, res) => ok(res, await s.list(staff(res))));
  r.get('/surveys/:id', staffOnly(rt), async (req, res) => ok(res, await s.get(staff(res), Id.parse(req.params.id))));
  r.get('/surveys/:id/results', staffOnly(rt), async (req, res) => ok(res, await s.results(staff(res), Id.parse(req.params.id), req.query)));
  // Kiosks (channel kiosk) and staff typing in a paper form (channel staff); anonymous either way.
  r.post('/surveys/:id/responses', anyPrincipal(rt), async (req, res) =>
    created(res, await s.answer(caller(res).principal, idempotencyKey(req), Id.parse(req.params.id), req.body))
  );

  r.post('/admin/surveys', staffOnly(rt), async (req, res) => ok(res, await s.create(staff(res), req.body), 201));
  r.put('/admin/surveys/:id', staffOnly(rt), async (req, res) => ok(res, await s.update(staff(res), Id.parse(req.params.id), req.body)));
  r.post('/admin/surveys/:id/state', staffOnly(rt), async (req, res) => ok(res, await s.setState(staff(res), Id.parse(req.params.id), req.body)));
  return r;
}
