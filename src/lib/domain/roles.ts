// Who is acting, and which board rooms (scopes) they may see.

export const ROLES = ['admin', 'street', 'verifier', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export interface StaffPrincipal {
  kind: 'staff';
  userId: number;
  role: Role;
  streetId: number;
  communityId: number | null;
  pointId: number | null;
  companyId: number | null;
}

export interface KioskPrincipal {
  kind: 'kiosk';
  kioskId: number;
  pointId: number;
  streetId: number;
  communityId: number;
}

export type Principal = StaffPrincipal | KioskPrincipal;

export type Scope = `street:${number}` | `community:${number}` | `point:${number}` | `kiosk:${number}`;

/** The scopes an event about something at a point belongs to. Kiosk rooms get only masked, list-free events. */
export function scopesOfPoint(p: { streetId: number; communityId: number; pointId: number }): Scope[] {
  return [`street:${p.streetId}`, `community:${p.communityId}`, `point:${p.pointId}`];
}

/** The widest scope a principal may watch; narrower ones inside it are allowed too. */
export function homeScope(p: Principal): Scope {
  if (p.kind === 'kiosk') return `kiosk:${p.pointId}`;
  switch (p.role) {
    case 'admin':
    case 'street':
      return `street:${p.streetId}`;
    case 'verifier':
      return `community:${p.communityId ?? 0}`;
    case 'agent':
      return `point:${p.pointId ?? 0}`;
  }
}

export function principalKey(p: Principal): string {
  return p.kind === 'staff' ? `user:${p.userId}` : `kiosk:${p.kioskId}`;
}

/** The page each role lands on after signing in. */
export const ROLE_HOME: Record<Role, string> = { agent: '/desk', verifier: '/verify', street: '/street', admin: '/admin' };
