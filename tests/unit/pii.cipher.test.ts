// The ID-number cipher on its own: format, random IVs, key rotation, tamper and purpose binding, and the
// configuration that refuses development keys in production.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_ENC_KEYS, DEV_PII_KEY, loadConfig, parseEncKeys } from '../../src/lib/server/config';
import { createPiiCipher, PiiKeyError } from '../../src/lib/server/services/pii.cipher';

const ID = '44030419900101125X';
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('PII cipher', () => {
  it('round-trips with a versioned, key-tagged format and a fresh IV each time', () => {
    const c = createPiiCipher([k1]);
    const a = c.encrypt(ID, 'p');
    const b = c.encrypt(ID, 'p');
    expect(a).toMatch(/^v1:k1:[\w-]{16}:[\w-]+:[\w-]{22}$/);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
    expect(a).not.toContain(ID);
    expect(c.decrypt(a, 'p')).toBe(ID);
    expect(c.keyIdOf(a)).toBe('k1');
  });

  it('encrypts with the first key and decrypts with any configured one', () => {
    const old = createPiiCipher([k1]).encrypt(ID, 'p');
    const rotated = createPiiCipher([k2, k1]);
    expect(rotated.decrypt(old, 'p')).toBe(ID);
    expect(rotated.keyIdOf(rotated.encrypt(ID, 'p'))).toBe('k2');
  });

  it('fails closed: unknown key, wrong key, tampered bytes, other purpose, malformed', () => {
    const ct = createPiiCipher([k1]).encrypt(ID, 'p');
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(PiiKeyError);
        expect((e as Error).message).not.toContain(ID);
        return (e as PiiKeyError).reason;
      }
      throw new Error('decrypted');
    };
    expect(reason(() => createPiiCipher([k2]).decrypt(ct, 'p'))).toBe('unknown_key');
    expect(reason(() => createPiiCipher([{ id: 'k1', key: randomBytes(32) }]).decrypt(ct, 'p'))).toBe('auth_failed');
    const parts = ct.split(':');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(reason(() => createPiiCipher([k1]).decrypt([...parts.slice(0, 3), body.toString('base64url'), parts[4]].join(':'), 'p'))).toBe('auth_failed');
    expect(reason(() => createPiiCipher([k1]).decrypt(ct, 'other'))).toBe('auth_failed');
    expect(reason(() => createPiiCipher([k1]).decrypt(ID, 'p'))).toBe('malformed');
  });
});

describe('PII key configuration', () => {
  const b64 = randomBytes(32).toString('base64');

  it('parses "kid:base64" lists and refuses bad ones', () => {
    expect(parseEncKeys(`k2:${b64},k1:${randomBytes(32).toString('base64')}`).map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(() => parseEncKeys(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseEncKeys(b64)).toThrow(/k1:<base64/);
    expect(() => parseEncKeys(`k1:${b64},k1:${b64}`)).toThrow(/twice/);
  });

  it('uses the development keys outside production and refuses to start without real ones in production', () => {
    const dev = loadConfig({});
    expect(dev.piiKey).toBe(DEV_PII_KEY);
    expect(dev.piiEncKeys).toBe(DEV_ENC_KEYS);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PII_KEY and PII_ENC_KEYS/);
    expect(() => loadConfig({ NODE_ENV: 'production', PII_KEY: 'x'.repeat(32) })).toThrow(/PII_ENC_KEYS/);
    const prod = loadConfig({ NODE_ENV: 'production', PII_KEY: 'x'.repeat(32), PII_ENC_KEYS: `k1:${b64}` });
    expect(prod.piiEncKeys[0].id).toBe('k1');
  });
});
