// PIPL retention: personal data is kept only as long as the work needs it. A case closed (or a grid
// record decided) longer ago than RETENTION_DAYS keeps its number, item, dates and money, but its
// person becomes the masked form everyone else already saw (张*三, 138****5678); the ID number and
// address are removed. Runs on a schedule; one process at a time.
import type { GridKind } from '../../domain/grid.kinds';
import { maskName, maskPhone } from '../../domain/mask';
import * as retention from '../repositories/retention.repository';
import type { Core } from '../runtime/core';
import { maskFields } from './grid.views';

const BATCH = 500;
const DAY_MS = 86_400_000;

export function createRetentionService(core: Core) {
  async function purge(): Promise<{ cases: number; records: number }> {
    const now = core.now();
    const cutoff = new Date(now.getTime() - core.config.retentionDays * DAY_MS);
    return core.db.transaction(async (tx) => {
      if (!(await retention.tryJobLock(tx))) return { cases: 0, records: 0 };
      let cases = 0;
      for (const c of await retention.casesDue(tx, cutoff, BATCH)) {
        await retention.anonymiseCase(tx, c.id, { name: maskName(c.name), phone: maskPhone(c.phone), collector: c.collector && maskName(c.collector), at: now });
        cases++;
      }
      let records = 0;
      for (const r of await retention.recordsDue(tx, cutoff, BATCH)) {
        await retention.anonymiseRecord(tx, r.id, maskFields(r.kind as GridKind, r.fields), now);
        records++;
      }
      if (cases || records) core.log.info({ cases, records }, 'retention: personal data anonymised');
      return { cases, records };
    });
  }
  return { purge };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
