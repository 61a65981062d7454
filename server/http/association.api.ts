// The promotion association (一会): members, charter, meetings and decisions. Parse, call, map.
// Guards are per route, not on the /association prefix: the surveys under it admit kiosks too.
import { Router, type Response } from 'express';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { idempotencyKey, staff, staffOnly } from './auth';
import { Id, ok } from './cases.api';

const created = (res: Response, out: { result: unknown; replayed: boolean }) => ok(res, out.result, out.replayed ? 200 : 201);

export function associationRouter(rt: Runtime): Router {
  const r = Router();
  const a = rt.services.association;
  const signedIn = staffOnly(rt);

  r.get('/association', signedIn, async (_req, res) => ok(res, await a.overview(staff(res))));

  r.get('/association/members', signedIn, async (_req, res) => ok(res, await a.members(staff(res))));
  r.post('/association/members', signedIn, async (req, res) => created(res, await a.addMember(staff(res), idempotencyKey(req), req.body)));
  r.patch('/association/members/:companyId', signedIn, async (req, res) =>
    ok(res, (await a.updateMember(staff(res), Id.parse(req.params.companyId), idempotencyKey(req), req.body)).result)
  );

  r.post('/association/members/:companyId/leave', signedIn, async (req, res) =>
    ok(res, (await a.leaveMember(staff(res), Id.parse(req.params.companyId), idempotencyKey(req), req.body)).result)
  );

  r.get('/association/charter', signedIn, async (_req, res) => ok(res, await a.charter(staff(res))));
  r.post('/association/charter', signedIn, async (req, res) => created(res, await a.adoptCharter(staff(res), idempotencyKey(req), req.body)));

  r.get('/association/meetings', signedIn, async (_req, res) => ok(res, await a.meetings(staff(res))));
  r.post('/association/meetings', signedIn, async (req, res) => created(res, await a.recordMeeting(staff(res), idempotencyKey(req), req.body)));
  r.get('/association/meetings/:id', signedIn, async (req, res) => ok(res, await a.meeting(staff(res), Id.parse(req.params.id))));
  r.patch('/association/meetings/:id', signedIn, async (req, res) => ok(res, await a.updateMeeting(staff(res), Id.parse(req.params.id), idempotencyKey(req), req.body)));
  r.post('/association/meetings/:id/decisions', signedIn, async (req, res) =>
    created(res, await a.addDecision(staff(res), Id.parse(req.params.id), idempotencyKey(req), req.body))
  );
  return r;
}
