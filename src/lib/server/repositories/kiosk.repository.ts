import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { community, kiosk, point, property } from '../db/schema';

export type KioskRow = typeof kiosk.$inferSelect;

export interface KioskWithPlace {
  kiosk: KioskRow;
  pointId: number;
  communityId: number;
  streetId: number;
}

const place = {
  kiosk,
  pointId: point.id,
  communityId: community.id,
  streetId: community.streetId
};

function withPlace(db: DbOrTx) {
  return db
    .select(place)
    .from(kiosk)
    .innerJoin(point, eq(point.id, kiosk.pointId))
    .innerJoin(property, eq(property.id, point.propertyId))
    .innerJoin(community, eq(community.id, property.communityId));
}

export async function insertKiosk(db: DbOrTx, k: { pointId: number; label: string }): Promise<KioskRow> {
  const [row] = await db.insert(kiosk).values(k).returning();
  return row;
}

export async function findKioskById(db: DbOrTx, id: number): Promise<KioskWithPlace | undefined> {
  const [row] = await withPlace(db).where(eq(kiosk.id, id));
  return row;
}

/** By its current token, or by a rotated one not yet used (kiosk.nextTokenHash says which matched). */
export async function findKioskByToken(db: DbOrTx, tokenHash: string): Promise<KioskWithPlace | undefined> {
  const [row] = await withPlace(db).where(or(eq(kiosk.tokenHash, tokenHash), eq(kiosk.nextTokenHash, tokenHash)));
  return row;
}

/** Offers the enrolled, unrevoked kiosk holding `tokenHash` a next token; a second call replaces the offer. */
export async function offerNextToken(db: DbOrTx, id: number, tokenHash: string, nextHash: string): Promise<boolean> {
  const rows = await db
    .update(kiosk)
    .set({ nextTokenHash: nextHash })
    .where(and(eq(kiosk.id, id), eq(kiosk.tokenHash, tokenHash), isNull(kiosk.revokedAt)))
    .returning({ id: kiosk.id });
  return rows.length > 0;
}

/** The first use of the next token makes it the token; the old one is gone in the same statement. */
export async function promoteNextToken(db: DbOrTx, id: number, nextHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(kiosk)
    .set({ tokenHash: nextHash, nextTokenHash: null, tokenRotatedAt: now })
    .where(and(eq(kiosk.id, id), eq(kiosk.nextTokenHash, nextHash), isNull(kiosk.revokedAt)))
    .returning({ id: kiosk.id });
  return rows.length > 0;
}

export async function setPairingCode(db: DbOrTx, id: number, codeHash: string, expiresAt: Date): Promise<void> {
  await db.update(kiosk).set({ pairingCodeHash: codeHash, pairingExpiresAt: expiresAt }).where(eq(kiosk.id, id));
}

/** Exchanges a live, unused pairing code for a token hash in one statement, so a code works once. */
export async function redeemPairingCode(db: DbOrTx, codeHash: string, tokenHash: string, now: Date): Promise<number | undefined> {
  const [row] = await db
    .update(kiosk)
    .set({ tokenHash, nextTokenHash: null, pairingCodeHash: null, pairingExpiresAt: null, enrolledAt: now, revokedAt: null, lastSeenAt: now })
    .where(and(eq(kiosk.pairingCodeHash, codeHash), gt(kiosk.pairingExpiresAt, now)))
    .returning({ id: kiosk.id });
  return row?.id;
}

export async function revokeKiosk(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(kiosk)
    .set({ revokedAt: now, tokenHash: null, nextTokenHash: null, pairingCodeHash: null })
    .where(and(eq(kiosk.id, id), isNull(kiosk.revokedAt)))
    .returning({ id: kiosk.id });
  return rows.length > 0;
}

export async function touchKiosk(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.update(kiosk).set({ lastSeenAt: now }).where(eq(kiosk.id, id));
}

export async function countKiosks(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(kiosk);
  return row?.n ?? 0;
}

export function listKiosks(db: DbOrTx, streetId: number) {
  return withPlace(db).where(eq(community.streetId, streetId)).orderBy(kiosk.id);
}
