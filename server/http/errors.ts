// Every failure leaves as { error: { code, message } } in the caller's language; never a stack trace.
import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { AppError, errorBody, type ErrorCode, type Lang } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/runtime/logger';
import { mapDbError } from '../../src/lib/server/services/uow';
import { langOf } from './request';

export function toAppError(err: unknown): AppError {
  const mapped = mapDbError(err);
  if (mapped instanceof AppError) return mapped;
  if (mapped instanceof ZodError) return new AppError('VALIDATION', mapped.issues.map((i) => ({ path: i.path.join('.'), code: i.code })));
  const e = mapped as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (e?.type === 'entity.parse.failed' || e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('BAD_REQUEST');
  if (e?.status === 400) return new AppError('BAD_REQUEST');
  return new AppError('INTERNAL');
}

export function sendError(res: Response, code: ErrorCode, lang: Lang, details?: unknown): void {
  const err = new AppError(code, details);
  res.status(err.status).json(errorBody(code, lang, details));
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = toAppError(err);
    if (e.code === 'INTERNAL') log.error({ err, reqId: res.locals.reqId }, 'unhandled error');
    if (e.code === 'RATE_LIMITED') {
      const d = e.details as { retryAfterSeconds?: number } | undefined;
      if (d?.retryAfterSeconds) res.setHeader('Retry-After', String(d.retryAfterSeconds));
    }
    if (res.headersSent) return;
    res.status(e.status).json(errorBody(e.code, langOf(req), e.details));
  };
}
