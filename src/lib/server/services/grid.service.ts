// Filing grid records (company staff at the desk or on a phone) and attaching their photos.
// Each filing gets its duplicate key and match in the same transaction as the row and its event.
import { createHash } from 'node:crypto';
import { AppError } from '../../protocol/errors';
import type { GridMatch } from '../../protocol/grid';
import { matchKey } from '../../domain/grid.keys';
import { PHOTO_MAX_BYTES, PHOTOS_PER_RECORD, type GridKind } from '../../domain/grid.kinds';
import { sniffImage } from '../../domain/photo';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import type { DbOrTx, Tx } from '../db/client';
import * as grid from '../repositories/grid.repository';
import { findKnown } from '../repositories/register.repository';
import type { Core } from '../runtime/core';
import { dropEmpty, FileInput } from './grid.inputs';
import { shanghaiDateKey } from '../../domain/sla';
import { keyedHash, piiKey } from './grid.pii';
import { sealGridFields } from './grid.ids';
import { pendingLabel } from './grid.views';
import { piiCipher } from './pii.cipher';
import { requireCertified } from './training.service';
import { command } from './uow';
import { rollGridFiled } from './rollup';

export interface Filed {
  recordId: number;
  kind: GridKind;
  state: string;
  duplicate: GridMatch | null;
}

/** The rooms a record's events go to: its street, its community and the desks in its property. */
export async function recordScopes(db: DbOrTx, r: { propertyId: number; communityId: number }, streetId: number): Promise<string[]> {
  const points = await grid.pointsOfProperty(db, r.propertyId);
  return [`street:${streetId}`, `community:${r.communityId}`, ...points.map((p) => `point:${p}`)];
}

/**
 * Dates that cannot be true: something seen after today (in China), a lease that ends before it starts. The
 * community would refuse the record, and the company's accuracy grade would carry it.
 */
function datesProblems(input: FileInput, today: string): { path: string; code: string }[] {
  const out: { path: string; code: string }[] = [];
  if (input.observedOn > today) out.push({ path: 'observedOn', code: 'future' });
  if (input.kind === 'rentalHousing') {
    const f = input.fields;
    if (f.leaseEnd && f.leaseEnd < f.leaseStart) out.push({ path: 'fields.leaseEnd', code: 'before_start' });
  }
  return out;
}

/** A correction files anew what the community refused: the company's own refused record, of its kind, once. */
async function mayRefile(tx: Tx, p: StaffPrincipal, input: FileInput) {
  const old = await grid.findRecord(tx, input.resubmits!);
  if (!old || old.r.companyId !== p.companyId) throw new AppError('NOT_FOUND');
  if (old.r.state !== 'rejected' || old.r.kind !== input.kind) throw new AppError('ILLEGAL_TRANSITION', { reason: 'not_refused' });
  if (await grid.refiledAs(tx, old.r.id)) throw new AppError('ILLEGAL_TRANSITION', { reason: 'record_refiled' });
}

export function createGridService(core: Core) {
  const hash = keyedHash(piiKey(core));

  async function requireFiler(p: StaffPrincipal) {
    if (p.role !== 'agent' || !p.companyId) throw new AppError('FORBIDDEN');
    // Records carry residents' identities: the same training and pledge as proxy cases.
    await requireCertified(core.db, p.userId, core.now());
  }

  async function file(p: StaffPrincipal, displayName: string, key: string, raw: unknown): Promise<{ result: Filed; replayed: boolean }> {
    const input = FileInput.parse(dropEmpty(raw));
    const dates = datesProblems(input, shanghaiDateKey(core.now()));
    if (dates.length) throw new AppError('VALIDATION', dates);
    await requireFiler(p);
    return command(core, { principal: principalKey(p), key, name: 'grid.file', input }, async (tx, emit) => {
      const props = await grid.companyProperties(tx, p.companyId!);
      const prop = props.find((x) => x.id === input.propertyId);
      // A property the company does not run does not exist for its staff.
      if (!prop || prop.streetId !== p.streetId) throw new AppError('NOT_FOUND');
      if (input.resubmits !== undefined) await mayRefile(tx, p, input);
      const k = matchKey({ kind: input.kind, propertyId: prop.id, unit: input.unit, observedOn: input.observedOn, fields: input.fields }, hash);
      const known = await findKnown(tx, prop.communityId, input.kind, k);
      const pending = known ? null : await grid.pendingDuplicate(tx, prop.communityId, input.kind, k, null);
      const row = await grid.insertRecord(tx, {
        communityId: prop.communityId,
        propertyId: prop.id,
        companyId: p.companyId!,
        kind: input.kind,
        unit: input.unit,
        // ID numbers stored masked, their values encrypted (grid.ids.ts); the key above was made from the input.
        ...sealGridFields(piiCipher(core), input.kind, input.fields),
        matchKey: k,
        observedOn: input.observedOn,
        resubmittedFrom: input.resubmits ?? null,
        filedBy: p.userId,
        filedByName: displayName,
        filedAt: core.now()
      });
      await rollGridFiled(tx, row, row.filedAt);
      const duplicate = known ? { source: 'known' as const, ...known } : pending ? { source: 'pending' as const, id: pending, label: pendingLabel(pending) } : null;
      emit('grid.filed.v1', await recordScopes(tx, row, prop.streetId), {
        recordId: row.id,
        kind: row.kind,
        propertyId: row.propertyId,
        companyId: row.companyId,
        duplicate: duplicate?.source ?? null
      });
      return { recordId: row.id, kind: input.kind, state: row.state, duplicate };
    });
  }

  /** A photo of an open record, by its filing company. Typed by its bytes; size and count bounded. */
  async function addPhoto(p: StaffPrincipal, recordId: number, key: string, bytes: Uint8Array): Promise<{ result: { photoId: number; contentType: string; size: number }; replayed: boolean }> {
    await requireFiler(p);
    if (bytes.byteLength === 0) throw new AppError('VALIDATION', [{ path: 'body', code: 'required' }]);
    if (bytes.byteLength > PHOTO_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    const contentType = sniffImage(bytes);
    if (!contentType) throw new AppError('VALIDATION', [{ path: 'body', code: 'unsupported_image' }]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return command(core, { principal: principalKey(p), key, name: 'grid.photo', input: { recordId, sha256 } }, async (tx) => {
      const found = await grid.findRecord(tx, recordId, true);
      if (!found || found.r.companyId !== p.companyId) throw new AppError('NOT_FOUND');
      if (found.r.state !== 'pending' && found.r.state !== 'needs_visit') throw new AppError('ILLEGAL_TRANSITION');
      if ((await grid.photosOf(tx, recordId)).length >= PHOTOS_PER_RECORD) throw new AppError('VALIDATION', [{ path: 'photos', code: 'too_many' }]);
      const { id } = await grid.insertPhoto(tx, { recordId, contentType, size: bytes.byteLength, sha256, bytes, createdBy: p.userId, createdAt: core.now() });
      return { photoId: id, contentType, size: bytes.byteLength };
    });
  }

  /** Properties this agent may file for (the filing form's options). */
  async function filingProperties(p: StaffPrincipal) {
    if (p.role !== 'agent' || !p.companyId) throw new AppError('FORBIDDEN');
    return (await grid.companyProperties(core.db, p.companyId)).filter((x) => x.streetId === p.streetId).map((x) => ({ id: x.id, name: { zh: x.nameZh, en: x.nameEn } }));
  }

  return { file, addPhoto, filingProperties };
}

export type GridService = ReturnType<typeof createGridService>;
