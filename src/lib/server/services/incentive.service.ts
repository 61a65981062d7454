// Participation incentives (参与激励): the street sets a per-record rate per kind and month; verified
// new records earn it through the verification service. Here: the rates and what is owed.
import { AppError } from '../../protocol/errors';
import type { StaffPrincipal } from '../../domain/roles';
import * as rates from '../repositories/incentive.repository';
import type { Core } from '../runtime/core';
import { Period, RateInput } from './grid.inputs';
import { transact } from './uow';
import { requireStreet } from './actor';

export function createIncentiveService(core: Core) {
  return {
    async setRate(p: StaffPrincipal, raw: unknown) {
      requireStreet(p);
      const r = RateInput.parse(raw);
      return transact(core, `user:${p.userId}`, (tx) => rates.setRate(tx, { ...r, streetId: p.streetId, setBy: p.userId, setAt: core.now() }));
    },
    async rates(p: StaffPrincipal) {
      if (p.role === 'agent') throw new AppError('FORBIDDEN');
      return rates.ratesOf(core.db, p.streetId);
    },
    /** Net incentive per company for a month, reversals included. */
    async owed(p: StaffPrincipal, period: string) {
      requireStreet(p);
      return rates.netIncentives(core.db, p.streetId, Period.parse(period));
    }
  };
}

export type IncentiveService = ReturnType<typeof createIncentiveService>;
