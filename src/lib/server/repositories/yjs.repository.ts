import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { yjsUpdate } from '../db/schema';

export async function loadUpdates(db: Db, doc: string): Promise<{ id: number; update: Uint8Array }[]> {
  return db.select({ id: yjsUpdate.id, update: yjsUpdate.update }).from(yjsUpdate).where(eq(yjsUpdate.doc, doc)).orderBy(asc(yjsUpdate.id));
}

export async function appendUpdates(db: Db, doc: string, updates: Uint8Array[]): Promise<void> {
  await db.insert(yjsUpdate).values(updates.map((update) => ({ doc, update })));
}

export async function countUpdates(db: Db, doc: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(yjsUpdate).where(eq(yjsUpdate.doc, doc));
  return row?.n ?? 0;
}

/** Replaces every stored update of a document with one merged update, under a per-document lock. */
export async function compact(db: Db, doc: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'yjs:' + doc}))`);
    const rows = await tx.select({ id: yjsUpdate.id, update: yjsUpdate.update }).from(yjsUpdate).where(eq(yjsUpdate.doc, doc)).orderBy(asc(yjsUpdate.id));
    if (rows.length < 2) return rows.length;
    const last = rows[rows.length - 1].id;
    const merged = merge(rows.map((r) => new Uint8Array(r.update)));
    await tx.delete(yjsUpdate).where(and(eq(yjsUpdate.doc, doc), lte(yjsUpdate.id, last)));
    await tx.insert(yjsUpdate).values({ doc, update: merged });
    return rows.length;
  });
}
