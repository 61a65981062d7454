// Money is integer fen end to end: floats would make "paid exactly once" unprovable.
// The ledger is append-only; a mistake is undone by a reversal entry, never by an edit,
// so the street office can audit what was paid and un-paid.

import { shanghaiDateKey } from './sla';

export type Fen = number;

/** YYYY-MM in China time: the month an entry made at `at` is booked in. */
export const ledgerMonth = (at: Date): string => shanghaiDateKey(at).slice(0, 7);
/** The month after a YYYY-MM. */
export const nextMonth = (period: string): string => {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
/** A month is stated (its statement approved) only once it is over: until then cases delivered in it keep coming. */
export const monthIsOver = (period: string, now: Date): boolean => period < ledgerMonth(now);
export type LedgerKind = 'subsidy' | 'incentive';

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  amountFen: Fen;
  /** subsidy: the delivered proxy case it pays for */
  caseId?: number;
  /** incentive: the verified grid record it pays for */
  recordId?: number;
  /** set on a reversal: the entry it cancels (amount must be the exact negation) */
  reversesId?: number;
}

export interface Reconciliation {
  ok: boolean;
  problems: string[];
}

/** ¥12.50, -¥3.00, ¥120,000.00 (thousands grouped, as on any statement). Throws on non-integer fen: a fractional fen is a bug, not a value. */
export function formatYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  const body = `¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
  return fen < 0 ? `-${body}` : body;
}

function netBy(entries: readonly LedgerEntry[], kind: LedgerKind, key: 'caseId' | 'recordId'): Map<number, Fen> {
  const out = new Map<number, Fen>();
  for (const e of entries) {
    const k = e[key];
    if (e.kind !== kind || k === undefined) continue;
    out.set(k, (out.get(k) ?? 0) + e.amountFen);
  }
  return out;
}

/** Net subsidy per case, reversals included. */
export function netByCase(entries: readonly LedgerEntry[]): Map<number, Fen> {
  return netBy(entries, 'subsidy', 'caseId');
}

/** Net incentive per grid record, reversals included. */
export function netByRecord(entries: readonly LedgerEntry[]): Map<number, Fen> {
  return netBy(entries, 'incentive', 'recordId');
}

function checkStructure(entries: readonly LedgerEntry[], problems: string[]): Map<number, LedgerEntry> {
  const byId = new Map<number, LedgerEntry>();
  for (const e of entries) {
    if (byId.has(e.id)) problems.push(`duplicate entry id ${e.id}`);
    else byId.set(e.id, e);
    if (!Number.isSafeInteger(e.amountFen)) problems.push(`entry ${e.id}: amount ${e.amountFen} is not integer fen`);
    if (e.reversesId === undefined && !(e.amountFen > 0)) problems.push(`entry ${e.id}: non-reversal amount must be positive`);
    if (e.kind === 'subsidy' && (e.caseId === undefined || e.recordId !== undefined)) {
      problems.push(`entry ${e.id}: subsidy must reference a case and only a case`);
    }
    if (e.kind === 'incentive' && (e.recordId === undefined || e.caseId !== undefined)) {
      problems.push(`entry ${e.id}: incentive must reference a grid record and only a record`);
    }
  }
  return byId;
}

/** Returns the ids of entries that are cancelled by some reversal. */
function checkReversals(entries: readonly LedgerEntry[], byId: Map<number, LedgerEntry>, problems: string[]): Set<number> {
  const times = new Map<number, number>();
  for (const r of entries) {
    if (r.reversesId === undefined) continue;
    const t = byId.get(r.reversesId);
    if (!t) {
      problems.push(`entry ${r.id} reverses missing entry ${r.reversesId}`);
      continue;
    }
    // Reversing a reversal would make "what is paid" depend on chain length; re-post instead.
    if (t.reversesId !== undefined) problems.push(`entry ${r.id} reverses entry ${t.id}, which is itself a reversal`);
    if (r.amountFen !== -t.amountFen) problems.push(`entry ${r.id} amount ${r.amountFen} does not negate entry ${t.id}`);
    if (r.kind !== t.kind || r.caseId !== t.caseId || r.recordId !== t.recordId) {
      problems.push(`entry ${r.id} does not match the kind/case/record of entry ${t.id}`);
    }
    times.set(t.id, (times.get(t.id) ?? 0) + 1);
  }
  for (const [id, n] of times) if (n > 1) problems.push(`entry ${id} is reversed ${n} times`);
  return new Set(times.keys());
}

/** Each target must be paid by exactly one live entry of exactly its amount; others by none. */
function checkPayments(
  what: 'case' | 'record',
  live: Map<number, LedgerEntry[]>,
  net: Map<number, Fen>,
  expected: Map<number, Fen>,
  problems: string[]
): void {
  const targets = new Set<number>([...expected.keys(), ...live.keys(), ...net.keys()]);
  for (const id of [...targets].sort((a, b) => a - b)) {
    const want = expected.get(id) ?? 0;
    if (!Number.isSafeInteger(want) || want < 0) {
      problems.push(`${what} ${id}: expected amount ${want} is not a non-negative integer`);
      continue;
    }
    const paid = live.get(id) ?? [];
    const wantCount = want > 0 ? 1 : 0;
    if (paid.length !== wantCount) problems.push(`${what} ${id}: ${paid.length} live entries, expected ${wantCount}`);
    else if (wantCount === 1 && paid[0].amountFen !== want) {
      problems.push(`${what} ${id}: paid ${paid[0].amountFen}, expected ${want}`);
    }
    const got = net.get(id) ?? 0;
    if (got !== want) problems.push(`${what} ${id}: net ${got}, expected ${want}`);
  }
}

function liveBy(entries: readonly LedgerEntry[], reversed: Set<number>, kind: LedgerKind): Map<number, LedgerEntry[]> {
  const out = new Map<number, LedgerEntry[]>();
  for (const e of entries) {
    if (e.kind !== kind || e.reversesId !== undefined || reversed.has(e.id)) continue;
    const k = kind === 'subsidy' ? e.caseId : e.recordId;
    if (k === undefined) continue;
    out.set(k, [...(out.get(k) ?? []), e]);
  }
  return out;
}

/**
 * Checks the ledger against what should have been paid. Subsidies are always checked against
 * delivered cases; incentives against `incentiveFenByRecord` when given, otherwise only for
 * "at most one live incentive per record".
 */
export function reconcile(
  entries: readonly LedgerEntry[],
  deliveredCaseIds: readonly number[],
  subsidyFenByCase: Map<number, number>,
  incentiveFenByRecord?: Map<number, number>
): Reconciliation {
  const problems: string[] = [];
  const byId = checkStructure(entries, problems);
  const reversed = checkReversals(entries, byId, problems);

  const expectedSubsidy = new Map<number, Fen>();
  for (const id of new Set(deliveredCaseIds)) {
    const amount = subsidyFenByCase.get(id);
    if (amount === undefined) problems.push(`case ${id}: delivered but no subsidy amount is known`);
    else expectedSubsidy.set(id, amount);
  }
  const liveSubsidy = liveBy(entries, reversed, 'subsidy');
  checkPayments('case', liveSubsidy, netByCase(entries), expectedSubsidy, problems);

  const liveIncentive = liveBy(entries, reversed, 'incentive');
  if (incentiveFenByRecord) {
    checkPayments('record', liveIncentive, netByRecord(entries), incentiveFenByRecord, problems);
  } else {
    for (const [id, paid] of liveIncentive) {
      if (paid.length > 1) problems.push(`record ${id}: ${paid.length} live incentive entries, expected at most 1`);
    }
  }
  return { ok: problems.length === 0, problems };
}
