// Claims on verification-board items. Every rule about who may hold an item is in the SQL, so two
// verifiers racing on two processes are settled by the database and never by a read-then-write.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { reviewClaim } from '../db/schema';

export type ClaimRow = typeof reviewClaim.$inferSelect;
export type Subject = 'record' | 'case';

export interface ClaimInput {
  subjectType: Subject;
  subjectId: number;
  communityId: number;
  holderId: number;
  holderName: string;
  now: Date;
  expiresAt: Date;
}

/**
 * Takes the item, or renews the holder's own claim. A live claim of someone else makes the upsert's
 * WHERE false: no row comes back. Concurrent claimers queue on the primary key, and the loser's
 * WHERE is evaluated against the winner's committed row.
 */
export async function claim(tx: DbOrTx, c: ClaimInput): Promise<ClaimRow | undefined> {
  const [row] = await tx
    .insert(reviewClaim)
    .values({ ...c, claimedAt: c.now })
    .onConflictDoUpdate({
      target: [reviewClaim.subjectType, reviewClaim.subjectId],
      set: { holderId: c.holderId, holderName: c.holderName, claimedAt: c.now, expiresAt: c.expiresAt, communityId: c.communityId },
      // Raw parameters bypass the column's Date mapping, so the instant goes as ISO text.
      setWhere: sql`${reviewClaim.expiresAt} <= ${c.now.toISOString()}::timestamptz or ${reviewClaim.holderId} = ${c.holderId}`
    })
    .returning();
  return row;
}

/** Lets go of the holder's own claim; false when they did not hold it. */
export async function release(tx: DbOrTx, subjectType: Subject, subjectId: number, holderId: number): Promise<boolean> {
  const rows = await tx
    .delete(reviewClaim)
    .where(and(eq(reviewClaim.subjectType, subjectType), eq(reviewClaim.subjectId, subjectId), eq(reviewClaim.holderId, holderId)))
    .returning({ id: reviewClaim.subjectId });
  return rows.length > 0;
}

/** A decision consumes the decider's live claim; false when it lapsed or was never theirs. */
export async function consume(tx: DbOrTx, subjectType: Subject, subjectId: number, holderId: number, now: Date): Promise<boolean> {
  const rows = await tx
    .delete(reviewClaim)
    .where(
      and(eq(reviewClaim.subjectType, subjectType), eq(reviewClaim.subjectId, subjectId), eq(reviewClaim.holderId, holderId), gt(reviewClaim.expiresAt, now))
    )
    .returning({ id: reviewClaim.subjectId });
  return rows.length > 0;
}

/** Who holds a live claim on the item now, if anyone (to say why a decision was refused). */
export async function liveHolder(db: DbOrTx, subjectType: Subject, subjectId: number, now: Date): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(reviewClaim)
    .where(and(eq(reviewClaim.subjectType, subjectType), eq(reviewClaim.subjectId, subjectId), gt(reviewClaim.expiresAt, now)));
  return row;
}

export function liveClaims(db: DbOrTx, communityId: number, subjectType: Subject, now: Date): Promise<ClaimRow[]> {
  return db
    .select()
    .from(reviewClaim)
    .where(and(eq(reviewClaim.communityId, communityId), eq(reviewClaim.subjectType, subjectType), gt(reviewClaim.expiresAt, now)));
}
