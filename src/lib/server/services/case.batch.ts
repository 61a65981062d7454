// Group commit for the desk's everyday case steps. Transitions that arrive while an earlier batch is being
// committed are committed together in one transaction, with one set-based statement per table instead of a
// dozen statements each (case.batch.repository.ts). Nothing is promised less than one command at a time:
//  - a command is answered only after the transaction holding it has committed, so an acknowledged step is
//    never lost, and its event commits with it;
//  - each command is judged by the same rules (case.rules.ts) on its case read under a row lock;
//  - a batch holds at most one command per case and per key (the others wait for the next batch), so every
//    command sees the effects of those before it;
//  - every command the batch does not carry out runs again alone, through the one-at-a-time path, which
//    answers it exactly as it always has: a key used before (a replay, or a 409 for another payload), a
//    command the rules refuse (it may be a retry whose first attempt another batch or process was still
//    committing: alone, its key claim waits for that and replays it), and every command of a batch the
//    database refused as a whole (a key taken meanwhile, a deadlock, the database going away).
// At low load a batch is one command, committed as soon as it arrives (group.ts).
import type { CaseState } from '../../domain/case.machine';
import { pauseChange } from '../../domain/sla';
import { principalKey, scopesOfPoint } from '../../domain/roles';
import { AppError } from '../../protocol/errors';
import type { Tx } from '../db/client';
import { commitAfter } from '../db/pipeline';
import type { CaseWithPlace } from '../repositories/case.repository';
import { caseStateSlot } from '../repositories/rollup.repository';
import { appendEvents, type StoredEvent } from '../repositories/event.repository';
import * as batch from '../repositories/case.batch.repository';
import { certificationsOf, type Certification } from '../repositories/training.repository';
import type { Core } from '../runtime/core';
import { actorName, type Actor } from './actor';
import type { TransitionInput } from './case.inputs';
import { device, givenNow, judge, missingAfter, NO_CERTIFICATION, stepNote, textsMissing, TRANSITION, transitionRequest, updatedPayload } from './case.rules';
import type { TransitionResult } from './case.service';
import { grouped } from './group';
import { mapDbError, requestHash, settleAll, type CommandResult } from './uow';

/** Steps whose only effects are the case row, its timeline, the state counters and one event. */
export const BATCHED_ACTIONS: ReadonlySet<string> = new Set(['accept', 'request_materials', 'supply_materials', 'send_for_review', 'record_return']);

/** Commands per transaction: enough to share one commit among every desk of a busy street. */
const MAX_BATCH = 64;

interface Pending {
  actor: Actor;
  caseId: number;
  key: string;
  input: TransitionInput;
  principal: string;
  resolve(r: CommandResult<TransitionResult>): void;
  reject(e: unknown): void;
}

type Alone = (actor: Actor, caseId: number, key: string, input: TransitionInput) => Promise<CommandResult<TransitionResult>>;

export function createCaseBatcher(core: Core, alone: Alone) {
  const send = grouped<Pending>({
    max: MAX_BATCH,
    tags: (p) => [`case:${p.caseId}`, `key:${batch.keyOf(p)}`],
    trip: commit
  });

  async function commit(items: Pending[]): Promise<void> {
    let plan: Plan = { steps: [], again: [] };
    let events: StoredEvent[] = [];
    core.metrics.dbInFlight.inc();
    try {
      await core.db.transaction(async (tx) => {
        plan = judgeAll(items, await readAll(tx, items), core.now());
        if (plan.steps.length) events = await writeAll(tx, plan.steps);
      });
    } catch (err) {
      // Nothing of the batch stayed. With the database out of reach every command gets the 503 now;
      // otherwise each runs again alone, with that path's retries and errors.
      const cause = mapDbError(err);
      const down = cause instanceof AppError && cause.code === 'UNAVAILABLE';
      if (down) for (const p of items) p.reject(cause);
      else {
        core.log.debug({ err, commands: items.length }, 'case batch refused by the database; running its commands one by one');
        core.metrics.batchesRefused.inc({ command: TRANSITION });
      }
      plan = { steps: [], again: down ? [] : items };
    } finally {
      core.metrics.dbInFlight.dec();
    }
    if (plan.steps.length) {
      core.bus.committed(events);
      core.metrics.batchSize.observe({ command: TRANSITION }, plan.steps.length);
    }
    for (const s of plan.steps) s.p.resolve({ result: s.out, replayed: false });
    for (const p of plan.again) alone(p.actor, p.caseId, p.key, p.input).then(p.resolve, p.reject);
  }

  return (actor: Actor, caseId: number, key: string, input: TransitionInput): Promise<CommandResult<TransitionResult>> =>
    new Promise((resolve, reject) => send({ actor, caseId, key, input, principal: principalKey(actor.principal), resolve, reject }));
}

interface Read {
  used: Set<string>;
  cases: Map<number, CaseWithPlace>;
  certs: Map<number, Certification>;
}

/** One round trip: the keys already used, the cases (locked), the agents' certification. */
async function readAll(tx: Tx, items: Pending[]): Promise<Read> {
  const agents = [...new Set(items.flatMap(({ actor: { principal: p } }) => (p.kind === 'staff' && p.role === 'agent' ? [p.userId] : [])))];
  const [used, found, certs] = await settleAll([
    batch.usedKeys(tx, items.map((p) => ({ principal: p.principal, key: p.key }))),
    batch.findCasesLocked(tx, items.map((p) => p.caseId)),
    certificationsOf(tx, agents)
  ]);
  return { used, cases: new Map(found.map((f) => [f.c.id, f])), certs };
}

interface Step {
  p: Pending;
  found: CaseWithPlace;
  to: CaseState;
  out: TransitionResult;
  at: Date;
}
interface Plan {
  steps: Step[];
  /** run again alone: keys used before, and steps the rules refuse */
  again: Pending[];
}

function judgeAll(items: Pending[], read: Read, now: Date): Plan {
  const plan: Plan = { steps: [], again: [] };
  for (const p of items) {
    const who = p.actor.principal;
    if (read.used.has(batch.keyOf(p))) {
      plan.again.push(p);
      continue;
    }
    try {
      const { found, to } = judge(who, read.cases.get(p.caseId), p.input, (who.kind === 'staff' && read.certs.get(who.userId)) || NO_CERTIFICATION, now);
      // A step that also texts the resident has more effects than a batch writes.
      if (textsMissing(found.c, p.input)) {
        plan.again.push(p);
        continue;
      }
      plan.steps.push({ p, found, to, at: now, out: { caseId: p.caseId, caseNo: found.c.caseNo, state: to, version: found.c.version + 1 } });
    } catch {
      plan.again.push(p);
    }
  }
  return plan;
}

/**
 * One round trip: the keys with their answers, the cases, the timeline, the counters (summed per row: one
 * statement may not update a row twice), then the event rows under the outbox lock, held from there to the
 * commit — which, on Postgres, travels with them.
 */
async function writeAll(tx: Tx, steps: Step[]): Promise<StoredEvent[]> {
  const counts = new Map<string, { pointId: number; state: string; slot: number; by: number }>();
  const bump = (pointId: number, state: string, slot: number, by: number) => {
    const k = `${pointId}\0${state}\0${slot}`;
    const row = counts.get(k) ?? { pointId, state, slot, by: 0 };
    row.by += by;
    counts.set(k, row);
  };
  for (const { found, to } of steps) {
    bump(found.c.pointId, found.c.state, caseStateSlot(found.c.id), -1);
    bump(found.c.pointId, to, caseStateSlot(found.c.id), 1);
  }
  const bumps = [...counts.values()].filter((b) => b.by !== 0);
  // One statement each: on Postgres, COMMIT is sent right behind the last of them (db/pipeline.ts).
  const writes: (() => Promise<unknown>)[] = [
    () =>
      batch.insertAnsweredKeys(
        tx,
        steps.map(({ p, out }) => ({ principal: p.principal, key: p.key, command: TRANSITION, requestHash: requestHash(TRANSITION, transitionRequest(p.caseId, p.input)), response: out }))
      ),
    () =>
      batch.updateCases(
        tx,
        steps.map(({ p, found, to, at }) => {
          const clock = pauseChange({ ...found.c, state: found.c.state as CaseState }, to, at);
          return { id: found.c.id, state: to, missing: missingAfter(p.input), given: givenNow(p.input), at, pause: clock ? (clock.pausedAt ? 'pause' : 'resume') : null, due: clock?.dueAt ?? null };
        })
      ),
    () =>
      batch.insertTransitions(
        tx,
        steps.map(({ p, found: { c }, to, at }) => ({ caseId: c.id, action: p.input.action, fromState: c.state, toState: to, actor: p.principal, actorName: actorName(p.actor), device: device(p.actor.principal), note: stepNote(p.input), at }))
      ),
    ...(bumps.length ? [() => batch.bumpCaseStates(tx, bumps)] : []),
    () =>
      appendEvents(
        tx,
        steps.map(({ p, found, to }) => ({ type: 'case.updated.v1', scopes: scopesOfPoint({ ...found, pointId: found.c.pointId }), payload: updatedPayload(found.c, to, p.input, p.actor), actor: p.principal }))
      )
  ];
  commitAfter(tx, writes.length);
  const done = await settleAll(writes.map((w) => w()));
  return done[done.length - 1] as StoredEvent[];
}
