// Street and admin endpoints: catalogue, organisations and accounts, training, statements.
import { Router } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { idempotencyKey, staff, staffOnly } from './auth';
import { Id, ok } from './cases.api';
import { SESSION_COOKIE } from './request';

export function adminRouter(rt: Runtime): Router {
  const r = Router();
  const s = rt.services;
  r.use(staffOnly(rt));

  r.get('/admin/items', async (_req, res) => ok(res, await s.catalogue.listAll(staff(res))));
  r.post('/admin/items', async (req, res) => ok(res, await s.catalogue.create(staff(res), req.body), 201));
  r.patch('/admin/items/:id', async (req, res) => ok(res, await s.catalogue.update(staff(res), Id.parse(req.params.id), req.body)));

  r.get('/admin/org', async (_req, res) => ok(res, await s.org.overview(staff(res))));
  r.post('/admin/companies', async (req, res) => ok(res, await s.org.addCompany(staff(res), req.body), 201));
  r.post('/admin/properties', async (req, res) => ok(res, await s.org.addProperty(staff(res), req.body), 201));
  r.post('/admin/staff', async (req, res) => ok(res, await s.org.addStaff(staff(res), req.body), 201));

  r.get('/admin/training', async (_req, res) => ok(res, await s.training.roster(staff(res))));
  r.post('/admin/training/sessions', async (req, res) => {
    const out = await s.training.addSession(staff(res), idempotencyKey(req), req.body);
    ok(res, out.result, out.replayed ? 200 : 201);
  });
  r.post('/admin/training/assessments', async (req, res) => ok(res, await s.training.recordAssessment(staff(res), req.body), 201));
  r.post('/admin/staff/:id/pledge', async (req, res) => {
    await s.training.signPledge(staff(res), Id.parse(req.params.id));
    ok(res, { signed: true });
  });

  r.get('/admin/access-log', async (req, res) => ok(res, await s.accessLog.search(staff(res), req.query)));
  r.post('/admin/staff/:id/disable', async (req, res) => {
    const ended = await s.auth.disableStaff(staff(res), Id.parse(req.params.id));
    for (const h of ended) rt.realtime.endSession(h);
    ok(res, { disabled: true, sessionsEnded: ended.length });
  });
  r.post('/admin/staff/:id/password', async (req, res) => {
    const ended = await s.auth.resetStaffPassword(staff(res), Id.parse(req.params.id), req.body);
    for (const h of ended) rt.realtime.endSession(h);
    ok(res, { reset: true, sessionsEnded: ended.length });
  });
  r.post('/admin/staff/:id/enable', async (req, res) => ok(res, (await s.auth.enableStaff(staff(res), Id.parse(req.params.id)), { enabled: true })));
  r.post('/me/password', async (req, res) => {
    const ended = await s.auth.changeOwnPassword(staff(res), req.body);
    for (const h of ended) rt.realtime.endSession(h);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    ok(res, { changed: true, sessionsEnded: ended.length });
  });

  r.get('/street/statements', async (req, res) => ok(res, await s.subsidies.statements(staff(res), z.string().optional().parse(req.query.period))));
  r.post('/street/statements', async (req, res) => ok(res, await s.subsidies.prepare(staff(res), req.body), 201));
  r.post('/street/statements/:id/approve', async (req, res) => ok(res, await s.subsidies.approve(staff(res), Id.parse(req.params.id))));
  r.get('/street/statements/:id', async (req, res) => ok(res, await s.subsidies.statement(staff(res), Id.parse(req.params.id))));
  r.post('/street/ledger/:id/reverse', async (req, res) => ok(res, await s.subsidies.reverse(staff(res), Id.parse(req.params.id), req.body), 201));
  return r;
}
