// Training (培训考核) and the confidentiality pledge, managed by street admins.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import type { DbOrTx } from '../db/client';
import { findStaffById } from '../repositories/staff.repository';
import * as training from '../repositories/training.repository';
import type { Core } from '../runtime/core';
import { CalendarDay, Int4Id, SaneDate, storable } from './case.inputs';
import { command } from './uow';
import { requireAdmin } from './actor';

export const PLEDGE_TEXT = '本人承诺：对代办过程中知悉的居民个人信息严格保密，不泄露、不挪作他用，违者承担相应责任。';

/**
 * Handling residents' papers or full personal data needs a valid passed assessment and the signed
 * confidentiality pledge (NOT_CERTIFIED before PLEDGE_MISSING, as the case machine checks them).
 */
export async function requireCertified(db: DbOrTx, userId: number, now: Date): Promise<void> {
  const cert = await training.certificationOf(db, userId);
  if (!cert.certifiedUntil || cert.certifiedUntil < now) throw new AppError('NOT_CERTIFIED');
  if (!cert.pledgeSignedAt) throw new AppError('PLEDGE_MISSING');
}

export function createTrainingService(core: Core) {
  const { db } = core;
  async function sameStreetUser(by: StaffPrincipal, userId: number) {
    const u = await findStaffById(db, userId);
    if (!u || u.streetId !== by.streetId) throw new AppError('NOT_FOUND');
    return u;
  }

  return {
    /** Why this agent may not serve yet (no valid assessment, no pledge), or null: the desk says it up front. */
    async standing(p: StaffPrincipal): Promise<'NOT_CERTIFIED' | 'PLEDGE_MISSING' | null> {
      if (p.role !== 'agent') return null;
      try {
        await requireCertified(db, p.userId, core.now());
        return null;
      } catch (err) {
        if (err instanceof AppError && (err.code === 'NOT_CERTIFIED' || err.code === 'PLEDGE_MISSING')) return err.code;
        throw err;
      }
    },

    /** Keyed: a session sent twice (a double click, a retry after a lost answer) is recorded once, so nobody's training count grows by it. */
    async addSession(by: StaffPrincipal, key: string, raw: unknown) {
      requireAdmin(by);
      const s = z.object({ title: z.string().trim().min(1).max(120).refine(storable), heldOn: CalendarDay, attendees: z.array(Int4Id).min(1).max(500) }).parse(raw);
      // Every attendee is checked before anything is written: a refused roster leaves no session behind.
      for (const u of s.attendees) await sameStreetUser(by, u);
      return command(core, { principal: principalKey(by), key, name: 'training.session', input: s }, async (tx) => {
        const row = await training.insertSession(tx, { title: s.title, heldOn: s.heldOn });
        for (const u of s.attendees) await training.insertAttendance(tx, row.id, u);
        return row;
      });
    },

    async recordAssessment(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const a = z.object({ userId: Int4Id, passed: z.boolean(), assessedOn: CalendarDay, validUntil: SaneDate.optional() }).parse(raw);
      await sameStreetUser(by, a.userId);
      if (a.passed && !a.validUntil) throw new AppError('VALIDATION', [{ path: 'validUntil', code: 'required' }]);
      return training.insertAssessment(db, { ...a, validUntil: a.passed ? a.validUntil! : null, recordedBy: by.userId });
    },

    /** Signed by the staff member themself (or recorded by an admin from the paper original). */
    async signPledge(by: StaffPrincipal, rawUserId: number) {
      const userId = Int4Id.parse(rawUserId);
      if (by.userId !== userId) requireAdmin(by);
      await sameStreetUser(by, userId);
      await training.upsertPledge(db, userId, core.now(), PLEDGE_TEXT);
    },

    async roster(by: StaffPrincipal) {
      requireAdmin(by);
      return training.agentsWithTraining(db, by.streetId);
    },

    async mine(by: StaffPrincipal) {
      return training.certificationOf(db, by.userId);
    }
  };
}

export type TrainingService = ReturnType<typeof createTrainingService>;
