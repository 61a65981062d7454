// Opening a case: what a resident's application at a point writes, whether it comes in at the desk or the
// kiosk (intake) or is a refused case started again (重新受理). The row, its first timeline step, the point's
// counters and the boards' event, in the caller's transaction.
import { maskName } from '../../domain/mask';
import { principalKey, scopesOfPoint } from '../../domain/roles';
import { addWorkingDays, shanghaiDateKey } from '../../domain/sla';
import type { Tx } from '../db/client';
import type { ItemRow } from '../repositories/catalogue.repository';
import * as cases from '../repositories/case.repository';
import type { PointPlace } from '../repositories/org.repository';
import { actorName, type Actor } from './actor';
import { device } from './case.rules';
import { rollCaseIntake } from './rollup';
import type { Defer, Emit } from './uow';

/** The application's own fields; the number, state, dates and point come from here. */
export type Application = Omit<cases.NewCase, 'caseNo' | 'pointId' | 'itemId' | 'state' | 'dueAt' | 'submittedAt' | 'updatedAt'>;

export async function openCase(tx: Tx, emit: Emit, defer: Defer, actor: Actor, at: { place: PointPlace; item: ItemRow; now: Date; note?: string }, a: Application): Promise<cases.CaseRow> {
  const { place, item, now } = at;
  const p = actor.principal;
  const row = await cases.insertCase(tx, {
    ...a,
    caseNo: await cases.nextCaseNo(tx, shanghaiDateKey(now)),
    pointId: place.pointId,
    itemId: item.id,
    state: 'submitted',
    // Only what the item asks for: a key the catalogue does not know is not a material.
    materialsProvided: (a.materialsProvided ?? []).filter((m) => item.materials.some((x) => x.key === m)),
    dueAt: addWorkingDays(now, item.slaDays),
    submittedAt: now,
    updatedAt: now
  });
  // Sent with the event rows just before commit (uow.ts `defer`): the per-point counters are held briefly.
  defer((tx) => rollCaseIntake(tx, row));
  defer((tx) => cases.insertTransition(tx, { caseId: row.id, action: 'submit', fromState: null, toState: 'submitted', actor: principalKey(p), actorName: actorName(actor), device: device(p), note: at.note ?? null, at: now }));
  emit('case.submitted.v1', scopesOfPoint(place), { caseId: row.id, caseNo: row.caseNo, pointId: place.pointId, itemCode: item.code, channel: row.channel, state: 'submitted', applicant: maskName(row.applicantName) });
  return row;
}
