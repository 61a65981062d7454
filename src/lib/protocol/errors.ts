// One list of error codes for every door (HTTP, socket acks, Yjs close reasons).
// Messages are written for people: Chinese first, English beside it.

export const ErrorCodes = {
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'The request is malformed' },
  VALIDATION: { status: 400, zh: '填写的内容有误', en: 'Some fields are invalid' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'The request is too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  BAD_CREDENTIALS: { status: 401, zh: '用户名或密码不正确', en: 'Wrong username or password' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  DEVICE_REVOKED: { status: 401, zh: '此设备已被停用', en: 'This device has been revoked' },
  PAIRING_INVALID: { status: 400, zh: '配对码无效或已过期', en: 'The pairing code is invalid or expired' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  BAD_ORIGIN: { status: 403, zh: '请求来源不被允许', en: 'Cross-origin request refused' },
  NOT_CERTIFIED: { status: 403, zh: '培训考核未通过或已过期，暂不能办理', en: 'Your training certification is missing or expired' },
  PLEDGE_MISSING: { status: 403, zh: '尚未签署保密承诺书，暂不能办理', en: 'You have not signed the confidentiality pledge' },
  NOT_FOUND: { status: 404, zh: '找不到该记录', en: 'Not found' },
  ILLEGAL_TRANSITION: { status: 409, zh: '当前状态下不能执行此操作', en: 'This action is not allowed in the current state' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新', en: 'The record was changed by someone else' },
  IDEMPOTENCY_CONFLICT: { status: 409, zh: '同一请求编号对应了不同的内容', en: 'This idempotency key was used with a different request' },
  CAPACITY_FULL: { status: 409, zh: '该时段已约满', en: 'This slot is fully booked' },
  PRESIDENT_TAKEN: { status: 409, zh: '促进会已有会长单位；如需更换，请选择“移交会长单位”', en: 'The association already has a president unit; choose “hand over” to replace it' },
  ALREADY_MEMBER: { status: 409, zh: '该企业已是促进会会员', en: 'This company is already a member of the association' },
  SURVEY_CLOSED: { status: 409, zh: '该调查未开放，暂不能作答', en: 'This survey is not open for answers' },
  SURVEY_ANSWERED: { status: 409, zh: '调查已开放或已有答卷，不能修改题目；请复制为新问卷', en: 'The survey is open or has answers; its questions cannot change. Copy it as a new survey' },
  RATE_LIMITED: { status: 429, zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; please try again later' },
  PROTOCOL_TOO_OLD: { status: 426, zh: '页面版本过旧，请刷新', en: 'This page is out of date; please reload' },
  UNAVAILABLE: { status: 503, zh: '服务暂时不可用，请稍后再试', en: 'The service is temporarily unavailable' },
  KEY_UNAVAILABLE: { status: 503, zh: '个人信息解密密钥不可用，请联系系统管理员', en: 'The key for personal data is unavailable; contact the system administrator' },
  INTERNAL: { status: 500, zh: '系统出错，请稍后再试', en: 'Something went wrong; please try again' }
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export type Lang = 'zh' | 'en';

/** Refusals whose reason deserves its own sentence rather than the code's general one. */
const REASON_TEXT: Record<string, { zh: string; en: string }> = {
  claim_required: { zh: '请先认领此项，再作决定', en: 'Claim this item before deciding it' },
  held_by_other: { zh: '此项已由其他核验员认领', en: 'Another verifier holds the claim on this item' },
  empty_sample: { zh: '该考核期间内没有该企业的记录，抽不到样本，无法考核；请换一个考核期间', en: 'The company has no records in this period: there is nothing to sample or grade. Choose another period' },
  already_known: { zh: '社区已掌握此信息（与已登记的记录相同），请选择“属实·已掌握”', en: 'The community already has this (it matches a registered record): choose “True, known”' },
  period_overlaps: { zh: '该协议在这段期间已有考核（期间有重叠）：同一天的工作只考核、拨付一次', en: 'This agreement already has an assessment covering part of this period: each day is assessed and paid for once' },
  point_exists: { zh: '该物业项目已开设代办点', en: 'This property already has its agent point' },
  president_needed: { zh: '会长单位不能直接改为其他职务：请把另一家会员单位设为会长单位，并勾选“移交会长单位”', en: 'The president unit cannot simply step down: make another member the president unit and tick “hand over”' },
  reassign_in_review: { zh: '送审中的办件在社区工作站审核，不能改派：请待社区作出决定后再改派', en: 'A case in review is with the community workstation and cannot be reassigned: wait for its decision' },
  already_resubmitted: { zh: '此件已重新受理过，请打开新的办件继续办理', en: 'This case was already started again: continue with the new case' },
  item_inactive: { zh: '该事项已停办，不能重新受理', en: 'This service item has been switched off, so the case cannot be started again' },
  case_anonymised: { zh: '此件的个人信息已按保存期限清除，请按新申请受理', en: 'This case’s personal data was removed at the end of its retention period: take a new application' },
  credit_code_taken: { zh: '该统一社会信用代码已登记过：这家企业已在本街道，新增物业项目时可直接选择它', en: 'A company with this credit code is already registered in this street: choose it when adding a property' },
  property_exists: { zh: '该社区已有同名物业项目', en: 'This community already has a property of that name' },
  username_taken: { zh: '该登录名已被使用，请换一个', en: 'This username is taken: choose another' },
  statement_exists: { zh: '该企业本月的补贴结算单已审批，不能重新生成；请在下方列表中查看', en: 'This company’s subsidy statement for the month is approved and cannot be prepared again: see the list below' },
  nothing_to_state: { zh: '该企业这个月没有办结入账的代办件，无需生成结算单', en: 'This company has no delivered case booked in this month: there is nothing to state' },
  display_read_only: { zh: '这是大屏显示的只读登录，不能操作；请退出后用本人账号重新登录', en: 'This is a wall screen’s read-only sign-in: nothing can be changed from it. Sign out and sign in again to work' },
  slot_past: { zh: '该时段已经过去，请另选时间', en: 'This slot has already begun; choose another time' },
  slot_kind: { zh: '该时段不是所选办理方式的时段（窗口预约或上门服务），请另选', en: 'This slot is not for the chosen way (desk appointment or home visit); choose another' },
  month_not_over: { zh: '本月尚未结束，月末之后才能审批本月结算单（之后办结的代办件也要计入本月）', en: 'The month is not over: its statement can be approved after the month ends (cases delivered until then belong to it)' },
  statement_stale: { zh: '结算单生成后台账又有变动（新办结入账或冲正），金额已不是最新：请先重新生成，再审批', en: 'The ledger changed after this statement was prepared (a case booked or an entry reversed), so its total is out of date: prepare it again, then approve' },
  item_code_taken: { zh: '该编码已被其他事项使用，请换一个编码', en: 'Another item already uses this code: choose another' },
  not_refused: { zh: '只有社区核查为不属实的记录才能修改后重新上报', en: 'Only a record the community found untrue can be corrected and filed again' },
  record_refiled: { zh: '这条记录已经修改后重新上报过，请看新的记录', en: 'This record was already corrected and filed again: see the new one' },
  not_whole: { zh: '只有整体委托协议有居委会监督链接', en: 'Only a whole entrustment has a residents’ committee link' },
  slot_exists: { zh: '这个时段已经开放过了（同一类型、同一时间），无需重复开放', en: 'This slot is already open (same kind and times)' },
  agreement_exists: { zh: '已有同一企业、同名、同一开始日期的协议，未重复新增', en: 'This agreement (same company, title and start) already exists; it was not added again' },
  unverified_records: { zh: '该期间还有记录待社区核查：覆盖率只计核查属实的记录，请核查完毕后再评定', en: 'Records of the period still await the community’s verification: coverage counts verified records only, so grade once they are decided' },
  unchecked_samples: { zh: '还有样本未填写抽检结果，全部抽检后才能评定', en: 'Some sampled records have no field result yet; check them all before grading' }
};

export function errorBody(code: ErrorCode, lang: Lang = 'zh', details?: unknown): ErrorBody {
  const reason = (details as { reason?: unknown } | undefined)?.reason;
  const e = (typeof reason === 'string' && Object.hasOwn(REASON_TEXT, reason) ? REASON_TEXT[reason] : undefined) ?? ErrorCodes[code];
  return { error: { code, message: lang === 'en' ? e.en : e.zh, ...(details === undefined ? {} : { details }) } };
}

const APP_ERROR = Symbol.for('doorstep.AppError');

/**
 * Thrown by services; mapped by every door to its own wire format. SvelteKit's bundle has its own copy
 * of this class, so `instanceof` goes by a well-known symbol rather than by class identity.
 */
export class AppError extends Error {
  readonly [APP_ERROR] = true;

  static [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[APP_ERROR] === true;
  }

  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown
  ) {
    super(code);
    this.name = 'AppError';
  }
  get status(): number {
    return ErrorCodes[this.code].status;
  }
}

export type Ack<T> = { data: T } | ErrorBody;
