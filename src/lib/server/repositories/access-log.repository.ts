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
