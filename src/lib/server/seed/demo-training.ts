// Demo staff have passed their assessment and signed the pledge, so the desk works out of the box;
// each demo point publishes a week of desk and home-visit slots.
import { eq } from 'drizzle-orm';
import { startOfShanghaiDay } from '../../domain/sla';
import type { DbOrTx } from '../db/client';
import { slot, staffUser } from '../db/schema';
import { insertAssessment, insertAttendance, insertSession, upsertPledge } from '../repositories/training.repository';
import { PLEDGE_TEXT } from '../services/training.service';

const DAY = 86_400_000;

export async function seedTraining(tx: DbOrTx, now: Date): Promise<void> {
  const agents = await tx.select().from(staffUser).where(eq(staffUser.role, 'agent'));
  // Trained, assessed and sworn to confidentiality a month ago: before any of the demo activity's cases.
  const trainedAt = new Date(now.getTime() - 30 * DAY);
  const session = await insertSession(tx, { title: '代办点业务与保密培训（第一期）', heldOn: trainedAt.toISOString().slice(0, 10) });
  for (const a of agents) {
    await insertAttendance(tx, session.id, a.id);
    await insertAssessment(tx, { userId: a.id, passed: true, assessedOn: session.heldOn, validUntil: new Date(now.getTime() + 365 * DAY) });
    await upsertPledge(tx, a.id, trainedAt, PLEDGE_TEXT);
  }
}

/** Shanghai office hours: 09:00–12:00 desk slots and 14:00–17:00 home visits, next 7 days. */
export async function seedSlots(tx: DbOrTx, pointIds: number[], now: Date): Promise<void> {
  const rows: (typeof slot.$inferInsert)[] = [];
  const todayShanghai = startOfShanghaiDay(now).getTime();
  for (let d = 0; d < 7; d++) {
    const day = todayShanghai + d * DAY;
    for (const pointId of pointIds) {
      for (const h of [9, 10, 11]) rows.push({ pointId, kind: 'desk', startsAt: new Date(day + h * 3_600_000), endsAt: new Date(day + (h + 1) * 3_600_000), capacity: 4 });
      rows.push({ pointId, kind: 'home_visit', startsAt: new Date(day + 14 * 3_600_000), endsAt: new Date(day + 17 * 3_600_000), capacity: 2 });
    }
  }
  await tx.insert(slot).values(rows);
}
