// A principal plus the name shown on timelines ("侨香村代办点 张丽", "自助机 #3").
import { AppError } from '../../protocol/errors';
import type { Principal, StaffPrincipal } from '../../domain/roles';

export interface Actor {
  principal: Principal;
  displayName?: string;
}

export function actorName(a: Actor): string {
  if (a.principal.kind === 'kiosk') return `自助机 #${a.principal.kioskId}`;
  return a.displayName ?? `user:${a.principal.userId}`;
}

/** The street's administration (catalogue, staff, kiosks, surveys): admins only. */
export function requireAdmin(p: StaffPrincipal): void {
  if (p.role !== 'admin') throw new AppError('FORBIDDEN');
}

/** The street office's oversight (dashboard, subsidies, grid assessments, entrustments): street staff and admins. */
export function requireStreet(p: StaffPrincipal): void {
  if (p.role !== 'street' && p.role !== 'admin') throw new AppError('FORBIDDEN');
}
