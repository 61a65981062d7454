import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import { gridRecord, proxyCase } from '../db/schema';

/** Closed cases past retention whose personal data is still whole. */
export function casesDue(db: DbOrTx, closedBefore: Date, limit: number) {
  return db
    .select({ id: proxyCase.id, name: proxyCase.applicantName, phone: proxyCase.applicantPhone, collector: proxyCase.collectorName })
    .from(proxyCase)
    .where(and(isNotNull(proxyCase.closedAt), lt(proxyCase.closedAt, closedBefore), isNull(proxyCase.anonymisedAt)))
    .orderBy(asc(proxyCase.id))
    .limit(limit);
}

export async function anonymiseCase(tx: DbOrTx, id: number, v: { name: string; phone: string; collector: string | null; at: Date }): Promise<void> {
  await tx
    .update(proxyCase)
    .set({ applicantName: v.name, applicantPhone: v.phone, applicantIdNumber: null, applicantIdCipher: null, applicantIdHash: null, applicantIdMasked: null, address: null, collectorName: v.collector, anonymisedAt: v.at })
    .where(eq(proxyCase.id, id));
}

/** Decided grid records past retention whose personal fields are still whole. */
export function recordsDue(db: DbOrTx, decidedBefore: Date, limit: number) {
  return db
    .select({ id: gridRecord.id, kind: gridRecord.kind, fields: gridRecord.fields })
    .from(gridRecord)
    .where(and(isNotNull(gridRecord.decidedAt), lt(gridRecord.decidedAt, decidedBefore), isNull(gridRecord.anonymisedAt)))
    .orderBy(asc(gridRecord.id))
    .limit(limit);
}

export async function anonymiseRecord(tx: DbOrTx, id: number, fields: Record<string, unknown>, at: Date): Promise<void> {
  await tx.update(gridRecord).set({ fields, idCipher: null, anonymisedAt: at }).where(eq(gridRecord.id, id));
}

/** One process at a time runs the job: the others find the lock taken and skip the round. */
export async function tryJobLock(tx: DbOrTx): Promise<boolean> {
  const [row] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('doorstep:retention')) as ok`));
  return row?.ok === true;
}
