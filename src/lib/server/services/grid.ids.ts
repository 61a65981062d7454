// ID numbers inside grid records' `fields`: stored masked in place, their values encrypted together in
// grid_record.id_cipher as JSON by path ({"idNumber": …} or {"tenants.0.idNumber": …}). Reveal puts them
// back; every other read already showed the mask. Duplicate keys are computed from the input before this
// (an ID number enters a key only as an HMAC, grid.pii.ts).
import { KIND_FIELDS, type GridKind } from '../../domain/grid.kinds';
import { maskIdNumber } from '../../domain/mask';
import type { PiiCipher } from './pii.cipher';

type Fields = Record<string, unknown>;

export const GRID_IDS_PURPOSE = 'grid_record.id_numbers';

/** A value that is still a whole ID number (a masked one has stars). */
const whole = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && !v.includes('*');

/** The fields with their ID numbers masked, and the clear values by path. */
export function splitIds(kind: GridKind, fields: Fields): { fields: Fields; ids: Record<string, string> } {
  const ids: Record<string, string> = {};
  const out: Fields = { ...fields };
  for (const spec of KIND_FIELDS[kind] ?? []) {
    const v = fields[spec.key];
    if (spec.personal === 'id' && whole(v)) {
      ids[spec.key] = v;
      out[spec.key] = maskIdNumber(v);
    } else if (spec.type === 'tenants' && Array.isArray(v)) {
      out[spec.key] = v.map((t: Fields, i: number) => {
        if (!t || typeof t !== 'object' || !whole(t.idNumber)) return t;
        ids[`${spec.key}.${i}.idNumber`] = t.idNumber;
        return { ...t, idNumber: maskIdNumber(t.idNumber) };
      });
    }
  }
  return { fields: out, ids };
}

/** What a record stores: masked fields and one ciphertext (of `{}` when it holds no ID number, so the start-up pass knows it is done). */
export function sealGridFields(cipher: PiiCipher, kind: GridKind, fields: Fields): { fields: Fields; idCipher: string } {
  const s = splitIds(kind, fields);
  return { fields: s.fields, idCipher: cipher.encrypt(JSON.stringify(s.ids), GRID_IDS_PURPOSE) };
}

/** The stored fields with their decrypted ID numbers back in place. */
export function openGridFields(fields: Fields, ids: Record<string, string>): Fields {
  const out: Fields = structuredClone(fields);
  for (const [path, value] of Object.entries(ids)) {
    const [key, i, sub] = path.split('.');
    if (sub === undefined) out[key] = value;
    else {
      const list = out[key];
      if (Array.isArray(list) && list[Number(i)] && typeof list[Number(i)] === 'object') list[Number(i)][sub] = value;
    }
  }
  return out;
}
