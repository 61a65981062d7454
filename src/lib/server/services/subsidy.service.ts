// Subsidies (补贴): one ledger row per delivered case, statements prepared and approved by two people.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { ledgerMonth, monthIsOver, nextMonth, reconcile, type LedgerEntry } from '../../domain/ledger';
import type { StaffPrincipal } from '../../domain/roles';
import type { DbOrTx } from '../db/client';
import type { CaseWithPlace } from '../repositories/case.repository';
import * as ledger from '../repositories/ledger.repository';
import { companiesOf } from '../repositories/org.repository';
import type { Core } from '../runtime/core';
import { Int4Id, storable } from './case.inputs';
import { transact } from './uow';
import { requireStreet } from './actor';

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const Reversal = z.object({ reason: z.string().trim().min(1).max(300).refine(storable) });

/** Called inside the delivering transaction: the subsidy exists if and only if the delivery does. */
export async function accrueSubsidy(tx: DbOrTx, r: CaseWithPlace, by: string, now: Date): Promise<void> {
  // This month, which is not approved before it is over. A delivery that waited on the lock as the month turned
  // finds it approved meanwhile and books in the month it is now (the approval read the ledger without it).
  let period = ledgerMonth(now);
  await ledger.lockLedgerMonth(tx, 'book', r.companyId, 'subsidy', period);
  if ((await ledger.findStatementOf(tx, r.companyId, 'subsidy', period, false))?.approvedBy) {
    period = nextMonth(period);
    await ledger.lockLedgerMonth(tx, 'book', r.companyId, 'subsidy', period);
  }
  await ledger.appendEntry(tx, {
    kind: 'subsidy',
    companyId: r.companyId,
    pointId: r.c.pointId,
    caseId: r.c.id,
    itemId: r.c.itemId,
    amountFen: r.subsidyFen,
    period,
    createdBy: by
  });
}

/** Stale: not yet approved, and the ledger no longer holds what it states (entries booked or reversed since).
 *  `monthOver`: approvable as far as the calendar goes (monthIsOver); this month's is a preview. */
const withStaleness = <T extends { period: string; approvedBy: number | null; totalFen: number; entryCount: number; liveFen: number; liveCount: number }>(s: T, now: Date) => ({
  ...s,
  stale: s.approvedBy === null && (s.liveFen !== s.totalFen || s.liveCount !== s.entryCount),
  monthOver: monthIsOver(s.period, now)
});

export function createSubsidyService(core: Core) {
  const { db } = core;
  /** Money of another street does not exist for this user. */
  const requireOwnCompany = async (tx: DbOrTx, p: StaffPrincipal, companyId: number) => {
    if ((await ledger.companyStreet(tx, companyId)) !== p.streetId) throw new AppError('NOT_FOUND');
  };

  return {
    async prepare(by: StaffPrincipal, raw: unknown) {
      requireStreet(by);
      const { companyId, period } = z.object({ companyId: Int4Id, period: Period }).parse(raw);
      return transact(core, `user:${by.userId}`, async (tx) => {
        await requireOwnCompany(tx, by, companyId);
        const entries = await ledger.entriesOf(tx, companyId, 'subsidy', period);
        if (entries.length === 0) throw new AppError('NOT_FOUND', { reason: 'nothing_to_state' });
        const figures = { totalFen: entries.reduce((s, e) => s + e.amountFen, 0), entryCount: entries.length, preparedBy: by.userId };
        const made = await ledger.insertStatement(tx, { companyId, kind: 'subsidy', period, ...figures });
        if (made) return made;
        // Prepared before the month's last cases came in: until approved it is prepared again with them.
        const before = await ledger.findStatementOf(tx, companyId, 'subsidy', period);
        if (!before || before.approvedBy) throw new AppError('CONFLICT', { reason: 'statement_exists' });
        return ledger.updateStatement(tx, before.id, { ...figures, preparedAt: core.now() });
      });
    },

    /** Four eyes: the approver must not be the preparer (also a CHECK constraint in the table). */
    async approve(by: StaffPrincipal, rawId: number) {
      requireStreet(by);
      const statementId = Int4Id.parse(rawId);
      return transact(core, `user:${by.userId}`, async (tx) => {
        const s = await ledger.findStatement(tx, statementId, true);
        if (!s) throw new AppError('NOT_FOUND');
        await requireOwnCompany(tx, by, s.companyId);
        await ledger.lockLedgerMonth(tx, 'approve', s.companyId, s.kind, s.period);
        if (s.preparedBy === by.userId) throw new AppError('FORBIDDEN', { reason: 'approver must differ from preparer' });
        if (s.approvedBy) throw new AppError('CONFLICT');
        // A month is stated once it is over: cases delivered later in it would be booked to an approved month.
        if (!monthIsOver(s.period, core.now())) throw new AppError('CONFLICT', { reason: 'month_not_over' });
        // What is approved is what the ledger holds now: entries booked since it was prepared make it stale.
        const now = await ledger.entriesOf(tx, s.companyId, 'subsidy', s.period);
        if (now.length !== s.entryCount || now.reduce((t, e) => t + e.amountFen, 0) !== s.totalFen) throw new AppError('CONFLICT', { reason: 'statement_stale' });
        await ledger.approveStatement(tx, statementId, by.userId, core.now());
        return { ...s, approvedBy: by.userId };
      });
    },

    /** A wrong entry is undone by its negation, never edited. An approved statement stays true: when the entry's
     *  month is already approved, the negation is booked in the current month and stated with it. */
    async reverse(by: StaffPrincipal, rawId: number, raw: unknown) {
      requireStreet(by);
      const entryId = Int4Id.parse(rawId);
      const { reason } = Reversal.parse(raw);
      return transact(core, `user:${by.userId}`, async (tx) => {
        const e = await ledger.findEntry(tx, entryId);
        if (!e || e.reversesId) throw new AppError('NOT_FOUND');
        await requireOwnCompany(tx, by, e.companyId);
        // The statement's row first (as approve takes it), then the month; a statement made since is read again.
        const stated = await ledger.findStatementOf(tx, e.companyId, e.kind, e.period);
        await ledger.lockLedgerMonth(tx, 'book', e.companyId, e.kind, e.period);
        const closed = (stated ?? (await ledger.findStatementOf(tx, e.companyId, e.kind, e.period, false)))?.approvedBy;
        const period = closed ? ledgerMonth(core.now()) : e.period;
        if (period !== e.period) await ledger.lockLedgerMonth(tx, 'book', e.companyId, e.kind, period);
        return ledger.appendEntry(tx, { ...e, id: undefined, amountFen: -e.amountFen, period, reversesId: e.id, reason, createdBy: `user:${by.userId}`, createdAt: undefined });
      });
    },

    async statements(by: StaffPrincipal, period?: string) {
      requireStreet(by);
      const rows = await ledger.statementsOfStreet(db, by.streetId, { period: period ? Period.parse(period) : undefined });
      return rows.map((s) => withStaleness(s, core.now()));
    },

    /** One statement with the entries behind it: what the approver reads before approving. */
    async statement(by: StaffPrincipal, rawId: unknown) {
      requireStreet(by);
      const id = Int4Id.parse(rawId);
      const [s] = await ledger.statementsOfStreet(db, by.streetId, { id });
      if (!s) throw new AppError('NOT_FOUND');
      return { ...withStaleness(s, core.now()), lines: await ledger.statementLines(db, s.companyId, s.period) };
    },

    async companies(by: StaffPrincipal) {
      requireStreet(by);
      return companiesOf(db, by.streetId);
    },

    /** The ledger against the delivered cases behind it. */
    async reconcile(deliveredCases: { id: number; subsidyFen: number }[]) {
      const rows = await ledger.allEntries(db, 'subsidy');
      const entries: LedgerEntry[] = rows.map((r) => ({ id: r.id, kind: 'subsidy', amountFen: r.amountFen, caseId: r.caseId ?? undefined, reversesId: r.reversesId ?? undefined }));
      return reconcile(entries, deliveredCases.map((c) => c.id), new Map(deliveredCases.map((c) => [c.id, c.subsidyFen])));
    }
  };
}

export type SubsidyService = ReturnType<typeof createSubsidyService>;
export type StatementView = Awaited<ReturnType<SubsidyService['statements']>>[number];
export type StatementDetail = Awaited<ReturnType<SubsidyService['statement']>>;
