import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { community, company, point, property, street } from '../db/schema';

export interface PointPlace {
  pointId: number;
  communityId: number;
  streetId: number;
  companyId: number;
}

export async function pointPlace(db: DbOrTx, pointId: number): Promise<PointPlace | undefined> {
  const [row] = await db
    .select({ pointId: point.id, communityId: community.id, streetId: community.streetId, companyId: property.companyId })
    .from(point)
    .innerJoin(property, eq(property.id, point.propertyId))
    .innerJoin(community, eq(community.id, property.communityId))
    .where(eq(point.id, pointId));
  return row;
}

export async function communityStreet(db: DbOrTx, communityId: number): Promise<number | undefined> {
  const [row] = await db.select({ streetId: community.streetId }).from(community).where(eq(community.id, communityId));
  return row?.streetId;
}

export async function countStreets(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(street);
  return row?.n ?? 0;
}

export function companiesOf(db: DbOrTx, streetId: number) {
  return db.select({ id: company.id, nameZh: company.nameZh, nameEn: company.nameEn }).from(company).where(eq(company.streetId, streetId)).orderBy(company.id);
}
