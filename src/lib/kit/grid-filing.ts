// What the grid filing form says when the server refuses a record or a photo: each problem of the API's
// `details` at the field it names, in the page's language, and a plain reason for each refused photo.
import { KIND_FIELDS, type GridKind } from '$lib/domain/grid.kinds';
import { gridFilingText as ft, gridText, identityProblemText } from '$lib/i18n';
import type { Lang } from '$lib/protocol/errors';

type Detail = { path?: unknown; code?: unknown };

/** 修改后重新上报: what the form is filled with to correct a refused record. */
export interface Correcting {
  recordId: number;
  kind: GridKind;
  propertyId: number;
  unit: string;
  observedOn: string;
  reason: string | null;
  /** the record's fields in full (revealed, and logged, for its own company) */
  fields: Record<string, unknown>;
}

/** The label a detail path names, in the page language (null: not a field of this form). */
function labelOf(lang: Lang, kind: GridKind, path: string): string | null {
  if (path === 'unit') return gridText.unit[lang];
  if (path === 'observedOn') return gridText.observedOn[lang];
  if (path === 'propertyId') return gridText.property[lang];
  if (path === 'fields.tenants') return KIND_FIELDS[kind].find((s) => s.key === 'tenants')?.label[lang] ?? '';
  const m = /^fields\.tenants\.(\d+)\.(name|idNumber)$/.exec(path);
  if (m) return `${ft.tenant[lang]} ${Number(m[1]) + 1} ${(m[2] === 'name' ? ft.tenantName : ft.tenantId)[lang]}`;
  const spec = KIND_FIELDS[kind].find((s) => `fields.${s.key}` === path);
  return spec ? spec.label[lang] : null;
}

/** One problem as a sentence: 身份证号格式不正确 / ID number: invalid format; 必填 / Required. */
function problemText(lang: Lang, path: string, code: string, label: string): string {
  const zh = lang === 'zh';
  if (path === 'fields.tenants' && code === 'too_small') return ft.atLeastOneTenant[lang];
  const inPair = path.startsWith('fields.tenants.');
  if (code === 'invalid_type' || code === 'too_small' || code === 'required') return inPair ? (zh ? `${label}：${ft.required.zh}` : `${label}: required`) : ft.required[lang];
  if (code === 'check_digit' || code === 'birth_date') {
    const said = identityProblemText(lang, path.endsWith('creditCode') ? 'creditCode' : 'idNumber', code);
    return inPair ? `${label}${zh ? '：' : ': '}${said}` : said;
  }
  if (code === 'invalid_format' || code === 'custom') return zh ? `${label}格式不正确` : `${label}: invalid format`;
  if (code === 'too_big') return zh ? `${label}过长` : `${label}: too long`;
  if (code === 'future') return zh ? `${label}不能晚于今天` : `${label}: cannot be after today`;
  if (code === 'before_start') return zh ? `${label}不能早于租期开始` : `${label}: cannot be before the lease start`;
  if (code === 'invalid_value') return zh ? `${label}：请从列表中选择` : `${label}: choose from the list`;
  return zh ? `${label}填写有误` : `${label}: invalid`;
}

/**
 * The refusal's details by field path (`placed`; the first problem of each), and those of no field on the
 * form (`loose`). Blank tenant rows are not sent: `rows[i]` is the row on screen the server's `tenants.i` means.
 */
export function placeProblems(lang: Lang, kind: GridKind, details: unknown, rows: number[]) {
  const placed: Record<string, string> = {};
  const loose: string[] = [];
  for (const d of Array.isArray(details) ? (details as Detail[]) : []) {
    let path = typeof d.path === 'string' ? d.path : '';
    const code = typeof d.code === 'string' ? d.code : '';
    const m = /^fields\.tenants\.(\d+)\.(\w+)$/.exec(path);
    if (m && rows[Number(m[1])] !== undefined) path = `fields.tenants.${rows[Number(m[1])]}.${m[2]}`;
    const label = labelOf(lang, kind, path);
    if (label === null) loose.push(problemText(lang, path, code, path || '?'));
    else placed[path] ??= problemText(lang, path, code, label);
  }
  return { placed, loose };
}

/** Why the server refused a photo, in words. */
export function photoProblem(lang: Lang, status: number, body: { error?: { code?: string; message?: string; details?: Detail[] } } | null): string {
  const code = body?.error?.code;
  const detail = Array.isArray(body?.error?.details) ? String(body.error.details[0]?.code ?? '') : '';
  if (status === 413 || code === 'PAYLOAD_TOO_LARGE') return ft.photoSize[lang];
  if (detail === 'unsupported_image') return ft.photoType[lang];
  if (detail === 'required') return ft.photoEmpty[lang];
  if (detail === 'too_many') return ft.photoCount[lang];
  if (code === 'ILLEGAL_TRANSITION') return ft.photoState[lang];
  return body?.error?.message ?? (status ? `HTTP ${status}` : ft.photoNetwork[lang]);
}

export const photoLine = (lang: Lang, name: string, why: string) => (lang === 'zh' ? `“${name}”：${why}` : `“${name}”: ${why}`);
