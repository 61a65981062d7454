import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { accessLog } from '../db/schema';

export interface AccessEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  fields: string[];
  ip?: string | null;
  requestId?: string | null;
}

export async function appendAccess(tx: DbOrTx, e: AccessEntry): Promise<void> {
  await tx.insert(accessLog).values(e);
}

export interface AccessQuery {
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export function searchAccess(db: DbOrTx, q: AccessQuery) {
  const where: SQL[] = [];
  if (q.actor) where.push(eq(accessLog.actor, q.actor));
  if (q.subjectType) where.push(eq(accessLog.subjectType, q.subjectType));
  if (q.subjectId) where.push(eq(accessLog.subjectId, q.subjectId));
  if (q.from) where.push(gte(accessLog.at, q.from));
  if (q.to) where.push(lt(accessLog.at, q.to));
  return db
    .select()
    .from(accessLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(accessLog.id))
    .limit(q.limit);
}
