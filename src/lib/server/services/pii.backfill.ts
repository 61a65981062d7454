// The data half of the ID-number encryption migration, run by every process at start (runtime.ts) before
// it serves: a SQL migration cannot call node:crypto, so the schema migration only adds the columns and
// this pass moves clear-text ID numbers (proxy cases and grid records written before encryption) into
// them, and re-encrypts rows
// still under an older key after PII_ENC_KEYS gained a new first key. It is idempotent and safe to run
// in several processes at once (each update applies only if the row still holds what was read).
// A row whose key is missing is left as it is and logged: start-up does not fail, reveal of that row
// answers KEY_UNAVAILABLE until the key is configured again.
//
// Reading every row at every start would cost a city-sized table scan per process start. So a full pass
// that finds nothing it cannot read records the key it left every row under (pii_key_pass); a start with
// that same key as its only key then looks only for clear-text rows, through partial indexes that are
// empty once the data is sealed. While several keys are configured (a rotation under way, when a process
// not yet restarted may still seal under the old one), every start reads every row, as before.
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
  const onlyKey = core.config.piiEncKeys.length === 1;
  const clearOnly = async (subject: pii.KeyPassSubject) => onlyKey && (await pii.keyPassOf(core.db, subject)) === cipher.currentKeyId;
  /** After a full pass over `subject` that left no row behind: every row is under the current key. */
  const passed = async (subject: pii.KeyPassSubject, full: boolean, failedBefore: number) => {
    if (full && out.failed === failedBefore) await pii.recordKeyPass(core.db, subject, cipher.currentKeyId, core.now());
  };

  let failedBefore = out.failed;
  let quick = await clearOnly('proxy_case');
  for (let after = 0; ; ) {
    const rows = await pii.casesToEncrypt(core.db, cipher.currentKeyId, after, BATCH, quick);
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
  await passed('proxy_case', !quick, failedBefore);

  failedBefore = out.failed;
  quick = await clearOnly('grid_record');
  for (let after = 0; ; ) {
    const rows = await pii.recordsToEncrypt(core.db, cipher.currentKeyId, after, BATCH, quick);
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
  await passed('grid_record', !quick, failedBefore);
  if (out.encrypted || out.reencrypted || out.failed) core.log.info({ ...out, keyId: cipher.currentKeyId }, 'ID numbers encrypted at rest');
  return out;
}
