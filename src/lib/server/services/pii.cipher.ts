// ID numbers at rest: AES-256-GCM with a key from the environment (PII_ENC_KEYS, config.ts).
// Ciphertext: `v1:<kid>:<iv>:<ciphertext>:<tag>` (base64url; random 12-byte IV per value). The key id lets
// keys rotate: the first configured key encrypts, every configured key decrypts, and the startup pass
// (pii.backfill.ts) re-encrypts rows still under an older key. The purpose string is bound as AAD, so a
// ciphertext copied into another column does not decrypt there.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../protocol/errors';
import { normaliseIdNumber } from '../../domain/grid.keys';
import { maskIdNumber } from '../../domain/mask';
import { loadConfig, type EncKey } from '../config';
import type { Core } from '../runtime/core';
import { keyedHash, piiKey } from './grid.pii';

const VERSION = 'v1';
const IV_BYTES = 12;

/** Why a value could not be decrypted; never carries the value. */
export class PiiKeyError extends Error {
  constructor(
    readonly keyId: string,
    readonly reason: 'unknown_key' | 'auth_failed' | 'malformed'
  ) {
    super(`cannot decrypt personal data (key "${keyId}": ${reason.replace('_', ' ')}): check PII_ENC_KEYS`);
    this.name = 'PiiKeyError';
  }
}

export interface PiiCipher {
  readonly currentKeyId: string;
  encrypt(plain: string, purpose: string): string;
  /** throws PiiKeyError: a wrong or missing key never yields a value */
  decrypt(cipherText: string, purpose: string): string;
  keyIdOf(cipherText: string): string | null;
}

export function createPiiCipher(keys: EncKey[]): PiiCipher {
  if (keys.length === 0) throw new Error('no PII encryption key configured');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const current = keys[0];
  return {
    currentKeyId: current.id,
    encrypt(plain, purpose) {
      const iv = randomBytes(IV_BYTES);
      const c = createCipheriv('aes-256-gcm', current.key, iv);
      c.setAAD(Buffer.from(purpose));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [VERSION, current.id, iv.toString('base64url'), body.toString('base64url'), c.getAuthTag().toString('base64url')].join(':');
    },
    decrypt(cipherText, purpose) {
      const parts = cipherText.split(':');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new PiiKeyError(parts[1] ?? '?', 'malformed');
      const [, kid, iv, body, tag] = parts;
      const key = byId.get(kid);
      if (!key) throw new PiiKeyError(kid, 'unknown_key');
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAAD(Buffer.from(purpose));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
      } catch {
        throw new PiiKeyError(kid, 'auth_failed');
      }
    },
    keyIdOf(cipherText) {
      const parts = cipherText.split(':');
      return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
    }
  };
}

const cache = new WeakMap<EncKey[], PiiCipher>();

/** The cipher of this runtime's configured keys. */
export function piiCipher(core: Core): PiiCipher {
  let c = cache.get(core.config.piiEncKeys);
  if (!c) cache.set(core.config.piiEncKeys, (c = createPiiCipher(core.config.piiEncKeys)));
  return c;
}

/** For code without a runtime (the demo seed): the keys of this process's environment. */
export function envPiiCipher(): PiiCipher {
  return createPiiCipher(loadConfig(process.env).piiEncKeys);
}

/** Decrypts for a caller; a key problem is logged for the operator and answered KEY_UNAVAILABLE (503), never a value. */
export function decryptOrRefuse(core: Core, cipherText: string, purpose: string): string {
  try {
    return piiCipher(core).decrypt(cipherText, purpose);
  } catch (err) {
    if (!(err instanceof PiiKeyError)) throw err;
    core.log.error({ keyId: err.keyId, reason: err.reason, purpose }, err.message);
    throw new AppError('KEY_UNAVAILABLE');
  }
}

/** Purposes (AAD) of the encrypted columns. */
export const PURPOSE = { caseIdNumber: 'proxy_case.applicant_id' } as const;

export interface SealedId {
  cipher: string;
  /** HMAC under PII_KEY of `id:<normalised>`, the same form the grid's duplicate keys use */
  hash: string;
  masked: string;
}

/** What a case stores for an ID number: never the number itself. */
export function sealIdNumber(core: Core, idNumber: string): SealedId {
  return {
    cipher: piiCipher(core).encrypt(idNumber, PURPOSE.caseIdNumber),
    hash: idNumberHash(core, idNumber),
    masked: maskIdNumber(idNumber)
  };
}

export function idNumberHash(core: Core, idNumber: string): string {
  return keyedHash(piiKey(core))(`id:${normaliseIdNumber(idNumber)}`);
}
