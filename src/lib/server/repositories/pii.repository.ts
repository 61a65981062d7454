// ID numbers at rest: the rows the startup pass still has to encrypt (legacy clear text) or re-encrypt
// (under a key that is no longer the current one), and the keyed-hash lookup.
import { and, asc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { gridRecord, piiKeyPass, proxyCase } from '../db/schema';

export interface IdCipherRow {
  id: number;
  clear: string | null;
  cipher: string | null;
}

/**
 * Cases holding an ID number in clear, or encrypted under another key than `currentKid`; after `afterId`.
 * `clearOnly` (every row was sealed under `currentKid` at the last full pass): only the clear ones, which
 * the partial index proxy_case_id_clear_idx finds without reading the table.
 */
export function casesToEncrypt(db: DbOrTx, currentKid: string, afterId: number, limit: number, clearOnly = false): Promise<IdCipherRow[]> {
  const otherKey = and(isNotNull(proxyCase.applicantIdCipher), sql`${proxyCase.applicantIdCipher} not like ${`v1:${currentKid}:%`}`);
  return db
    .select({ id: proxyCase.id, clear: proxyCase.applicantIdNumber, cipher: proxyCase.applicantIdCipher })
    .from(proxyCase)
    .where(and(sql`${proxyCase.id} > ${afterId}`, clearOnly ? isNotNull(proxyCase.applicantIdNumber) : or(isNotNull(proxyCase.applicantIdNumber), otherKey)))
    .orderBy(asc(proxyCase.id))
    .limit(limit);
}

/**
 * Stores the encrypted form and clears the clear text, only if the row still holds what was read (a second
 * process doing the same pass, or the retention job, wins harmlessly).
 */
export async function storeIdCipher(db: DbOrTx, row: IdCipherRow, v: { cipher: string; hash: string; masked: string }): Promise<boolean> {
  const same = and(
    eq(proxyCase.id, row.id),
    row.clear === null ? isNull(proxyCase.applicantIdNumber) : eq(proxyCase.applicantIdNumber, row.clear),
    row.cipher === null ? isNull(proxyCase.applicantIdCipher) : eq(proxyCase.applicantIdCipher, row.cipher)
  );
  const done = await db
    .update(proxyCase)
    .set({ applicantIdNumber: null, applicantIdCipher: v.cipher, applicantIdHash: v.hash, applicantIdMasked: v.masked })
    .where(same)
    .returning({ id: proxyCase.id });
  return done.length === 1;
}

/** Case ids whose applicant has this keyed ID hash (matching without decrypting). */
export async function caseIdsByIdHash(db: DbOrTx, hash: string): Promise<number[]> {
  const rows = await db.select({ id: proxyCase.id }).from(proxyCase).where(eq(proxyCase.applicantIdHash, hash)).orderBy(asc(proxyCase.id));
  return rows.map((r) => r.id);
}

export interface GridIdsRow {
  id: number;
  kind: string;
  fields: Record<string, unknown>;
  cipher: string | null;
}

/**
 * Grid records not yet sealed (from before encryption) or sealed under another key; anonymised ones are
 * done. `clearOnly`: only the unsealed ones (partial index grid_record_ids_clear_idx).
 */
export function recordsToEncrypt(db: DbOrTx, currentKid: string, afterId: number, limit: number, clearOnly = false): Promise<GridIdsRow[]> {
  const unsealed = isNull(gridRecord.idCipher);
  return db
    .select({ id: gridRecord.id, kind: gridRecord.kind, fields: gridRecord.fields, cipher: gridRecord.idCipher })
    .from(gridRecord)
    .where(and(sql`${gridRecord.id} > ${afterId}`, isNull(gridRecord.anonymisedAt), clearOnly ? unsealed : or(unsealed, sql`${gridRecord.idCipher} not like ${`v1:${currentKid}:%`}`)))
    .orderBy(asc(gridRecord.id))
    .limit(limit);
}

/** Stores masked fields and their ciphertext, only if the row still holds the ciphertext that was read. */
export async function storeRecordIds(db: DbOrTx, row: GridIdsRow, v: { fields: Record<string, unknown>; idCipher: string }): Promise<boolean> {
  const done = await db
    .update(gridRecord)
    .set({ fields: v.fields, idCipher: v.idCipher })
    .where(and(eq(gridRecord.id, row.id), isNull(gridRecord.anonymisedAt), row.cipher === null ? isNull(gridRecord.idCipher) : eq(gridRecord.idCipher, row.cipher)))
    .returning({ id: gridRecord.id });
  return done.length === 1;
}

export type KeyPassSubject = 'proxy_case' | 'grid_record';

/** The key every row of `subject` was sealed under at its last full pass, if there was one. */
export async function keyPassOf(db: DbOrTx, subject: KeyPassSubject): Promise<string | undefined> {
  const [row] = await db.select({ keyId: piiKeyPass.keyId }).from(piiKeyPass).where(eq(piiKeyPass.subject, subject));
  return row?.keyId;
}

export async function recordKeyPass(db: DbOrTx, subject: KeyPassSubject, keyId: string, at: Date): Promise<void> {
  await db.insert(piiKeyPass).values({ subject, keyId, doneAt: at }).onConflictDoUpdate({ target: piiKeyPass.subject, set: { keyId, doneAt: at } });
}
