// The personal-data access log, searchable by street admins: who read whose data, when, from where.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import type { StaffPrincipal } from '../../domain/roles';
import { searchAccess } from '../repositories/access-log.repository';
import type { Core } from '../runtime/core';
import { SaneDate } from './case.inputs';

export const AccessSearch = z.object({
  actor: z.string().regex(/^(user|kiosk):\d{1,9}$/).optional(),
  // Reveals of grid records are logged as 'grid_record'; 'grid' is kept as its short name.
  subjectType: z
    .enum(['case', 'grid', 'grid_record', 'kiosk'])
    .transform((t) => (t === 'grid' ? 'grid_record' : t))
    .optional(),
  subjectId: z.string().regex(/^\d{1,12}$/).optional(),
  caseNo: z.string().trim().toUpperCase().regex(/^D\d{8}-\d{6,}$/).optional(),
  from: SaneDate.optional(),
  to: SaneDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100)
});

export function createAccessLogService(core: Core) {
  return {
    async search(by: StaffPrincipal, raw: unknown) {
      if (by.role !== 'admin') throw new AppError('FORBIDDEN');
      // A street admin sees the reads of its own street's staff and kiosks, never another street's.
      const rows = await searchAccess(core.db, { ...AccessSearch.parse(raw), streetId: by.streetId });
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    }
  };
}
