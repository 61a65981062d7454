// The community's register (已掌握信息): import from CSV or XLSX, counts by kind and source.
import { randomUUID } from 'node:crypto';
import { readSheet } from 'read-excel-file/node';
import { AppError } from '../../protocol/errors';
import { parseCsv } from '../../domain/csv';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import { communityStreet } from '../repositories/org.repository';
import * as grid from '../repositories/grid.repository';
import { insertKnown, registerCounts } from '../repositories/register.repository';
import type { Core } from '../runtime/core';
import { keyedHash, piiKey } from './grid.pii';
import { cellText, registerRows } from './register.import';
import { transact } from './uow';

export const REGISTER_MAX_BYTES = 8 * 1024 * 1024;
const MAX_ROWS = 250_000;
const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function createRegisterService(core: Core) {
  const hash = keyedHash(piiKey(core));

  /** Verifiers import for their community; street users for any community of their street. */
  async function communityFor(p: StaffPrincipal, requested?: number): Promise<number> {
    if (p.role === 'verifier' && p.communityId && (!requested || requested === p.communityId)) return p.communityId;
    if ((p.role === 'street' || p.role === 'admin') && requested && (await communityStreet(core.db, requested)) === p.streetId) return requested;
    throw new AppError(p.role === 'agent' ? 'FORBIDDEN' : 'NOT_FOUND');
  }

  async function table(bytes: Uint8Array): Promise<string[][]> {
    if (XLSX_MAGIC.every((b, i) => bytes[i] === b)) {
      try {
        const rows = await readSheet(Buffer.from(bytes));
        return rows.map((r) => r.map(cellText));
      } catch {
        throw new AppError('VALIDATION', [{ path: 'body', code: 'unreadable_xlsx' }]);
      }
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return parseCsv(text);
  }

  async function importFile(p: StaffPrincipal, bytes: Uint8Array, communityId?: number) {
    if (bytes.byteLength === 0) throw new AppError('VALIDATION', [{ path: 'body', code: 'required' }]);
    if (bytes.byteLength > REGISTER_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    const cid = await communityFor(p, communityId);
    const rows = await table(bytes);
    if (rows.length > MAX_ROWS + 1) throw new AppError('PAYLOAD_TOO_LARGE');
    const properties = await grid.communityProperties(core.db, cid);
    const batch = randomUUID();
    const out = registerRows(rows, { communityId: cid, batch, properties, hash, now: core.now() });
    const added = await transact(core, principalKey(p), (tx) => insertKnown(tx, out.entries));
    core.log.info({ communityId: cid, batch, rows: out.rows, added }, 'register imported');
    return { batch, rows: out.rows, added, alreadyKnown: out.entries.length - added, duplicatesInFile: out.duplicatesInFile, errors: out.errors.slice(0, 50), errorCount: out.errors.length };
  }

  async function counts(p: StaffPrincipal, communityId?: number) {
    return registerCounts(core.db, await communityFor(p, communityId));
  }

  return { importFile, counts };
}

export type RegisterService = ReturnType<typeof createRegisterService>;
