// Grid-record endpoints (一网): filing and photos, the verification board, register import,
// incentive rates, agreements and assessments, the committee's read-only view. Parse, call, map.
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { PHOTO_MAX_BYTES } from '../../src/lib/domain/grid.kinds';
import { REGISTER_MAX_BYTES } from '../../src/lib/server/services/register.service';
import { caller, idempotencyKey, staff, staffOnly } from './auth';
import { Id, ok } from './cases.api';
import { clientIp } from './request';

const name = (res: Response) => caller(res).user?.displayName ?? `user:${staff(res).userId}`;
const created = (res: Response, out: { result: unknown; replayed: boolean }) => ok(res, out.result, out.replayed ? 200 : 201);
const ctx = (req: Request, res: Response) => ({ ip: clientIp(req), requestId: res.locals.reqId as string });
const Subject = z.enum(['record', 'case']);
/** Binary bodies (photos, register files) arrive raw, whatever type the client claims; the service sniffs. */
const raw = (limit: string) => express.raw({ type: () => true, limit });
const bytesOf = (req: Request) => (Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array());

export function gridRouter(rt: Runtime): Router {
  const r = Router();
  const s = rt.services;

  // The committee's link works without an account: the token is the capability, and it shows no personal data.
  r.get('/committee/:token', async (req, res) => ok(res, await s.entrustment.committeeView(String(req.params.token))));

  r.use('/grid', staffOnly(rt));
  r.get('/grid/properties', async (_req, res) => ok(res, await s.grid.filingProperties(staff(res))));
  r.post('/grid/records', async (req, res) => created(res, await s.grid.file(staff(res), name(res), idempotencyKey(req), req.body)));
  r.get('/grid/records/mine', async (_req, res) => ok(res, await s.gridQueries.mine(staff(res))));
  r.get('/grid/board', async (req, res) => ok(res, await s.gridQueries.board(staff(res), req.query)));
  r.get('/grid/records/:id', async (req, res) => ok(res, await s.gridQueries.detail(staff(res), Id.parse(req.params.id))));
  r.post('/grid/records/:id/reveal', async (req, res) => ok(res, await s.gridQueries.reveal(staff(res), Id.parse(req.params.id), ctx(req, res), req.body)));
  r.post('/grid/records/:id/photos', raw(`${PHOTO_MAX_BYTES + 1}b`), async (req, res) =>
    created(res, await s.grid.addPhoto(staff(res), Id.parse(req.params.id), idempotencyKey(req), bytesOf(req)))
  );
  r.get('/grid/records/:id/photos/:photoId', async (req, res) => {
    const ph = await s.gridQueries.photo(staff(res), Id.parse(req.params.id), Id.parse(req.params.photoId));
    // Typed by its sniffed bytes; nosniff and the deny-all CSP keep a browser from reinterpreting it.
    res.setHeader('Content-Type', ph.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', 'inline');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('ETag', `"${ph.sha256}"`);
    res.end(Buffer.from(ph.bytes));
  });

  r.post('/grid/claims/:subject/:id', async (req, res) => ok(res, await s.verification.claim(staff(res), name(res), Subject.parse(req.params.subject), Id.parse(req.params.id))));
  r.delete('/grid/claims/:subject/:id', async (req, res) => ok(res, await s.verification.release(staff(res), Subject.parse(req.params.subject), Id.parse(req.params.id))));
  r.post('/grid/records/:id/decision', async (req, res) => created(res, await s.verification.decide(staff(res), name(res), Id.parse(req.params.id), idempotencyKey(req), req.body)));
  r.post('/grid/records/:id/correction', async (req, res) => created(res, await s.verification.correct(staff(res), name(res), Id.parse(req.params.id), idempotencyKey(req), req.body)));

  r.post('/grid/register/import', raw(`${REGISTER_MAX_BYTES + 1}b`), async (req, res) => {
    const q = z.object({ communityId: Id.optional() }).parse(req.query);
    ok(res, await s.register.importFile(staff(res), bytesOf(req), q.communityId), 201);
  });
  r.get('/grid/register', async (req, res) => ok(res, await s.register.counts(staff(res), z.object({ communityId: Id.optional() }).parse(req.query).communityId)));

  r.get('/grid/rates', async (_req, res) => ok(res, await s.incentives.rates(staff(res))));
  r.post('/grid/rates', async (req, res) => ok(res, await s.incentives.setRate(staff(res), req.body), 201));
  r.get('/grid/incentives', async (req, res) => ok(res, await s.incentives.owed(staff(res), String(req.query.period ?? ''))));

  r.get('/grid/agreements', async (_req, res) => ok(res, await s.entrustment.list(staff(res))));
  r.post('/grid/agreements/:id/committee-link', async (req, res) => ok(res, await s.entrustment.reissueCommitteeLink(staff(res), Id.parse(req.params.id))));
  r.post('/grid/agreements', async (req, res) => ok(res, await s.entrustment.create(staff(res), req.body), 201));
  r.post('/grid/rule-sets', async (req, res) => ok(res, await s.entrustment.addRuleSet(staff(res), req.body), 201));
  r.post('/grid/assessments', async (req, res) => ok(res, await s.assessments.open(staff(res), req.body), 201));
  r.get('/grid/assessments/:id', async (req, res) => ok(res, await s.assessments.get(staff(res), Id.parse(req.params.id))));
  r.post('/grid/assessments/:id/grade', async (req, res) => ok(res, await s.assessments.grade(staff(res), Id.parse(req.params.id))));
  r.post('/grid/assessments/:id/regrade', async (req, res) => created(res, await s.assessments.regrade(staff(res), Id.parse(req.params.id), idempotencyKey(req), req.body)));
  r.post('/grid/spot-checks/:id', async (req, res) => ok(res, await s.assessments.check(staff(res), name(res), Id.parse(req.params.id), req.body)));
  return r;
}
