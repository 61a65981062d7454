// The street office's dashboard and its exports (街道监控). Parse, call, map.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { ledgerMonth } from '../../src/lib/domain/ledger';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { toCsv, toXlsx, type Sheet } from '../../src/lib/server/services/table.format';
import { staff, staffOnly } from './auth';
import { ok } from './cases.api';

const Format = z.enum(['csv', 'xlsx']);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function send(res: Response, format: 'csv' | 'xlsx', baseName: string, sheets: Sheet[]) {
  const body = format === 'csv' ? Buffer.from(toCsv(sheets), 'utf8') : await toXlsx(sheets);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX);
  // ASCII fallback plus the Chinese name (RFC 6266 / 5987).
  res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(baseName)}.${format}"; filename*=UTF-8''${encodeURIComponent(baseName)}.${format}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}

export function streetRouter(rt: Runtime): Router {
  const r = Router();
  const s = rt.services;
  r.use('/street/dashboard', staffOnly(rt));
  r.use('/street/exports', staffOnly(rt));
  r.get('/street/dashboard', async (req, res) => ok(res, await s.dashboard.overview(staff(res), req.query)));
  r.get('/street/dashboard/list', async (req, res) => ok(res, await s.dashboard.list(staff(res), req.query)));
  r.get('/street/exports/overdue', async (req, res) => {
    await send(res, Format.parse(req.query.format ?? 'csv'), '超期办件', await s.exports.overdue(staff(res), req.query));
  });
  r.get('/street/exports/statements', async (req, res) => {
    const period = String(req.query.period ?? ledgerMonth(rt.core.now()));
    await send(res, Format.parse(req.query.format ?? 'csv'), `结算单-${period}`, await s.exports.statements(staff(res), period));
  });
  return r;
}
