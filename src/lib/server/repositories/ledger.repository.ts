import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { company, ledgerEntry, point, proxyCase, serviceItem, statement } from '../db/schema';

export type LedgerRow = typeof ledgerEntry.$inferSelect;
export type StatementRow = typeof statement.$inferSelect;

/**
 * One company's ledger month, held until commit: bookings in it (`book`, shared: they never wait for each other)
 * and the approval of its statement (`approve`, exclusive) take turns. Without it an entry committed just after
 * the approval read the ledger would sit in an approved month unstated (the statement's row lock covers only a
 * statement that already exists). Taken after the statement's row lock, where there is one, never before it.
 */
export async function lockLedgerMonth(tx: DbOrTx, mode: 'book' | 'approve', companyId: number, kind: string, period: string): Promise<void> {
  const key = `ledger-month:${companyId}:${kind}:${period}`;
  await tx.execute(mode === 'book' ? sql`select pg_advisory_xact_lock_shared(hashtext(${key}))` : sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function appendEntry(tx: DbOrTx, e: typeof ledgerEntry.$inferInsert): Promise<LedgerRow> {
  const [row] = await tx.insert(ledgerEntry).values(e).returning();
  return row;
}

/** The assessment's funding entry that is not reversed, if any (at most one: see assessment.service). */
export async function liveAssessmentFunding(db: DbOrTx, assessmentId: number): Promise<LedgerRow | undefined> {
  const [row] = await db
    .select()
    .from(ledgerEntry)
    .where(
      and(
        eq(ledgerEntry.kind, 'assessment'),
        eq(ledgerEntry.assessmentId, assessmentId),
        sql`${ledgerEntry.reversesId} is null`,
        sql`not exists (select 1 from ledger_entry r where r.reverses_id = ${ledgerEntry.id})`
      )
    );
  return row;
}

/** How many times the assessment's funding was posted (reversals not counted): the next grading is this + 1. */
export async function assessmentFundingRounds(db: DbOrTx, assessmentId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${ledgerEntry.assessmentRound}), 0)::int` })
    .from(ledgerEntry)
    .where(and(eq(ledgerEntry.kind, 'assessment'), eq(ledgerEntry.assessmentId, assessmentId)));
  return Number(row?.n ?? 0);
}

export async function findEntry(tx: DbOrTx, id: number): Promise<LedgerRow | undefined> {
  const [row] = await tx.select().from(ledgerEntry).where(eq(ledgerEntry.id, id));
  return row;
}

export function entriesOf(db: DbOrTx, companyId: number, kind: string, period: string): Promise<LedgerRow[]> {
  return db
    .select()
    .from(ledgerEntry)
    .where(and(eq(ledgerEntry.companyId, companyId), eq(ledgerEntry.kind, kind), eq(ledgerEntry.period, period)))
    .orderBy(ledgerEntry.id);
}

export function allEntries(db: DbOrTx, kind: string): Promise<LedgerRow[]> {
  return db.select().from(ledgerEntry).where(eq(ledgerEntry.kind, kind)).orderBy(ledgerEntry.id);
}

/** The new statement, or undefined when the company already has one of this kind for the period. */
export async function insertStatement(tx: DbOrTx, s: typeof statement.$inferInsert): Promise<StatementRow | undefined> {
  const [row] = await tx.insert(statement).values(s).onConflictDoNothing({ target: [statement.companyId, statement.kind, statement.period] }).returning();
  return row;
}

export async function findStatement(tx: DbOrTx, id: number, lock = false): Promise<StatementRow | undefined> {
  const q = tx.select().from(statement).where(eq(statement.id, id));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

/** `lock`: FOR UPDATE (the order is the statement's row, then the month's lock: see lockLedgerMonth). */
export async function findStatementOf(tx: DbOrTx, companyId: number, kind: string, period: string, lock = true): Promise<StatementRow | undefined> {
  const q = tx.select().from(statement).where(and(eq(statement.companyId, companyId), eq(statement.kind, kind), eq(statement.period, period)));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

/** A statement not yet approved, prepared again (the check below keeps an approved one as it is). */
export async function updateStatement(tx: DbOrTx, id: number, patch: Pick<StatementRow, 'totalFen' | 'entryCount' | 'preparedBy' | 'preparedAt'>): Promise<StatementRow> {
  const [row] = await tx.update(statement).set(patch).where(and(eq(statement.id, id), sql`${statement.approvedBy} is null`)).returning();
  return row;
}

export async function approveStatement(tx: DbOrTx, id: number, by: number, at: Date): Promise<void> {
  await tx.update(statement).set({ approvedBy: by, approvedAt: at }).where(and(eq(statement.id, id), sql`${statement.approvedBy} is null`));
}


export async function companyStreet(db: DbOrTx, companyId: number): Promise<number | undefined> {
  const [row] = await db.select({ streetId: company.streetId }).from(company).where(eq(company.id, companyId));
  return row?.streetId;
}

/** A street's statements, each with what the ledger holds for its company and month now (a statement not yet
 *  approved whose figures differ is stale: it must be prepared again before anyone approves it). */
export function statementsOfStreet(db: DbOrTx, streetId: number, only: { period?: string; id?: number } = {}) {
  const inStreet = sql`${statement.companyId} in (select id from company where street_id = ${streetId})`;
  // Spelled out: drizzle writes a column of the queried table unqualified, which inside the subquery would mean l's own.
  // An approved statement is what it is: its month is not summed again.
  const live = (what: string) =>
    sql<number>`(case when "statement"."approved_by" is null then (select coalesce(${sql.raw(what)}, 0)::int from ledger_entry l where l.company_id = "statement"."company_id" and l.kind = "statement"."kind" and l.period = "statement"."period") else 0 end)`;
  return db
    .select({ ...getTableColumns(statement), liveFen: live('sum(l.amount_fen)'), liveCount: live('count(*)') })
    .from(statement)
    .where(and(inStreet, only.period ? eq(statement.period, only.period) : undefined, only.id ? eq(statement.id, only.id) : undefined))
    .orderBy(statement.id);
}

const reversal = alias(ledgerEntry, 'reversal');

/** The subsidy entries a statement states, with what each paid for and the entry that reversed it, if any. */
export function statementLines(db: DbOrTx, companyId: number, period: string) {
  return db
    .select({
      id: ledgerEntry.id,
      amountFen: ledgerEntry.amountFen,
      reversesId: ledgerEntry.reversesId,
      reversedById: reversal.id,
      reason: ledgerEntry.reason,
      createdAt: ledgerEntry.createdAt,
      caseNo: proxyCase.caseNo,
      closedAt: proxyCase.closedAt,
      itemZh: serviceItem.nameZh,
      itemEn: serviceItem.nameEn,
      pointZh: point.nameZh,
      pointEn: point.nameEn
    })
    .from(ledgerEntry)
    .leftJoin(reversal, eq(reversal.reversesId, ledgerEntry.id))
    .leftJoin(proxyCase, eq(proxyCase.id, ledgerEntry.caseId))
    .leftJoin(serviceItem, eq(serviceItem.id, ledgerEntry.itemId))
    .leftJoin(point, eq(point.id, ledgerEntry.pointId))
    .where(and(eq(ledgerEntry.companyId, companyId), eq(ledgerEntry.kind, 'subsidy'), eq(ledgerEntry.period, period)))
    .orderBy(asc(ledgerEntry.id));
}
