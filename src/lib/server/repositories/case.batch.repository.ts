// Set-based statements for a batch of case transitions committed together (services/case.batch.ts). Each
// takes its rows as one jsonb parameter, so its SQL text — and so its prepared statement — is the same for a
// batch of 1 and of 64, on both drivers. The planner guesses 100 rows for a jsonb function and would then
// rather scan a whole table than its index: every lookup here is written so that it cannot (ids as
// `= any(array(…))`, keys through a lateral index probe): EXPLAIN of the prepared statements over 1,000,000
// keys, 200,000 cases and 100,000 sessions shows index scans only.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import { idArray, statement } from '../db/statement';
import { caseStateCount, caseTransition, idempotencyKey, proxyCase, serviceItem } from '../db/schema';
import { selectWithPlace, type CaseWithPlace } from './case.repository';

const json = (rows: unknown) => sql`${JSON.stringify(rows)}::jsonb`;

/** The cases, locked until commit, in id order (the order every batch locks them in). Built once (db/statement.ts). */
const casesLocked = statement('cases_by_ids_locked', (db) =>
  selectWithPlace(db)
    .where(sql`${proxyCase.id} = any(${idArray(sql.placeholder('ids'))})`)
    .orderBy(proxyCase.id)
    .for('update', { of: proxyCase })
);
export function findCasesLocked(tx: DbOrTx, ids: number[]): Promise<CaseWithPlace[]> {
  return casesLocked(tx, { ids: JSON.stringify(ids) });
}

/** Which of these keys were already used: those commands are replays (or 409s), not part of the batch. */
export async function usedKeys(tx: DbOrTx, keys: { principal: string; key: string }[]): Promise<Set<string>> {
  const rows = rowsOf<{ principal: string; key: string }>(
    await tx.execute(sql`
      select q.principal, q.key
        from jsonb_to_recordset(${json(keys)}) as q(principal text, key text)
        cross join lateral (select 1 from ${idempotencyKey} k where k.principal = q.principal and k.key = q.key limit 1) used`)
  );
  return new Set(rows.map((r) => keyOf(r)));
}

export const keyOf = (k: { principal: string; key: string }) => `${k.principal}\0${k.key}`;

/** The keys with their answers, in one go. A key taken meanwhile by another transaction fails the batch (23505). */
export async function insertAnsweredKeys(tx: DbOrTx, rows: { principal: string; key: string; command: string; requestHash: string; response: unknown }[]): Promise<void> {
  await tx.execute(sql`
    insert into ${idempotencyKey} (principal, key, command, request_hash, response)
    select r.principal, r.key, r.command, r."requestHash", r.response
      from jsonb_to_recordset(${json(rows)}) as r(principal text, key text, command text, "requestHash" text, response jsonb)
     order by r.principal, r.key`);
}

/**
 * State, time and version; `missing` only where given (null leaves it as it is); `given`, the materials
 * handed in with 材料已补齐, joins the case's list — only keys the item asks for. `pause`: the SLA clock
 * paused (at the step's time) or resumed, with `due` the due date moved on by the wait (domain/sla.ts).
 */
export async function updateCases(
  tx: DbOrTx,
  rows: { id: number; state: string; missing: string[] | null; given: string[] | null; at: Date; pause: 'pause' | 'resume' | null; due: Date | null }[]
): Promise<void> {
  await tx.execute(sql`
    update ${proxyCase} pc
       set state = u.state, missing = coalesce(u.missing, pc.missing), updated_at = u.at, version = pc.version + 1,
           paused_at = case u.pause when 'pause' then u.at when 'resume' then null else pc.paused_at end,
           due_at = coalesce(u.due, pc.due_at),
           materials_provided = case when u.given is null then pc.materials_provided else (
             select coalesce(jsonb_agg(distinct k order by k), '[]'::jsonb) from (
               select jsonb_array_elements_text(pc.materials_provided) as k
               union
               select m->>'key' from ${serviceItem} si, jsonb_array_elements(si.materials) m
                where si.id = pc.item_id and u.given ? (m->>'key')) s) end
      from jsonb_to_recordset(${json(rows)}) as u(id int, state text, missing jsonb, given jsonb, at timestamptz, pause text, due timestamptz)
     where pc.id = u.id and pc.id = any(${idArray(JSON.stringify(rows.map((r) => r.id)))})`);
}

export async function insertTransitions(
  tx: DbOrTx,
  rows: { caseId: number; action: string; fromState: string; toState: string; actor: string; actorName: string; device: string; note: string | null; at: Date }[]
): Promise<void> {
  await tx.execute(sql`
    insert into ${caseTransition} (case_id, action, from_state, to_state, actor, actor_name, device, note, at)
    select t."caseId", t.action, t."fromState", t."toState", t.actor, t."actorName", t.device, t.note, t.at
      from rows from (jsonb_to_recordset(${json(rows)})
             as ("caseId" int, action text, "fromState" text, "toState" text, actor text, "actorName" text, device text, note text, at timestamptz))
           with ordinality as t("caseId", action, "fromState", "toState", actor, "actorName", device, note, at, n)
     order by t.n`);
}

/**
 * The state counters, one row per (point, state, slot) — summed by the caller, since one statement may not
 * update a row twice — taken in the table's key order, the order every writer takes them in.
 */
export async function bumpCaseStates(tx: DbOrTx, rows: { pointId: number; state: string; slot: number; by: number }[]): Promise<void> {
  await tx.execute(sql`
    insert into ${caseStateCount} (point_id, state, slot, n)
    select b."pointId", b.state, b.slot, b.by
      from jsonb_to_recordset(${json(rows)}) as b("pointId" int, state text, slot int, by int)
     order by b."pointId", b.state, b.slot
    on conflict (point_id, state, slot) do update set n = ${caseStateCount.n} + excluded.n`);
}
