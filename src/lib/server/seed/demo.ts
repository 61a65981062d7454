// Seeds the demo street on an empty database — idempotently, and never over real data: it runs only
// when there is no street at all, inside one transaction.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { StaffPrincipal } from '../../domain/roles';
import { community, company, kiosk, meta, point, property, street } from '../db/schema';
import { insertItems } from '../repositories/catalogue.repository';
import { insertKiosk } from '../repositories/kiosk.repository';
import { demoItemRows } from './catalogue-data';
import { seedGrid } from './demo-grid';
import { seedAssociation } from './demo-association';
import { seedSurvey } from './demo-survey';
import { seedSlots, seedTraining } from './demo-training';
import { findStaffByUsername, insertStaff } from '../repositories/staff.repository';
import { hashPassword } from '../services/password';
import { DEMO_COMMUNITIES, DEMO_COMPANIES, DEMO_PASSWORD, DEMO_PROPERTIES, DEMO_STREET, DEMO_USERS } from './demo-data';

export interface SeedResult {
  seeded: boolean;
  demo: boolean;
}

export async function seedDemo(db: Db, now = new Date()): Promise<SeedResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('doorstep:seed'))`);
    const [existing] = await tx.select({ n: sql<number>`count(*)::int` }).from(street);
    if ((existing?.n ?? 0) > 0) {
      const [m] = await tx.select().from(meta).where(sql`${meta.key} = 'demo'`);
      return { seeded: false, demo: m?.value === 'true' };
    }
    const [s] = await tx.insert(street).values(DEMO_STREET).returning();
    const comms = await tx.insert(community).values(DEMO_COMMUNITIES.map((c) => ({ ...c, streetId: s.id }))).returning();
    const cos = await tx
      .insert(company)
      .values(DEMO_COMPANIES.map((c) => ({ ...c, streetId: s.id, isDemo: true })))
      .returning();
    const byCode = new Map(comms.map((c) => [c.code, c]));
    const props = await tx
      .insert(property)
      .values(DEMO_PROPERTIES.map((p) => ({ communityId: byCode.get(p.community)!.id, companyId: cos[p.company].id, nameZh: p.nameZh, nameEn: p.nameEn })))
      .returning();
    const points = await tx
      .insert(point)
      .values(props.map((p, i) => ({ propertyId: p.id, code: `P${String(i + 1).padStart(2, '0')}`, nameZh: `${p.nameZh}代办点`, nameEn: `${p.nameEn} agent point` })))
      .returning();
    for (const u of DEMO_USERS) {
      const pt = 'point' in u && u.point !== undefined ? points[u.point] : undefined;
      await insertStaff(tx, {
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        passwordHash,
        streetId: s.id,
        communityId: 'community' in u ? byCode.get(u.community!)!.id : pt ? props[u.point!].communityId : null,
        pointId: pt?.id ?? null,
        companyId: pt ? props[u.point!].companyId : null
      });
    }
    await insertKiosk(tx, { pointId: points[0].id, label: '侨香村大堂自助机' });
    await insertItems(tx, demoItemRows());
    await seedTraining(tx, now);
    await seedSlots(tx, points.map((p) => p.id), now);
    await seedGrid(tx, now);
    await seedAssociation(tx, now);
    await seedSurvey(tx, s.id, now);
    await tx.insert(meta).values({ key: 'demo', value: 'true' });
    return { seeded: true, demo: true };
  });
}

/** The demo admin and the demo kiosk, so start-up can print a fresh pairing code for it. */
export async function demoKioskPairing(db: Db): Promise<{ admin: StaffPrincipal; kioskId: number } | undefined> {
  const admin = await findStaffByUsername(db, 'admin');
  const [k] = await db.select({ id: kiosk.id }).from(kiosk).orderBy(kiosk.id).limit(1);
  if (!admin || !k) return undefined;
  return {
    admin: { kind: 'staff', userId: admin.id, role: 'admin', streetId: admin.streetId, communityId: null, pointId: null, companyId: null },
    kioskId: k.id
  };
}
