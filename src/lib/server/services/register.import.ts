// Turning a register file (CSV or XLSX) into register rows: header aliases in Chinese and English,
// kinds by name or label, properties by name within the community, keys as for incoming records.
import type { Label } from '../../domain/case.labels';
import { matchKey, type KeyedHash } from '../../domain/grid.keys';
import { GRID_KINDS, kindLabel, type GridKind } from '../../domain/grid.kinds';
import { KeyIndex } from '../../domain/grid.match';
import { creditCodeProblem, idNumberProblem } from '../../domain/identity';
import { maskName } from '../../domain/mask';
import { labelColumns, type NewKnown } from '../repositories/register.repository';

const HEADERS: Record<string, string[]> = {
  kind: ['kind', '类型', '类别'],
  property: ['property', '小区', '物业', '楼盘'],
  unit: ['unit', '房号', '单元', '地址'],
  idNumber: ['id_number', 'idnumber', '身份证号', '身份证号码'],
  name: ['name', '姓名', '名称', '单位名称'],
  creditCode: ['credit_code', 'creditcode', '统一社会信用代码', '信用代码'],
  type: ['facility_type', 'type', '部件类型'],
  assetCode: ['asset_code', 'assetcode', '部件编号'],
  location: ['location', '位置'],
  category: ['category', '事件类别'],
  observedOn: ['observed_on', 'date', '日期']
};

export interface ImportOutcome {
  rows: number;
  entries: NewKnown[];
  duplicatesInFile: number;
  errors: { line: number; error: string }[];
}

function kindOf(v: string): GridKind | undefined {
  const t = v.trim();
  return GRID_KINDS.find((k) => k.toLowerCase() === t.toLowerCase() || kindLabel[k].zh === t);
}

export interface ImportContext {
  communityId: number;
  batch: string;
  properties: { id: number; nameZh: string; nameEn: string }[];
  hash: KeyedHash;
  now: Date;
}

/** Header row first; returns the rows to insert and why the others were skipped. */
export function registerRows(table: string[][], ctx: ImportContext): ImportOutcome {
  const [head, ...body] = table;
  const errors: ImportOutcome['errors'] = [];
  const col = new Map<string, number>();
  (head ?? []).forEach((h, i) => {
    const n = h.trim().toLowerCase();
    for (const [k, names] of Object.entries(HEADERS)) if (names.includes(n) && !col.has(k)) col.set(k, i);
  });
  if (!col.has('kind')) return { rows: body.length, entries: [], duplicatesInFile: 0, errors: [{ line: 1, error: 'missing column: kind' }] };
  const byName = new Map(ctx.properties.flatMap((p) => [[p.nameZh, p], [p.nameEn.toLowerCase(), p]] as const));
  const seen = new KeyIndex();
  const entries: NewKnown[] = [];
  let duplicatesInFile = 0;
  body.forEach((cells, i) => {
    const line = i + 2;
    const get = (k: string) => (col.has(k) ? String(cells[col.get(k)!] ?? '').trim() : '');
    const kind = kindOf(get('kind'));
    if (!kind) return errors.push({ line, error: 'unknown kind' });
    const prop = byName.get(get('property')) ?? byName.get(get('property').toLowerCase());
    if (!prop && kind !== 'legalEntity') return errors.push({ line, error: 'unknown property' });
    const fields = { idNumber: get('idNumber'), creditCode: get('creditCode'), type: get('type'), assetCode: get('assetCode'), location: get('location'), category: get('category') };
    const need = { population: ['idNumber', 'unit'], rentalHousing: ['unit'], legalEntity: ['creditCode'], facility: ['type'], event: ['category', 'unit', 'observedOn'] }[kind];
    const missing = need.filter((k) => !get(k));
    if (missing.length) return errors.push({ line, error: `missing: ${missing.join(', ')}` });
    const problem = kind === 'population' ? idNumberProblem(fields.idNumber) : kind === 'legalEntity' ? creditCodeProblem(fields.creditCode) : null;
    if (problem) return errors.push({ line, error: `${kind === 'population' ? 'idNumber' : 'creditCode'}: ${problem}` });
    const key = matchKey({ kind, propertyId: prop?.id ?? 0, unit: get('unit'), observedOn: get('observedOn'), fields }, ctx.hash);
    if (!seen.addKnown(key, { id: line, label: '' })) {
      duplicatesInFile++;
      return;
    }
    entries.push({ communityId: ctx.communityId, kind, matchKey: key, ...labelColumns(labelOf(kind, { zh: prop?.nameZh ?? '', en: prop?.nameEn ?? '' }, get)), source: 'import', importBatch: ctx.batch, createdAt: ctx.now });
  });
  return { rows: body.length, entries, duplicatesInFile, errors };
}

/** Masked, like everything else shown: the register keeps no readable identity. */
function labelOf(kind: GridKind, property: Label, get: (k: string) => string): Label {
  const who = kind === 'population' ? maskName(get('name')) : kind === 'legalEntity' ? `${get('name')} ${get('creditCode')}` : '';
  const line = (lang: keyof Label) => [kindLabel[kind][lang], who, property[lang], get('unit') || get('assetCode') || get('location'), get('observedOn')].filter(Boolean).join(' · ');
  return { zh: line('zh'), en: line('en') };
}

/** Cells of a spreadsheet as text: dates as YYYY-MM-DD; numbers as written (a long ID typed as a number is already lost). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
