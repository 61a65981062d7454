// The community's register of what it already knows (imports plus verified records).
import { and, count, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { knownEntry } from '../db/schema';

export type NewKnown = typeof knownEntry.$inferInsert;

/** A label in both languages as the table's two columns. */
export const labelColumns = (l: { zh: string; en: string }) => ({ label: l.zh, labelEn: l.en });

/** Inserts what is not known yet; returns how many rows were new. */
export async function insertKnown(tx: DbOrTx, rows: NewKnown[]): Promise<number> {
  let added = 0;
  // Chunked: one statement per 1,000 rows keeps parameter counts under the protocol's limit.
  for (let i = 0; i < rows.length; i += 1000) {
    const out = await tx
      .insert(knownEntry)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: knownEntry.id });
    added += out.length;
  }
  return added;
}

export async function findKnown(db: DbOrTx, communityId: number, kind: string, key: string): Promise<{ id: number; label: { zh: string; en: string } } | undefined> {
  const [row] = await db
    .select({ id: knownEntry.id, label: { zh: knownEntry.label, en: sql<string>`coalesce(${knownEntry.labelEn}, ${knownEntry.label})` } })
    .from(knownEntry)
    .where(and(eq(knownEntry.communityId, communityId), eq(knownEntry.kind, kind), eq(knownEntry.matchKey, key)));
  return row;
}

/** A verified record the street later found false leaves the register again. */
export async function deleteKnownOfRecord(tx: DbOrTx, recordId: number): Promise<void> {
  await tx.delete(knownEntry).where(and(eq(knownEntry.source, 'verified'), eq(knownEntry.sourceRecordId, recordId)));
}

export async function registerCounts(db: DbOrTx, communityId: number): Promise<{ kind: string; source: string; n: number }[]> {
  const rows = await db
    .select({ kind: knownEntry.kind, source: knownEntry.source, n: count() })
    .from(knownEntry)
    .where(eq(knownEntry.communityId, communityId))
    .groupBy(knownEntry.kind, knownEntry.source)
    .orderBy(sql`1, 2`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
