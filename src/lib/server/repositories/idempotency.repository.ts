import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { idempotencyKey } from '../db/schema';
import { statement } from '../db/statement';

const $ = sql.placeholder;

export interface KeyRow {
  command: string;
  requestHash: string;
  response: unknown;
}

/** Claims the key inside the caller's transaction; a concurrent claimer blocks until we commit or roll back. */
const claim = statement('idempotency_claim', (db) =>
  db.insert(idempotencyKey).values({ principal: $('principal'), key: $('key'), command: $('command'), requestHash: $('requestHash') }).onConflictDoNothing().returning({ key: idempotencyKey.key })
);
export async function claimKey(tx: DbOrTx, principal: string, key: string, command: string, requestHash: string): Promise<boolean> {
  return (await claim(tx, { principal, key, command, requestHash })).length === 1;
}

export async function findKey(tx: DbOrTx, principal: string, key: string): Promise<KeyRow | undefined> {
  const [row] = await tx
    .select({ command: idempotencyKey.command, requestHash: idempotencyKey.requestHash, response: idempotencyKey.response })
    .from(idempotencyKey)
    .where(and(eq(idempotencyKey.principal, principal), eq(idempotencyKey.key, key)));
  return row;
}

const store = statement('idempotency_store', (db) =>
  db
    .update(idempotencyKey)
    .set({ response: $('response') })
    .where(and(eq(idempotencyKey.principal, $('principal')), eq(idempotencyKey.key, $('key'))))
);
export async function storeResponse(tx: DbOrTx, principal: string, key: string, response: unknown): Promise<void> {
  await store(tx, { principal, key, response });
}
