// Who may claim and decide a grid record. Checked in this order: scope (another community's record
// does not exist for you), role, conflict of interest (own filing, own company), state.
import type { StaffPrincipal } from './roles';
import { OPEN_STATES } from './grid.kinds';

export interface RecordFacts {
  communityId: number;
  companyId: number;
  filedBy: number;
  state: string;
}

export type Refusal = 'NOT_FOUND' | 'FORBIDDEN' | 'SELF' | 'OWN_COMPANY' | 'CLOSED';

export function verifyRefusal(p: StaffPrincipal, r: RecordFacts): Refusal | null {
  if (p.role !== 'verifier') return 'FORBIDDEN';
  if (p.communityId !== r.communityId) return 'NOT_FOUND';
  // Under whole entrustment a company's people staff the workstation: they must not mark their own work.
  if (r.filedBy === p.userId) return 'SELF';
  if (p.companyId !== null && p.companyId === r.companyId) return 'OWN_COMPANY';
  if (!(OPEN_STATES as readonly string[]).includes(r.state)) return 'CLOSED';
  return null;
}

/** Object-level read rule for a record: the filing company, the community, the street. */
export function mayReadRecord(p: StaffPrincipal, r: { communityId: number; companyId: number; streetId: number }): boolean {
  switch (p.role) {
    case 'agent':
      return p.companyId === r.companyId;
    case 'verifier':
      return p.communityId === r.communityId;
    default:
      return p.streetId === r.streetId;
  }
}
