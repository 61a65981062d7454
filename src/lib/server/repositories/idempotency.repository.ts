import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { idempotencyKey } from '../db/schema';

export interface KeyRow {
  command: string;
  requestHash: string;
  response: unknown;
}

/** Claims the key inside the caller's transaction; a concurrent claimer blocks until we commit or roll back. */
export async function claimKey(tx: DbOrTx, principal: string, key: string, command: string, requestHash: string): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKey)
    .values({ principal, key, command, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKey.key });
  return rows.length === 1;
}

export async function findKey(tx: DbOrTx, principal: string, key: string): Promise<KeyRow | undefined> {
  const [row] = await tx
    .select({ command: idempotencyKey.command, requestHash: idempotencyKey.requestHash, response: idempotencyKey.response })
    .from(idempotencyKey)
    .where(and(eq(idempotencyKey.principal, principal), eq(idempotencyKey.key, key)));
  return row;
}

export async function storeResponse(tx: DbOrTx, principal: string, key: string, response: unknown): Promise<void> {
  await tx
    .update(idempotencyKey)
    .set({ response: response as object })
    .where(and(eq(idempotencyKey.principal, principal), eq(idempotencyKey.key, key)));
}
