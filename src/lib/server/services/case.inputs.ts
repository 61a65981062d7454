// Wire shapes of case commands. zod strips unknown keys; every field has a bound.
import { z } from 'zod';
import { CASE_ACTIONS, CHANNELS, COLLECTOR_RELATIONS } from '../../domain/case.machine';
import { KIOSK_REF } from '../../domain/case-no';
import { creditCodeProblem, idNumberProblem, personName, personNameProblem, printableProblem } from '../../domain/identity';
import { shanghaiDateKey } from '../../domain/sla';

/** A mainland mobile number; the spaces and dashes people type it with ("139 1234 5678") are dropped. */
export const Phone = z
  .string()
  .transform((s) => s.replace(/[\s\-－]/g, ''))
  .pipe(z.string().regex(/^1\d{10}$/));
/** Refines a string by a domain check: the problem it names becomes the issue's detail code. */
const checkedBy = (problemOf: (s: string) => string | null) => (s: string, ctx: z.RefinementCtx) => {
  const problem = problemOf(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
/** A citizen ID number: its birth date a real day not after today, its check digit right (detail code: the problem). */
export const IdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine(checkedBy((s) => idNumberProblem(s, shanghaiDateKey(new Date()))));
/** 统一社会信用代码 (GB 32100-2015): its alphabet, its area digits and its check character. */
export const CreditCode = z.string().trim().toUpperCase().superRefine(checkedBy(creditCodeProblem));
/** A person's name (domain/identity.ts personNameProblem); detail code invalid_format. */
export const PersonName = z.string().transform(personName).pipe(z.string().min(1).max(40)).superRefine(checkedBy(personNameProblem));
/** A party that may be a person or a company (a landlord): its name as written, brackets and all, hiding nothing. */
export const PartyName = z.string().transform(personName).pipe(z.string().min(1).max(100)).superRefine(checkedBy(printableProblem));

export const IntakeInput = z.object({
  itemCode: z.string().trim().min(1).max(48),
  channel: z.enum(CHANNELS),
  applicant: z.object({ name: PersonName, phone: Phone, idNumber: IdNumber.optional() }),
  materials: z.array(z.string().max(40)).max(30).default([]),
  address: z.string().trim().min(4).max(200).optional(),
  slotId: z.number().int().positive().max(2_147_483_647).optional(),
  /** a kiosk's 临时编号 for an application it queued offline (see proxy_case.kiosk_ref); ignored from staff */
  kioskRef: z.string().regex(KIOSK_REF).optional()
});
export type IntakeInput = z.infer<typeof IntakeInput>;

export const TransitionInput = z.object({
  action: z.enum(CASE_ACTIONS),
  note: z.string().trim().max(500).optional(),
  reason: z.string().trim().max(500).optional(),
  missing: z.array(z.string().trim().min(1).max(80)).max(30).optional(),
  identityCheck: z
    .object({ method: z.enum(['pickup_code', 'id_document']), code: z.string().regex(/^\d{6}$/).optional(), note: z.string().max(200).optional() })
    .optional(),
  /** 确认送达 to someone other than the applicant (代领); absent: the applicant collected in person */
  collector: z.object({ name: PersonName, relation: z.enum(COLLECTOR_RELATIONS), proofChecked: z.literal(true) }).optional(),
  toPointId: z.number().int().positive().max(2_147_483_647).optional(),
  /** 重新受理: the item's materials the desk has in hand for the new case */
  materials: z.array(z.string().max(40)).max(30).optional(),
  /** the version the actor saw; a stale one is a 409 instead of acting on a case that moved */
  version: z.number().int().positive().optional()
});
export type TransitionInput = z.infer<typeof TransitionInput>;

// Bounds every door shares: what the database columns can hold, so a value beyond them is a 400 at the
// boundary rather than a driver error (int4 ids, timestamps of this era, days that exist).
export const Int4Id = z.number().int().positive().max(2_147_483_647);
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
/** A timestamp (ISO string or epoch ms) between 1900 and 2200. */
export const SaneDate = z.coerce.date().refine((d) => d.getTime() >= EARLIEST && d.getTime() < LATEST, 'date out of range');
/** YYYY-MM-DD of a day that exists (no 2025-02-30, no month 13), between 1900 and 2200. */
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getTime() >= EARLIEST && d.getTime() < LATEST;
  }, 'no such day');
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** No NUL and no lone surrogate: text Postgres can store (text and jsonb) as it was typed. */
export const storable = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);
