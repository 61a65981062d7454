// Incentive rates per kind and month, set by the street office.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { incentiveRate, ledgerEntry } from '../db/schema';

export type RateRow = typeof incentiveRate.$inferSelect;

export async function setRate(tx: DbOrTx, r: { streetId: number; kind: string; period: string; amountFen: number; setBy: number; setAt: Date }): Promise<RateRow> {
  const [row] = await tx
    .insert(incentiveRate)
    .values(r)
    .onConflictDoUpdate({ target: [incentiveRate.streetId, incentiveRate.kind, incentiveRate.period], set: { amountFen: r.amountFen, setBy: r.setBy, setAt: r.setAt } })
    .returning();
  return row;
}

export async function rateFor(db: DbOrTx, streetId: number, kind: string, period: string): Promise<number | undefined> {
  const [row] = await db
    .select({ amountFen: incentiveRate.amountFen })
    .from(incentiveRate)
    .where(and(eq(incentiveRate.streetId, streetId), eq(incentiveRate.kind, kind), eq(incentiveRate.period, period)));
  return row?.amountFen;
}

export function ratesOf(db: DbOrTx, streetId: number): Promise<RateRow[]> {
  return db.select().from(incentiveRate).where(eq(incentiveRate.streetId, streetId)).orderBy(asc(incentiveRate.period), asc(incentiveRate.kind));
}

/** The record's incentive entry that no reversal has cancelled yet, if any. */
export async function liveIncentive(db: DbOrTx, recordId: number) {
  const [row] = await db
    .select()
    .from(ledgerEntry)
    .where(
      and(
        eq(ledgerEntry.kind, 'incentive'),
        eq(ledgerEntry.recordId, recordId),
        isNull(ledgerEntry.reversesId),
        sql`not exists (select 1 from ledger_entry r where r.reverses_id = ${ledgerEntry.id})`
      )
    );
  return row;
}

export async function netIncentives(db: DbOrTx, streetId: number, period: string) {
  const rows = await db
    .select({ companyId: ledgerEntry.companyId, netFen: sql<number>`sum(${ledgerEntry.amountFen})::int`, entries: sql<number>`count(*)::int` })
    .from(ledgerEntry)
    .where(and(eq(ledgerEntry.kind, 'incentive'), eq(ledgerEntry.period, period), sql`${ledgerEntry.companyId} in (select id from company where street_id = ${streetId})`))
    .groupBy(ledgerEntry.companyId)
    .orderBy(ledgerEntry.companyId);
  return rows;
}
