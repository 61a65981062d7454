// What grid records look like on the wire: masked by the server (server/services/grid.views.ts).
import type { CaseCard } from './cases';
import type { GridKind, RecordState } from '../domain/grid.kinds';

type L = { zh: string; en: string };

export interface Holder {
  userId: number;
  name: string;
  expiresAt: string;
}

export interface GridMatch {
  source: 'known' | 'pending';
  id: number;
  label: { zh: string; en: string };
}

export interface GridCard {
  id: number;
  kind: GridKind;
  state: RecordState;
  propertyId: number;
  property: L;
  companyId: number;
  company: L;
  unit: string;
  observedOn: string;
  filedAt: string;
  filedBy: string;
  summary: L;
  holder: Holder | null;
  match: GridMatch | null;
  photos: number;
  version: number;
}

/** A desk's own filing, with the community's reason when it was found untrue. */
export interface MineCard extends GridCard {
  reason: string | null;
  /** 修改后重新上报: the refused record this one corrects, and the record that corrected this one */
  refiles: number | null;
  refiledAs: number | null;
}

export interface GridDetail extends GridCard {
  /** per-kind fields, personal ones masked */
  fields: Record<string, unknown>;
  photoList: { id: number; contentType: string; size: number }[];
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface ReviewCase extends CaseCard {
  holder: Holder | null;
}

export interface BoardFilters {
  kinds: GridKind[];
  properties: { id: number; name: L; companyId: number }[];
  companies: { id: number; name: L }[];
}

export interface VerifyBoardData {
  records: GridCard[];
  /** open records matching the filter; `records` holds the oldest of them */
  total: number;
  cases: ReviewCase[];
  filters: BoardFilters;
  claimTtlMs: number;
}
