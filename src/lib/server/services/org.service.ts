// The street's organisations and accounts, kept by its admin: property companies, the properties they run
// (with the agent point in the management office), and staff accounts placed where their role works. The
// programme grows past its first 11 points here, not in a seed file.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { ROLES, type StaffPrincipal } from '../../domain/roles';
import * as org from '../repositories/org.repository';
import * as staff from '../repositories/staff.repository';
import type { Core } from '../runtime/core';
import { requireAdmin } from './actor';
import { PasswordChange } from './auth.service';
import { CreditCode, Int4Id, storable } from './case.inputs';
import { hashPassword } from './password';
import { transact } from './uow';

const Name = z.string().trim().min(1).max(80).refine(storable);

export const CompanyInput = z.object({
  nameZh: Name,
  nameEn: Name.optional(),
  creditCode: CreditCode
});

export const PropertyInput = z.object({
  communityId: Int4Id,
  companyId: Int4Id,
  nameZh: Name,
  nameEn: Name.optional(),
  /** open an agent point (代办点) in its management office at once */
  point: z.boolean().default(true)
});

export const StaffInput = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/),
  displayName: z.string().trim().min(1).max(40).refine(storable),
  role: z.enum(ROLES),
  /** agents: the point they serve at (its company and community follow) */
  pointId: Int4Id.optional(),
  /** verifiers: their community's workstation */
  communityId: Int4Id.optional(),
  /** the first password, handed over in person; the same rule as a changed one */
  password: PasswordChange.shape.next
});

/** The agent point in a property's management office: its code and names follow from the property's. */
const pointOf = (p: { id: number; nameZh: string; nameEn: string }) => ({ propertyId: p.id, code: `P${String(p.id).padStart(2, '0')}`, nameZh: `${p.nameZh}代办点`, nameEn: `${p.nameEn} agent point` });

export function createOrgService(core: Core) {
  const { db } = core;

  async function ownCommunity(by: StaffPrincipal, id: number | undefined, path: string) {
    if (id === undefined) throw new AppError('VALIDATION', [{ path, code: 'required' }]);
    const streetId = await org.communityStreet(db, id);
    if (streetId !== by.streetId) throw new AppError('NOT_FOUND');
    return id;
  }

  return {
    /** Communities, companies, properties with their points, and accounts of the admin's street. */
    async overview(by: StaffPrincipal) {
      requireAdmin(by);
      const [communities, companies, properties, accounts] = await Promise.all([
        org.communitiesOf(db, by.streetId),
        org.companiesOf(db, by.streetId),
        org.propertiesOf(db, by.streetId),
        staff.staffOfStreet(db, by.streetId)
      ]);
      return { communities, companies, properties, accounts };
    },

    async addCompany(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const input = CompanyInput.parse(raw);
      const made = await org.insertCompany(db, { streetId: by.streetId, creditCode: input.creditCode, nameZh: input.nameZh, nameEn: input.nameEn ?? input.nameZh });
      if (!made) throw new AppError('CONFLICT', { reason: 'credit_code_taken' });
      return { companyId: made.id, nameZh: input.nameZh };
    },

    /** A property of one of the street's companies in one of its communities, with its agent point. */
    async addProperty(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const input = PropertyInput.parse(raw);
      await ownCommunity(by, input.communityId, 'communityId');
      const companies = await org.companiesOf(db, by.streetId);
      if (!companies.some((c) => c.id === input.companyId)) throw new AppError('NOT_FOUND');
      const nameEn = input.nameEn ?? input.nameZh;
      return transact(core, `user:${by.userId}`, async (tx) => {
        const made = await org.insertProperty(tx, { communityId: input.communityId, companyId: input.companyId, nameZh: input.nameZh, nameEn });
        if (!made) throw new AppError('CONFLICT', { reason: 'property_exists' });
        const point = input.point ? await org.insertPoint(tx, pointOf({ id: made.id, nameZh: input.nameZh, nameEn })) : null;
        return { propertyId: made.id, nameZh: input.nameZh, pointId: point?.id ?? null };
      });
    },

    /** A property added without its agent point opens one later, in its management office. */
    async openPoint(by: StaffPrincipal, rawId: number) {
      requireAdmin(by);
      const propertyId = Int4Id.parse(rawId);
      const p = (await org.propertiesOf(db, by.streetId)).find((x) => x.id === propertyId);
      if (!p) throw new AppError('NOT_FOUND');
      if (p.pointId) throw new AppError('CONFLICT', { reason: 'point_exists' });
      return transact(core, `user:${by.userId}`, async (tx) => {
        const point = await org.insertPoint(tx, pointOf(p));
        return { propertyId, nameZh: p.nameZh, pointId: point.id, opened: true };
      });
    },

    /**
     * An account of the admin's street. An agent starts uncertified and unpledged: the desk opens read-only
     * until training and the pledge are recorded (training.service.ts).
     */
    async addStaff(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const input = StaffInput.parse(raw);
      const place = { communityId: null as number | null, pointId: null as number | null, companyId: null as number | null };
      if (input.role === 'agent') {
        if (input.pointId === undefined) throw new AppError('VALIDATION', [{ path: 'pointId', code: 'required' }]);
        const p = await org.pointPlace(db, input.pointId);
        if (!p || p.streetId !== by.streetId) throw new AppError('NOT_FOUND');
        Object.assign(place, { communityId: p.communityId, pointId: p.pointId, companyId: p.companyId });
      } else if (input.role === 'verifier') place.communityId = await ownCommunity(by, input.communityId, 'communityId');
      const made = await staff.insertStaffIfNew(db, {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        streetId: by.streetId,
        ...place,
        passwordHash: await hashPassword(input.password),
        passwordChangedAt: core.now()
      });
      if (!made) throw new AppError('CONFLICT', { reason: 'username_taken' });
      return { userId: made.id, username: made.username, displayName: made.displayName, role: made.role };
    }
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
