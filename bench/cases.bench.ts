// Case transitions through the real service (state machine, row lock, timeline row, event row,
// idempotency key, commit), timed to the commit. Each caller owns one case and moves it back and forth
// between submitted and needs_materials, so callers never wait on each other's row lock.
import { performance } from 'node:perf_hooks';
import type { StaffPrincipal } from '../src/lib/domain/roles';
import type { Runtime } from '../src/lib/server/runtime/runtime';
import { seedDemo } from '../src/lib/server/seed/demo';
import { findStaffByUsername } from '../src/lib/server/repositories/staff.repository';
import { closedLoop, type CellLimits, type CellResult } from './events.bench';

async function deskActor(rt: Runtime) {
  await seedDemo(rt.core.db);
  const u = (await findStaffByUsername(rt.core.db, 'desk'))!;
  const principal: StaffPrincipal = { kind: 'staff', userId: u.id, role: 'agent', streetId: u.streetId, communityId: u.communityId, pointId: u.pointId, companyId: u.companyId };
  return { principal, displayName: u.displayName };
}

export async function casePath(rt: Runtime, label: string, concurrency: number, limits: CellLimits): Promise<CellResult> {
  const actor = await deskActor(rt);
  const cases: number[] = [];
  for (let i = 0; i < concurrency; i++) {
    const r = await rt.services.cases.intake(actor, `${label}-intake-${i}`, {
      itemCode: 'residence-proof',
      channel: 'desk',
      applicant: { name: '测试居民', phone: '13800000000', idNumber: '440304199001011284' },
      materials: ['id_card']
    });
    cases.push(r.result.caseId);
  }
  // At most `concurrency` calls are in flight and there are as many cases: a call takes a free one
  // and gives it back, so no two calls ever touch the same case.
  const free = [...cases];
  const step = new Map<number, number>();
  return closedLoop(concurrency, limits, async (i) => {
    const caseId = free.pop()!;
    const n = step.get(caseId) ?? 0;
    const body = n % 2 === 0 ? { action: 'request_materials', missing: ['户口簿'] } : { action: 'supply_materials' };
    const t0 = performance.now();
    try {
      await rt.services.cases.transition(actor, caseId, `${label}-${caseId}-${n}-${i}`, body);
      step.set(caseId, n + 1);
      return { ms: performance.now() - t0 };
    } finally {
      free.push(caseId);
    }
  });
}
