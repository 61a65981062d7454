import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { community, company, point, property, street } from '../db/schema';

export interface PointPlace {
  pointId: number;
  communityId: number;
  streetId: number;
  companyId: number;
}

/** Where a point is, with its name (what a resident is told when their case moves there). */
export async function pointPlace(db: DbOrTx, pointId: number): Promise<(PointPlace & { pointNameZh: string }) | undefined> {
  const [row] = await db
    .select({ pointId: point.id, communityId: community.id, streetId: community.streetId, companyId: property.companyId, pointNameZh: point.nameZh })
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

export type NewCompany = typeof company.$inferInsert;
export type NewProperty = typeof property.$inferInsert;

/** undefined: the credit code is already registered. */
export async function insertCompany(db: DbOrTx, c: NewCompany): Promise<{ id: number } | undefined> {
  const [row] = await db.insert(company).values(c).onConflictDoNothing({ target: company.creditCode }).returning({ id: company.id });
  return row;
}

/** undefined: the community already has a property of that name. */
export async function insertProperty(db: DbOrTx, p: NewProperty): Promise<{ id: number } | undefined> {
  const [row] = await db.insert(property).values(p).onConflictDoNothing({ target: [property.communityId, property.nameZh] }).returning({ id: property.id });
  return row;
}

export async function insertPoint(db: DbOrTx, p: typeof point.$inferInsert): Promise<{ id: number }> {
  const [row] = await db.insert(point).values(p).returning({ id: point.id });
  return row;
}

export function communitiesOf(db: DbOrTx, streetId: number) {
  return db.select({ id: community.id, nameZh: community.nameZh, nameEn: community.nameEn }).from(community).where(eq(community.streetId, streetId)).orderBy(community.id);
}

/** The street's properties with their company, community and agent point (null: none opened). */
export function propertiesOf(db: DbOrTx, streetId: number) {
  return db
    .select({
      id: property.id,
      nameZh: property.nameZh,
      nameEn: property.nameEn,
      communityId: property.communityId,
      companyId: property.companyId,
      pointId: point.id,
      pointNameZh: point.nameZh,
      pointNameEn: point.nameEn
    })
    .from(property)
    .innerJoin(community, eq(community.id, property.communityId))
    .leftJoin(point, eq(point.propertyId, property.id))
    .where(eq(community.streetId, streetId))
    .orderBy(property.id);
}
