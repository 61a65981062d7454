import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { accessLog, community, gridRecord, kiosk, point, property, proxyCase, staffUser } from '../db/schema';

export interface AccessEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  fields: string[];
  ip?: string | null;
  requestId?: string | null;
  purpose?: string | null;
  purposeNote?: string | null;
}

export async function appendAccess(tx: DbOrTx, e: AccessEntry): Promise<void> {
  await tx.insert(accessLog).values(e);
}

export interface AccessQuery {
  /** only entries whose actor (a staff member or a kiosk) belongs to this street */
  streetId: number;
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  /** a case's reads, by its number */
  caseNo?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export function searchAccess(db: DbOrTx, q: AccessQuery) {
  // Everyone reads only inside their own street, so the actor's street is the subject's street too.
  const where: SQL[] = [
    sql`(${accessLog.actor} in (select 'user:' || ${staffUser.id} from ${staffUser} where ${staffUser.streetId} = ${q.streetId})
      or ${accessLog.actor} in (select 'kiosk:' || ${kiosk.id} from ${kiosk}
        join ${point} on ${point.id} = ${kiosk.pointId}
        join ${property} on ${property.id} = ${point.propertyId}
        join ${community} on ${community.id} = ${property.communityId}
       where ${community.streetId} = ${q.streetId}))`
  ];
  if (q.actor) where.push(eq(accessLog.actor, q.actor));
  if (q.subjectType) where.push(eq(accessLog.subjectType, q.subjectType));
  if (q.subjectId) where.push(eq(accessLog.subjectId, q.subjectId));
  if (q.from) where.push(gte(accessLog.at, q.from));
  if (q.to) where.push(lt(accessLog.at, q.to));
  if (q.caseNo) where.push(eq(proxyCase.caseNo, q.caseNo));
  // Named for the admin reading it: who (a staff member or a kiosk) and what (a case's number, a record's kind).
  return db
    .select({
      id: accessLog.id,
      at: accessLog.at,
      actor: accessLog.actor,
      actorName: sql<string | null>`coalesce(${staffUser.displayName}, ${kiosk.label})`,
      action: accessLog.action,
      subjectType: accessLog.subjectType,
      subjectId: accessLog.subjectId,
      caseNo: proxyCase.caseNo,
      recordKind: gridRecord.kind,
      fields: accessLog.fields,
      ip: accessLog.ip,
      requestId: accessLog.requestId,
      purpose: accessLog.purpose,
      purposeNote: accessLog.purposeNote
    })
    .from(accessLog)
    .leftJoin(staffUser, sql`${accessLog.actor} = 'user:' || ${staffUser.id}`)
    .leftJoin(kiosk, sql`${accessLog.actor} = 'kiosk:' || ${kiosk.id}`)
    .leftJoin(proxyCase, sql`${accessLog.subjectType} = 'case' and ${accessLog.subjectId} = cast(${proxyCase.id} as text)`)
    .leftJoin(gridRecord, sql`${accessLog.subjectType} = 'grid_record' and ${accessLog.subjectId} = cast(${gridRecord.id} as text)`)
    .where(and(...where))
    .orderBy(desc(accessLog.id))
    .limit(q.limit);
}
