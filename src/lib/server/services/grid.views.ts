// What a grid record looks like when it leaves the server. Personal fields are masked here, always;
// the only unmasked path is GridQueries.reveal, which writes the access log first.
import { KIND_FIELDS, kindLabel, type FieldSpec, type GridKind, type RecordState } from '../../domain/grid.kinds';
import { maskIdNumber, maskName, maskPhone } from '../../domain/mask';
import type { GridCard, GridDetail, GridMatch, Holder } from '../../protocol/grid';
import type { BoardRow, PhotoRow, RecordWithPlace } from '../repositories/grid.repository';

type L = { zh: string; en: string };
type Fields = Record<string, unknown>;

const MASK = { name: maskName, phone: maskPhone, id: maskIdNumber } as const;

function maskValue(spec: FieldSpec | undefined, v: unknown): unknown {
  if (spec?.type === 'tenants' && Array.isArray(v)) return v.map((t: Fields) => ({ name: maskName(String(t.name ?? '')), idNumber: maskIdNumber(String(t.idNumber ?? '')) }));
  if (spec?.personal && typeof v === 'string') return MASK[spec.personal](v);
  return v;
}

export function maskFields(kind: GridKind, fields: Fields): Fields {
  const specs = new Map(KIND_FIELDS[kind].map((s) => [s.key, s]));
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, maskValue(specs.get(k), v)]));
}

function optionLabel(kind: GridKind, key: string, value: unknown): L {
  const o = KIND_FIELDS[kind].find((s) => s.key === key)?.options?.find((x) => x.value === value);
  return o?.label ?? { zh: String(value ?? ''), en: String(value ?? '') };
}

const clip = (s: unknown, n = 30) => {
  const cs = Array.from(String(s ?? ''));
  return cs.length > n ? `${cs.slice(0, n).join('')}…` : cs.join('');
};

/** One masked line that tells records apart on the board. */
export function summaryOf(kind: GridKind, f: Fields): L {
  const both = (a: L, rest: string): L => ({ zh: `${a.zh} · ${rest}`, en: `${a.en} · ${rest}` });
  switch (kind) {
    case 'population':
      return both(optionLabel(kind, 'change', f.change), maskName(String(f.name ?? '')));
    case 'rentalHousing': {
      const n = Array.isArray(f.tenants) ? f.tenants.length : 0;
      return { zh: `房东 ${maskName(String(f.landlordName ?? ''))} · 租客 ${n} 人`, en: `Landlord ${maskName(String(f.landlordName ?? ''))} · ${n} ${n === 1 ? 'tenant' : 'tenants'}` };
    }
    case 'legalEntity':
      return both(optionLabel(kind, 'status', f.status), `${clip(f.name)} ${String(f.creditCode ?? '')}`);
    case 'facility': {
      const [type, condition] = [optionLabel(kind, 'type', f.type), optionLabel(kind, 'condition', f.condition)];
      const where = clip(f.assetCode || f.location);
      return { zh: `${type.zh} · ${condition.zh} ${where}`, en: `${type.en} · ${condition.en} ${where}` };
    }
    case 'event':
      return both(optionLabel(kind, 'category', f.category), clip(f.description));
  }
}

/** The register's label for a verified record: masked, so the register holds no readable identity. */
export function knownLabel(kind: GridKind, property: L, unit: string, f: Fields): L {
  const summary = summaryOf(kind, f);
  const line = (l: keyof L) => `${kindLabel[kind][l]} · ${summary[l]} · ${property[l]} ${unit}`;
  return { zh: line('zh'), en: line('en') };
}

/** A pending record stands for itself by its number. */
export const pendingLabel = (id: number): L => ({ zh: `#${id}`, en: `#${id}` });

function holderOf(row: Pick<BoardRow, 'holderId' | 'holderName' | 'claimExpiresAt'>): Holder | null {
  return row.holderId && row.holderName && row.claimExpiresAt ? { userId: row.holderId, name: row.holderName, expiresAt: row.claimExpiresAt.toISOString() } : null;
}

function base(x: RecordWithPlace): Omit<GridCard, 'holder' | 'match' | 'photos'> {
  const r = x.r;
  const kind = r.kind as GridKind;
  return {
    id: r.id,
    kind,
    state: r.state as RecordState,
    propertyId: r.propertyId,
    property: { zh: x.propertyNameZh, en: x.propertyNameEn },
    companyId: r.companyId,
    company: { zh: x.companyNameZh, en: x.companyNameEn },
    unit: r.unit,
    observedOn: String(r.observedOn),
    filedAt: r.filedAt.toISOString(),
    filedBy: r.filedByName,
    summary: summaryOf(kind, r.fields),
    version: r.version
  };
}

export function toCard(row: BoardRow): GridCard {
  const match: GridMatch | null = row.knownMatch
    ? { source: 'known', id: row.knownMatch.id, label: row.knownMatch.label }
    : row.pendingMatch
      ? { source: 'pending', id: row.pendingMatch, label: pendingLabel(row.pendingMatch) }
      : null;
  return { ...base(row), holder: holderOf(row), match, photos: row.photoCount };
}

export function toDetail(x: RecordWithPlace, extra: { holder: Holder | null; match: GridMatch | null; photos: Pick<PhotoRow, 'id' | 'contentType' | 'size'>[] }): GridDetail {
  const r = x.r;
  return {
    ...base(x),
    holder: extra.holder,
    match: extra.match,
    photos: extra.photos.length,
    photoList: extra.photos.map((p) => ({ id: p.id, contentType: p.contentType, size: p.size })),
    fields: maskFields(r.kind as GridKind, r.fields),
    reason: r.reason,
    decidedBy: r.decidedByName,
    decidedAt: r.decidedAt?.toISOString() ?? null
  };
}

