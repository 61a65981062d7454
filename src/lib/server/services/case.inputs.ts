// Wire shapes of case commands. zod strips unknown keys; every field has a bound.
import { z } from 'zod';
import { CASE_ACTIONS, CHANNELS } from '../../domain/case.machine';

export const Phone = z.string().trim().regex(/^1\d{10}$/);
export const IdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/);
const Name = z.string().trim().min(1).max(40);

export const IntakeInput = z.object({
  itemCode: z.string().trim().min(1).max(48),
  channel: z.enum(CHANNELS),
  applicant: z.object({ name: Name, phone: Phone, idNumber: IdNumber.optional() }),
  materials: z.array(z.string().max(40)).max(30).default([]),
  address: z.string().trim().min(4).max(200).optional(),
  slotId: z.number().int().positive().optional()
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
  toPointId: z.number().int().positive().optional(),
  /** the version the actor saw; a stale one is a 409 instead of acting on a case that moved */
  version: z.number().int().positive().optional()
});
export type TransitionInput = z.infer<typeof TransitionInput>;
