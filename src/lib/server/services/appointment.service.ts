// Appointments and home visits (预约 / 上门): a point publishes slots with a capacity; bookings are
// taken inside the intake transaction, so a case and its place in a slot exist together or not at all.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { maskName } from '../../domain/mask';
import type { Principal, StaffPrincipal } from '../../domain/roles';
import type { DbOrTx } from '../db/client';
import * as slots from '../repositories/appointment.repository';
import { findStaffById } from '../repositories/staff.repository';
import type { Core } from '../runtime/core';
import { Int4Id, SaneDate } from './case.inputs';
import { requireCertified } from './training.service';

export const SlotInput = z
  .object({
    kind: z.enum(['desk', 'home_visit']),
    startsAt: SaneDate,
    endsAt: SaneDate,
    capacity: z.number().int().min(1).max(50)
  })
  .refine((s) => s.endsAt > s.startsAt, { path: ['endsAt'], message: 'ends before it starts' });

const DAY_MS = 86_400_000;


/** The slot kind each way of taking a case in books: an appointment at the desk, or a home visit. */
const SLOT_KIND_OF: Record<string, string> = { appointment: 'desk', home_visit: 'home_visit' };
export function createAppointmentService(core: Core) {
  const { db } = core;

  function pointOf(p: Principal): number {
    const id = p.kind === 'kiosk' ? p.pointId : p.role === 'agent' ? p.pointId : null;
    if (!id) throw new AppError('FORBIDDEN');
    return id;
  }

  return {
    async createSlot(by: StaffPrincipal, raw: unknown) {
      const input = SlotInput.parse(raw);
      // Nobody can book a time that has passed.
      if (input.startsAt.getTime() < core.now().getTime()) throw new AppError('VALIDATION', [{ path: 'startsAt', code: 'past' }]);
      const made = await slots.insertSlot(db, { ...input, pointId: pointOf(by) });
      if (!made) throw new AppError('CONFLICT', { reason: 'slot_exists' });
      return made;
    },

    /** Open slots of the next days, for the kiosk and the desk's booking form. */
    async openSlots(p: Principal, days = 7) {
      const now = core.now();
      const rows = await slots.slotsOf(db, pointOf(p), now, new Date(now.getTime() + days * DAY_MS));
      return rows.filter((s) => s.booked < s.capacity).map((s) => ({ id: s.id, kind: s.kind, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), left: s.capacity - s.booked }));
    },

    /** The desk's day: bookings of [from, from + 1 day), names masked. */
    async agenda(by: StaffPrincipal, from: Date) {
      const rows = await slots.agendaOf(db, pointOf(by), from, new Date(from.getTime() + DAY_MS));
      return rows.map((r) => ({
        slotId: r.slot.id,
        kind: r.slot.kind,
        startsAt: r.slot.startsAt.toISOString(),
        caseId: r.caseId,
        caseNo: r.caseNo,
        state: r.state,
        applicant: maskName(r.applicantName),
        item: { zh: r.itemZh, en: r.itemEn },
        hasAddress: !!r.booking.address,
        assignedTo: r.assignedName ?? null
      }));
    },

    /** Inside the cancelling or reassigning transaction: the place is free again. */
    release: (tx: DbOrTx, caseId: number) => slots.releasePlace(tx, caseId),

    /** A home visit is done by a named, certified staff member of the point, sent by a certified one. */
    async assign(by: StaffPrincipal, rawCaseId: number, rawUserId = by.userId) {
      const pointId = pointOf(by);
      const [caseId, userId] = [Int4Id.parse(rawCaseId), Int4Id.parse(rawUserId)];
      await requireCertified(db, by.userId, core.now());
      const target = await findStaffById(db, userId);
      if (!target || target.pointId !== pointId || target.disabledAt) throw new AppError('NOT_FOUND');
      // The visitor reads the resident's papers at their home: the same certification as the desk.
      if (target.id !== by.userId) await requireCertified(db, target.id, core.now());
      if (!(await slots.assignBooking(db, caseId, pointId, userId))) throw new AppError('NOT_FOUND');
      return { caseId, assignedTo: target.displayName };
    },

    /**
     * Inside the intake transaction: a place in one of the point's slots for a case just opened. Beyond capacity
     * is refused, never overbooked; the slot must be still to come and of the kind the case's way asks for (an
     * appointment at the desk, or a home visit) — a home-visit slot taken by a desk booking would skip the
     * item's home-visit rule and use up the visitors' time.
     */
    async book(tx: DbOrTx, b: { slotId: number; pointId: number; caseId: number; channel: string; address: string | null; assignedUserId?: number | null; now: Date }) {
      const s = await slots.takePlace(tx, b.slotId, b.pointId);
      if (!s) throw new AppError('NOT_FOUND');
      if (s === 'full') throw new AppError('CAPACITY_FULL');
      if (SLOT_KIND_OF[b.channel] !== s.kind) throw new AppError('CONFLICT', { reason: 'slot_kind' });
      if (s.startsAt <= b.now) throw new AppError('CONFLICT', { reason: 'slot_past' });
      if (s.kind === 'home_visit' && !b.address) throw new AppError('VALIDATION', [{ path: 'address', code: 'required' }]);
      // Whoever books a home visit at the desk goes; a kiosk booking waits for the desk to assign it.
      const assignedUserId = s.kind === 'home_visit' ? (b.assignedUserId ?? null) : null;
      await slots.insertBooking(tx, { slotId: b.slotId, caseId: b.caseId, address: b.address, assignedUserId });
      return { startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() };
    }
  };
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
