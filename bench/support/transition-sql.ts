// The case transition's own SQL, written by hand with postgres.js (prepared statements, pipelined the way
// the app pipelines them): the floor of what the data model costs per transition, with no HTTP, no
// session, no validation, no ORM and no state machine. Kept deliberately separate from the app's code —
// it is a baseline, so it must not share the thing it measures. Same round trips as the app's transition:
// BEGIN · key claim + locked case read + certification reads · update + timeline + counters + stored
// response + event · COMMIT.
import type { Sql } from 'postgres';
import { caseStateSlot } from '../../src/lib/server/repositories/rollup.repository';
import { closedLoop, type CellLimits, type CellResult } from '../events.bench';

const OUTBOX_LOCK = 7_041_977; // event.repository.ts

export async function handTransitions(sql: Sql, caseIds: number[], userId: number, concurrency: number, limits: CellLimits, label: string): Promise<CellResult> {
  const states = new Map<number, string>();
  for (const r of await sql<{ id: number; state: string }[]>`select id, state from proxy_case where id = any(${caseIds})`) states.set(r.id, r.state);
  const free = [...caseIds];
  const principal = `user:${userId}`;
  return closedLoop(concurrency, limits, async (i) => {
    const id = free.pop()!;
    const t0 = performance.now();
    try {
      const from = states.get(id)!;
      const to = from === 'submitted' ? 'needs_materials' : 'submitted';
      const key = `${label}-${id}-${i}`;
      await sql.begin(async (tx) => {
        const [claimed, [c]] = await Promise.all([
          tx`insert into idempotency_key (principal, key, command, request_hash) values (${principal}, ${key}, 'case.transition', ${'h' + i}) on conflict do nothing returning key`,
          tx`select pc.*, co.id as community_id, co.street_id, pr.company_id, si.code, si.name_zh, si.name_en, si.subsidy_fen, p.name_zh as point_zh, p.name_en as point_en
               from proxy_case pc join service_item si on si.id = pc.item_id join point p on p.id = pc.point_id
               join property pr on pr.id = p.property_id join community co on co.id = pr.community_id
              where pc.id = ${id} for update of pc`,
          tx`select passed, valid_until from assessment where user_id = ${userId} order by assessed_on desc, id desc limit 1`,
          tx`select signed_at from pledge where user_id = ${userId}`
        ]);
        if (claimed.length !== 1 || c.state !== from) throw new Error('hand transition: unexpected state');
        const slot = caseStateSlot(id);
        const bumps = [
          { state: from, by: -1 },
          { state: to, by: 1 }
        ].sort((a, b) => (a.state < b.state ? -1 : 1));
        const missing = to === 'needs_materials' ? ['户口簿'] : [];
        const event = [{ type: 'case.updated.v1', scopes: ['street:1', 'community:1', `point:${c.point_id}`], actor: principal, payload: { caseId: id, from, to } }];
        await Promise.all([
          tx`update proxy_case set state = ${to}, missing = ${sql.json(missing)}, updated_at = now(), version = version + 1 where id = ${id}`,
          tx`insert into case_transition (case_id, action, from_state, to_state, actor, actor_name, device, note, at) values (${id}, 'bench', ${from}, ${to}, ${principal}, 'bench', 'desk', null, now())`,
          ...bumps.map((b) => tx`insert into case_state_count (point_id, state, slot, n) values (${c.point_id}, ${b.state}, ${slot}, ${b.by}) on conflict (point_id, state, slot) do update set n = case_state_count.n + ${b.by}`),
          tx`update idempotency_key set response = ${sql.json({ caseId: id, state: to })} where principal = ${principal} and key = ${key}`,
          tx`with outbox as materialized (select pg_advisory_xact_lock_shared(${OUTBOX_LOCK}))
             insert into event (type, scopes, payload, actor)
             select e.type, e.scopes, e.payload, e.actor from outbox,
                    rows from (jsonb_to_recordset(${sql.json(event)}::jsonb) as (type text, scopes text[], payload jsonb, actor text)) with ordinality as e(type, scopes, payload, actor, n)
              order by e.n returning seq`
        ]);
      });
      states.set(id, to);
      return { ms: performance.now() - t0 };
    } finally {
      free.push(id);
    }
  });
}
