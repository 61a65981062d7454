// The reason a reveal must give (domain/reveal.ts): one of the subject's purposes, and words for `other`.
import { z } from 'zod';
import { PURPOSES_FOR, REVEAL_NOTE_MAX } from '../../domain/reveal';
import { storable } from './case.inputs';

export function revealReason(subject: keyof typeof PURPOSES_FOR, raw: unknown): { purpose: string; purposeNote: string | null } {
  const r = z
    .object({ purpose: z.enum(PURPOSES_FOR[subject]), note: z.string().trim().max(REVEAL_NOTE_MAX).refine(storable).optional() })
    .superRefine((x, ctx) => {
      if (x.purpose === 'other' && !x.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'required' });
    })
    .parse(raw ?? {});
  return { purpose: r.purpose, purposeNote: r.note || null };
}
