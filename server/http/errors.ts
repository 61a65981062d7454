// Every failure leaves as { error: { code, message } } in the caller's language; never a stack trace.
import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { AppError, errorBody, type ErrorCode, type Lang } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/runtime/logger';
import { mapDbError } from '../../src/lib/server/services/uow';
import { langOf } from './request';

/** SQLSTATE class 22 (data exception): a value the column cannot hold — out of range, no such date, NUL. */
function isDataException(err: unknown): boolean {
  const w = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = typeof w?.code === 'string' ? w.code : typeof w?.cause?.code === 'string' ? w.cause.code : '';
  return /^22[0-9A-Z]{3}$/.test(code);
}

/** A refinement whose message is a code (`check_digit`, `period_reversed`) names that code; others say `custom`. */
function zodDetails(err: ZodError): { path: string; code: string }[] {
  return err.issues.map((i) => ({ path: i.path.join('.'), code: i.code === 'custom' && /^[a-z_]+$/.test(i.message) ? i.message : i.code }));
}

export function toAppError(err: unknown): AppError {
  const mapped = mapDbError(err);
  if (mapped instanceof AppError) return mapped;
  // The input reached the database unchecked (a bound missing in a schema): still the caller's 400, not a 500.
  if (isDataException(mapped)) return new AppError('VALIDATION', [{ path: '', code: 'out_of_range' }]);
  if (mapped instanceof ZodError) return new AppError('VALIDATION', zodDetails(mapped));
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
    // A schema let through what the database refused: answered 400, logged so the bound gets added.
    else if (isDataException(err)) log.warn({ err, reqId: res.locals.reqId }, 'database refused a value the input schema allowed');
    if (e.code === 'RATE_LIMITED') {
      const d = e.details as { retryAfterSeconds?: number } | undefined;
      if (d?.retryAfterSeconds) res.setHeader('Retry-After', String(d.retryAfterSeconds));
    }
    if (res.headersSent) return;
    res.status(e.status).json(errorBody(e.code, langOf(req), e.details));
  };
}
