// The data half of the ID-number encryption migration, run by every process at start (runtime.ts) before
// it serves: a SQL migration cannot call node:crypto, so the schema migration only adds the columns and
// this pass moves clear-text ID numbers (proxy cases and grid records written before encryption) into
// them, and re-encrypts rows
// still under an older key after PII_ENC_KEYS gained a new first key. It is idempotent and safe to run
// in several processes at once (each update applies only if the row still holds what was read).
// A row whose key is missing is left as it is and logged: start-up does not fail, reveal of that row
// answers KEY_UNAVAILABLE until the key is configured again.
import * as pii from '../repositories/pii.repository';
import type { Core } from '../runtime/core';
import type { GridKind } from '../../domain/grid.kinds';
import { GRID_IDS_PURPOSE, splitIds } from './grid.ids';
import { piiCipher, PiiKeyError, PURPOSE, sealIdNumber } from './pii.cipher';

const BATCH = 500;

/** Counts over proxy cases and grid records together. */
export interface BackfillResult {
  encrypted: number;
  reencrypted: number;
  /** rows left alone: their key is not configured, or their ciphertext does not decrypt */
  failed: number;
}

export async function encryptIdNumbers(core: Core): Promise<BackfillResult> {
  const cipher = piiCipher(core);
  const out: BackfillResult = { encrypted: 0, reencrypted: 0, failed: 0 };
  for (let after = 0; ; ) {
    const rows = await pii.casesToEncrypt(core.db, cipher.currentKeyId, after, BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      let plain: string;
      try {
        // A legacy clear value wins: it is what the row held before any ciphertext.
        plain = row.clear ?? cipher.decrypt(row.cipher!, PURPOSE.caseIdNumber);
      } catch (err) {
        if (!(err instanceof PiiKeyError)) throw err;
        out.failed++;
        core.log.error({ caseId: row.id, keyId: err.keyId, reason: err.reason }, 'ID number left under an unavailable key');
        continue;
      }
      if (await pii.storeIdCipher(core.db, row, sealIdNumber(core, plain))) out[row.clear !== null ? 'encrypted' : 'reencrypted']++;
    }
  }
  for (let after = 0; ; ) {
    const rows = await pii.recordsToEncrypt(core.db, cipher.currentKeyId, after, BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      let ids: Record<string, string> = {};
      try {
        if (row.cipher !== null) ids = JSON.parse(cipher.decrypt(row.cipher, GRID_IDS_PURPOSE)) as Record<string, string>;
      } catch (err) {
        if (!(err instanceof PiiKeyError)) throw err;
        out.failed++;
        core.log.error({ recordId: row.id, keyId: err.keyId, reason: err.reason }, 'grid ID numbers left under an unavailable key');
        continue;
      }
      const split = splitIds(row.kind as GridKind, row.fields);
      const sealed = { fields: split.fields, idCipher: cipher.encrypt(JSON.stringify({ ...ids, ...split.ids }), GRID_IDS_PURPOSE) };
      if (await pii.storeRecordIds(core.db, row, sealed)) out[row.cipher === null ? 'encrypted' : 'reencrypted']++;
    }
  }
  if (out.encrypted || out.reencrypted || out.failed) core.log.info({ ...out, keyId: cipher.currentKeyId }, 'ID numbers encrypted at rest');
  return out;
}
