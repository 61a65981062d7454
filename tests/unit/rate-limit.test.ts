// The in-memory per-client window behind Open311 reads: counts per client, resets per window, says how
// long to wait, and never remembers more clients than its bound.
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/protocol/errors';
import { rateLimit } from '../../server/http/rate-limit';

function caller(limit: number, maxClients?: number) {
  let t = 1_000_000;
  const mw = rateLimit({ limit, windowMs: 60_000, now: () => t, maxClients });
  const hit = (ip: string): unknown => {
    let out: unknown = 'none';
    mw({ ip, socket: {} } as unknown as Request, {} as Response, (err?: unknown) => (out = err));
    return out;
  };
  return { hit, advance: (ms: number) => (t += ms) };
}

describe('rateLimit', () => {
  it('allows `limit` per window per client, then RATE_LIMITED with the seconds left', () => {
    const c = caller(3);
    for (let i = 0; i < 3; i++) expect(c.hit('a')).toBeUndefined();
    c.advance(15_500);
    const err = c.hit('a') as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.details).toEqual({ retryAfterSeconds: 45 });
    expect(c.hit('b')).toBeUndefined();
    c.advance(44_500);
    expect(c.hit('a')).toBeUndefined();
  });

  it('stays within its bound under a flood of distinct clients', () => {
    const c = caller(1, 100);
    for (let i = 0; i < 10_000; i++) expect(c.hit(`10.0.${i >> 8}.${i & 255}`)).toBeUndefined();
    // The newest clients are still remembered (and limited); the oldest were forgotten.
    expect(c.hit('10.0.39.15')).toBeInstanceOf(AppError);
    expect(c.hit('10.0.0.0')).toBeUndefined();
  });
});
