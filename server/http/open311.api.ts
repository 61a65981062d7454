// Open311 GeoReport v2 (JSON). Reads are public and carry no personal data; filing needs a kiosk key
// (api_key), and lands at that kiosk's point like a kiosk submission.
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { AppError, errorBody } from '../../src/lib/protocol/errors';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { idempotencyKey, storableInput } from './auth';
import { toAppError } from './errors';
import { rateLimit } from './rate-limit';
import { langOf } from './request';

const CaseNo = z.string().regex(/^D\d{8}-\d{6,}$/);

/** The case numbers a GET /requests.json asks for (each one a read of the budget). */
const lookups = (q: unknown) => (typeof q === 'string' ? q.split(',').filter(Boolean).length : 1);

export function open311Router(rt: Runtime): Router {
  const r = Router();
  const s = rt.services;
  r.use(express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' }), storableInput);

  // Reads are public: a per-IP budget (OPEN311_READS_PER_MINUTE) keeps one client from walking case numbers or flooding.
  // A batch lookup costs one read per case number in it: 50 numbers in one request are 50 guesses.
  const readLimit = rateLimit({ limit: rt.core.config.open311ReadsPerMinute, windowMs: 60_000, cost: (req) => (req.path === '/requests.json' ? lookups(req.query.service_request_id) : 1) });
  r.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? readLimit(req, res, next) : next()));
  r.get('/services.json', async (_req, res) => void res.json(await s.open311.services()));
  r.get('/services/:code.json', async (req, res) => void res.json(await s.open311.definition(String(req.params.code))));
  r.get('/requests/:id.json', async (req, res) => void res.json(await s.open311.request(CaseNo.parse(req.params.id))));
  r.get('/requests.json', async (req, res) => {
    const ids = z.string().max(2000).parse(req.query.service_request_id ?? '').split(',').filter(Boolean);
    res.json(await s.open311.requests(ids.map((id) => CaseNo.parse(id.trim()))));
  });

  r.post('/requests.json', async (req, res) => {
    const b = z
      .object({
        api_key: z.string().min(16).max(128),
        service_code: z.string().max(48),
        first_name: z.string().max(20).default(''),
        last_name: z.string().max(20).default(''),
        phone: z.string().max(20),
        email: z.string().max(100).optional(),
        description: z.string().max(500).optional(),
        attribute: z.record(z.string(), z.string().max(40)).default({}),
        'attribute[id_number]': z.string().max(20).optional()
      })
      .parse(req.body);
    const kiosk = await s.kiosks.resolve(b.api_key);
    if (kiosk.rotated) rt.realtime.endKiosk(kiosk.principal.kioskId);
    const idNumber = b.attribute.id_number ?? b['attribute[id_number]'];
    const materials = Object.keys(b.attribute).filter((k) => k.startsWith('material_')).map((k) => k.slice('material_'.length));
    // A client's own key must be one the JSON API would take; without one, a key per request.
    const key = req.get('idempotency-key') !== undefined ? idempotencyKey(req) : `open311-${b.service_code}-${b.phone}-${Date.now()}`;
    const out = await s.cases.intake({ principal: kiosk.principal }, key, {
      itemCode: b.service_code,
      channel: 'kiosk',
      applicant: { name: `${b.last_name}${b.first_name}`.trim(), phone: b.phone, ...(idNumber ? { idNumber } : {}) },
      materials
    });
    res.status(201).json([{ service_request_id: out.result.caseNo, service_notice: '已受理，请留意取件通知 / Received; watch for the pickup notice', account_id: null }]);
  });

  // GeoReport errors are a list of { code, description }.
  r.use((err: unknown, req: express.Request, res: Response, _next: express.NextFunction) => {
    const e = err instanceof AppError ? err : toAppError(err);
    const body = errorBody(e.code, langOf(req));
    const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (e.code === 'RATE_LIMITED' && retry) res.setHeader('Retry-After', String(retry));
    res.status(e.status).json([{ code: e.status, description: body.error.message, error: body.error }]);
  });
  return r;
}
