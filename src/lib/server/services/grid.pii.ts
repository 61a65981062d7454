// The keyed hash that puts ID numbers into duplicate keys. HMAC (not a plain hash): the space of ID
// numbers is small enough to enumerate, so only someone holding PII_KEY can test a guess.
import { createHmac } from 'node:crypto';
import type { KeyedHash } from '../../domain/grid.keys';
import type { Core } from '../runtime/core';

/** Development only; a deployment sets PII_KEY (and must keep it: changing it orphans every key). */
const DEV_KEY = 'doorstep-dev-pii-key-change-me';

export function piiKey(core: Core): string {
  // config.ts does not carry it yet (asked for), so fall back to the environment here.
  return (core.config as { piiKey?: string }).piiKey ?? envPiiKey();
}

/** For code without a runtime (the demo seed, benchmarks). */
export function envPiiKey(): string {
  return process.env.PII_KEY || DEV_KEY;
}

export function keyedHash(key: string): KeyedHash {
  return (s) => createHmac('sha256', key).update(s).digest('base64url').slice(0, 32);
}
