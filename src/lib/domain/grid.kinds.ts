// The five kinds of grid record (四个实有 + rental housing), their outcomes, and the fields each kind
// asks for. Pure data shared by the filing form, the board and the server's masking.

export const GRID_KINDS = ['population', 'rentalHousing', 'legalEntity', 'facility', 'event'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

/** Open records wait on the board; the others are decided. */
export const OPEN_STATES = ['pending', 'needs_visit'] as const;
export const OUTCOMES = ['verified_new', 'verified_known', 'rejected', 'needs_visit'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type RecordState = (typeof OPEN_STATES)[number] | Exclude<Outcome, 'needs_visit'>;

/** Photos of one record: checked by the server, and by the filing form before anything is sent. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTOS_PER_RECORD = 4;

type L = { zh: string; en: string };

export const kindLabel: Record<GridKind, L> = {
  population: { zh: '实有人口', en: 'Actual population' },
  rentalHousing: { zh: '出租屋', en: 'Rental housing' },
  legalEntity: { zh: '实有法人', en: 'Legal entity' },
  facility: { zh: '实有部件', en: 'City facility' },
  event: { zh: '实有事件', en: 'Event / hazard' }
};

export const stateLabel: Record<RecordState, L> = {
  pending: { zh: '待核查', en: 'Pending' },
  needs_visit: { zh: '需上门', en: 'Needs a visit' },
  verified_new: { zh: '属实·新增', en: 'Verified, new' },
  verified_known: { zh: '属实·已掌握', en: 'Verified, already known' },
  rejected: { zh: '不属实', en: 'Rejected' }
};

/** `personal` fields are masked on the server before they leave it. */
export type Personal = 'name' | 'phone' | 'id';
export interface FieldSpec {
  key: string;
  label: L;
  type: 'text' | 'date' | 'select' | 'tenants';
  required: boolean;
  personal?: Personal;
  options?: { value: string; label: L }[];
}

const opt = (value: string, zh: string, en: string) => ({ value, label: { zh, en } });
const f = (key: string, zh: string, en: string, type: FieldSpec['type'] = 'text', required = true, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label: { zh, en },
  type,
  required,
  ...extra
});

export const KIND_FIELDS: Record<GridKind, FieldSpec[]> = {
  population: [
    f('change', '变动类型', 'Change', 'select', true, { options: [opt('move_in', '迁入', 'Moved in'), opt('move_out', '迁出', 'Moved out'), opt('household_change', '户内变动', 'Household change')] }),
    f('name', '姓名', 'Name', 'text', true, { personal: 'name' }),
    f('idNumber', '身份证号', 'ID number', 'text', true, { personal: 'id' }),
    f('phone', '手机号', 'Mobile', 'text', false, { personal: 'phone' }),
    f('relation', '与户主关系', 'Relation to householder', 'text', false)
  ],
  rentalHousing: [
    f('landlordName', '房东姓名', 'Landlord', 'text', true, { personal: 'name' }),
    f('landlordPhone', '房东手机', 'Landlord mobile', 'text', true, { personal: 'phone' }),
    f('leaseStart', '租期开始', 'Lease start', 'date'),
    f('leaseEnd', '租期结束', 'Lease end', 'date', false),
    f('tenants', '租客', 'Tenants', 'tenants')
  ],
  legalEntity: [
    f('name', '单位名称', 'Name'),
    f('creditCode', '统一社会信用代码', 'Unified credit code'),
    f('category', '类别', 'Category', 'select', true, { options: [opt('business', '企业/个体', 'Business'), opt('organisation', '社会组织/机构', 'Organisation')] }),
    f('status', '情况', 'Status', 'select', true, { options: [opt('opened', '新开业', 'Opened'), opt('changed', '变更', 'Changed'), opt('closed', '已关闭', 'Closed')] }),
    f('contactPhone', '联系电话', 'Contact phone', 'text', false, { personal: 'phone' })
  ],
  facility: [
    f('type', '部件类型', 'Type', 'select', true, { options: [opt('hydrant', '消防栓', 'Hydrant'), opt('lamp', '路灯', 'Street lamp'), opt('manhole', '井盖', 'Manhole cover'), opt('camera', '监控探头', 'Camera'), opt('other', '其他', 'Other')] }),
    f('assetCode', '部件编号', 'Asset code', 'text', false),
    f('location', '位置', 'Location'),
    f('condition', '状况', 'Condition', 'select', true, { options: [opt('ok', '完好', 'Working'), opt('damaged', '损坏', 'Damaged'), opt('missing', '缺失', 'Missing')] })
  ],
  event: [
    f('category', '事件类别', 'Category', 'select', true, { options: [opt('hazard', '安全隐患', 'Hazard'), opt('incident', '突发事件', 'Incident'), opt('dispute', '矛盾纠纷', 'Dispute'), opt('other', '其他', 'Other')] }),
    f('severity', '紧急程度', 'Severity', 'select', true, { options: [opt('low', '一般', 'Low'), opt('medium', '较急', 'Medium'), opt('high', '紧急', 'High')] }),
    f('description', '情况描述', 'Description')
  ]
};

export function isGridKind(k: string): k is GridKind {
  return (GRID_KINDS as readonly string[]).includes(k);
}
