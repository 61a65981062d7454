// Training (培训考核) and the confidentiality pledge, managed by street admins.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import type { StaffPrincipal } from '../../domain/roles';
import { findStaffById } from '../repositories/staff.repository';
import * as training from '../repositories/training.repository';
import type { Core } from '../runtime/core';

export const PLEDGE_TEXT = '本人承诺：对代办过程中知悉的居民个人信息严格保密，不泄露、不挪作他用，违者承担相应责任。';
const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export function createTrainingService(core: Core) {
  const { db } = core;
  const requireAdmin = (p: StaffPrincipal) => {
    if (p.role !== 'admin') throw new AppError('FORBIDDEN');
  };
  async function sameStreetUser(by: StaffPrincipal, userId: number) {
    const u = await findStaffById(db, userId);
    if (!u || u.streetId !== by.streetId) throw new AppError('NOT_FOUND');
    return u;
  }

  return {
    async addSession(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const s = z.object({ title: z.string().trim().min(1).max(120), heldOn: DateOnly, attendees: z.array(z.number().int().positive()).max(500).default([]) }).parse(raw);
      const row = await training.insertSession(db, { title: s.title, heldOn: s.heldOn });
      for (const u of s.attendees) {
        await sameStreetUser(by, u);
        await training.insertAttendance(db, row.id, u);
      }
      return row;
    },

    async recordAssessment(by: StaffPrincipal, raw: unknown) {
      requireAdmin(by);
      const a = z.object({ userId: z.number().int().positive(), passed: z.boolean(), assessedOn: DateOnly, validUntil: z.coerce.date().optional() }).parse(raw);
      await sameStreetUser(by, a.userId);
      if (a.passed && !a.validUntil) throw new AppError('VALIDATION', [{ path: 'validUntil', code: 'required' }]);
      return training.insertAssessment(db, { ...a, validUntil: a.passed ? a.validUntil! : null, recordedBy: by.userId });
    },

    /** Signed by the staff member themself (or recorded by an admin from the paper original). */
    async signPledge(by: StaffPrincipal, userId: number) {
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
