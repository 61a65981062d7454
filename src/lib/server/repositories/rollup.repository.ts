// Dashboard rollups: counters bumped by the services in the transaction that changes the counted rows.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { caseDayStat, caseHourStat, caseStateCount, gridBacklogStat, gridDayStat } from '../db/schema';
import { statement } from '../db/statement';

type CaseKey = { day: string; pointId: number; itemId: number; channel: string };
type CaseDelta = { intake?: number; delivered?: number; rejected?: number; turnaroundMin?: number };

export async function bumpCaseDay(tx: DbOrTx, k: CaseKey, d: CaseDelta): Promise<void> {
  const v = { intake: d.intake ?? 0, delivered: d.delivered ?? 0, rejected: d.rejected ?? 0, turnaroundMin: d.turnaroundMin ?? 0 };
  await tx
    .insert(caseDayStat)
    .values({ ...k, ...v })
    .onConflictDoUpdate({
      target: [caseDayStat.day, caseDayStat.pointId, caseDayStat.itemId, caseDayStat.channel],
      set: {
        intake: sql`${caseDayStat.intake} + ${v.intake}`,
        delivered: sql`${caseDayStat.delivered} + ${v.delivered}`,
        rejected: sql`${caseDayStat.rejected} + ${v.rejected}`,
        turnaroundMin: sql`${caseDayStat.turnaroundMin} + ${v.turnaroundMin}`
      }
    });
}

/** Rows per (point, state) in case_state_count: transitions of different cases at one point rarely share one. */
export const CASE_STATE_SLOTS = 16;
export const caseStateSlot = (caseId: number) => caseId % CASE_STATE_SLOTS;

// Two per transition: built once (db/statement.ts).
const caseStateBump = statement('case_state_bump', (db) =>
  db
    .insert(caseStateCount)
    .values({ pointId: sql.placeholder('pointId'), state: sql.placeholder('state'), slot: sql.placeholder('slot'), n: sql.placeholder('by') })
    .onConflictDoUpdate({ target: [caseStateCount.pointId, caseStateCount.state, caseStateCount.slot], set: { n: sql`${caseStateCount.n} + excluded.n` } })
);
export async function bumpCaseState(tx: DbOrTx, pointId: number, state: string, slot: number, by: number): Promise<void> {
  await caseStateBump(tx, { pointId, state, slot, by });
}

type GridKey = { day: string; propertyId: number; companyId: number; communityId: number; kind: string };
export type GridOutcome = 'filed' | 'verified_new' | 'verified_known' | 'rejected';
const gridColumn = { filed: 'filed', verified_new: 'verifiedNew', verified_known: 'verifiedKnown', rejected: 'rejected' } as const;

export async function bumpGridDay(tx: DbOrTx, k: GridKey, outcome: GridOutcome, by: number): Promise<void> {
  const col = gridColumn[outcome];
  await tx
    .insert(gridDayStat)
    .values({ ...k, [col]: by })
    .onConflictDoUpdate({ target: [gridDayStat.day, gridDayStat.propertyId, gridDayStat.kind], set: { [col]: sql`${gridDayStat[col]} + ${by}` } });
}

export async function bumpCaseHour(tx: DbOrTx, k: { day: string; hour: number; pointId: number; channel: string }, by: number): Promise<void> {
  await tx
    .insert(caseHourStat)
    .values({ ...k, intake: by })
    .onConflictDoUpdate({ target: [caseHourStat.day, caseHourStat.hour, caseHourStat.pointId, caseHourStat.channel], set: { intake: sql`${caseHourStat.intake} + ${by}` } });
}

export async function bumpGridBacklog(tx: DbOrTx, k: { propertyId: number; kind: string; companyId: number; communityId: number }, by: number): Promise<void> {
  await tx
    .insert(gridBacklogStat)
    .values({ ...k, n: by })
    .onConflictDoUpdate({ target: [gridBacklogStat.propertyId, gridBacklogStat.kind], set: { n: sql`${gridBacklogStat.n} + ${by}` } });
}
