// Wire shapes of grid-record commands: one zod schema per kind. Unknown keys are stripped; every
// string has a bound. Identity numbers and phones use the proxy-case formats.
import { z } from 'zod';
import { GRID_KINDS, OUTCOMES } from '../../domain/grid.kinds';
import { CreditCode, IdNumber, PartyName, PersonName, Phone } from './case.inputs';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid date');

export const KindFields = {
  population: z.object({
    change: z.enum(['move_in', 'move_out', 'household_change']),
    name: PersonName,
    idNumber: IdNumber,
    phone: Phone.optional(),
    relation: z.string().trim().max(20).optional()
  }),
  rentalHousing: z.object({
    landlordName: PartyName,
    landlordPhone: Phone,
    leaseStart: Day,
    leaseEnd: Day.optional(),
    tenants: z.array(z.object({ name: PersonName, idNumber: IdNumber })).min(1).max(20)
  }),
  legalEntity: z.object({
    name: Text(100),
    creditCode: CreditCode,
    category: z.enum(['business', 'organisation']),
    status: z.enum(['opened', 'changed', 'closed']),
    contactPhone: Phone.optional()
  }),
  facility: z.object({
    type: z.enum(['hydrant', 'lamp', 'manhole', 'camera', 'other']),
    assetCode: z.string().trim().max(40).optional(),
    location: Text(120),
    condition: z.enum(['ok', 'damaged', 'missing'])
  }),
  event: z.object({
    category: z.enum(['hazard', 'incident', 'dispute', 'other']),
    severity: z.enum(['low', 'medium', 'high']),
    description: Text(1000)
  })
} as const;

const common = {
  propertyId: z.number().int().positive(),
  unit: Text(60),
  observedOn: Day,
  /** 修改后重新上报: the company's refused record this filing corrects */
  resubmits: z.number().int().positive().max(2_147_483_647).optional()
};

/** A filing: the kind picks the schema of `fields`. Empty optional strings from a form count as absent. */
export const FileInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('population'), ...common, fields: KindFields.population }),
  z.object({ kind: z.literal('rentalHousing'), ...common, fields: KindFields.rentalHousing }),
  z.object({ kind: z.literal('legalEntity'), ...common, fields: KindFields.legalEntity }),
  z.object({ kind: z.literal('facility'), ...common, fields: KindFields.facility }),
  z.object({ kind: z.literal('event'), ...common, fields: KindFields.event })
]);
export type FileInput = z.infer<typeof FileInput>;

export const DecideInput = z
  .object({
    outcome: z.enum(OUTCOMES),
    reason: z.string().trim().max(500).optional(),
    version: z.number().int().positive().optional()
  })
  .refine((d) => d.outcome !== 'rejected' || !!d.reason, { path: ['reason'], message: 'required' });

export const CorrectInput = z.object({ to: z.enum(['verified_known', 'rejected']), reason: Text(500) });

export const BoardQuery = z.object({
  kind: z.enum(GRID_KINDS).optional(),
  propertyId: z.coerce.number().int().positive().optional(),
  companyId: z.coerce.number().int().positive().optional()
});

export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const RateInput = z.object({ kind: z.enum(GRID_KINDS), period: Period, amountFen: z.number().int().min(0).max(1_000_000) });

/** Drops '' values a form sends for untouched optional inputs, before zod sees them. */
export function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '').map(([k, x]) => [k, dropEmpty(x)]));
  return v;
}
