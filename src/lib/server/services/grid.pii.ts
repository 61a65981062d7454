// The keyed hash that puts ID numbers into duplicate keys. HMAC (not a plain hash): the space of ID
// numbers is small enough to enumerate, so only someone holding PII_KEY can test a guess.
import { createHmac } from 'node:crypto';
import { DEV_PII_KEY } from '../config';
import type { KeyedHash } from '../../domain/grid.keys';
import type { Core } from '../runtime/core';

/** A deployment sets PII_KEY (config.ts; required when NODE_ENV=production) and must keep it: changing it orphans every key. */
export function piiKey(core: Core): string {
  return core.config.piiKey;
}

/** For code without a runtime (the demo seed, benchmarks). */
export function envPiiKey(): string {
  return process.env.PII_KEY || DEV_PII_KEY;
}

export function keyedHash(key: string): KeyedHash {
  return (s) => createHmac('sha256', key).update(s).digest('base64url').slice(0, 32);
}
