// Labels shown to people: Chinese first, English for the language switch.
import type { CaseAction, CaseState, Channel, CollectorRelation } from './case.machine';

export interface Label {
  zh: string;
  en: string;
}

export const caseStateLabel: Record<CaseState, Label> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  needs_materials: { zh: '待补材料', en: 'Needs materials' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_review: { zh: '送审中', en: 'In review' },
  approved: { zh: '审核通过', en: 'Approved' },
  rejected: { zh: '未通过', en: 'Rejected' },
  returned: { zh: '已领回', en: 'Certificate back at the point' },
  ready_for_pickup: { zh: '待取件', en: 'Ready for pickup' },
  delivered: { zh: '已送达', en: 'Delivered' },
  cancelled: { zh: '已撤销', en: 'Cancelled' }
};

export const caseActionLabel: Record<CaseAction, Label> = {
  accept: { zh: '受理', en: 'Accept' },
  request_materials: { zh: '通知补材料', en: 'Request materials' },
  supply_materials: { zh: '材料已补齐', en: 'Materials supplied' },
  send_for_review: { zh: '送审', en: 'Send for review' },
  approve: { zh: '审核通过', en: 'Approve' },
  return_for_materials: { zh: '退回补正', en: 'Return for materials' },
  reject: { zh: '审核不通过', en: 'Reject' },
  record_return: { zh: '登记领回', en: 'Record return' },
  issue_pickup: { zh: '发取件通知', en: 'Issue pickup notice' },
  deliver: { zh: '确认送达', en: 'Confirm delivery' },
  cancel: { zh: '撤销', en: 'Cancel' },
  reassign: { zh: '改派', en: 'Reassign' },
  resubmit: { zh: '重新受理', en: 'Start again as a new case' }
};

/**
 * Steps whose name says more than the state they lead to: 改派 and 重新受理 keep the stage, 退回补正 reaches the
 * same 待补材料 as the desk's own 通知补材料, and 材料已补齐 goes back to 已提交, which would read as a second
 * intake. Feeds and timelines name the step for these, the state otherwise.
 */
const NAMED_STEPS: readonly string[] = ['reassign', 'resubmit', 'return_for_materials', 'supply_materials'];
export function stepLabel(action: string, to: string): Label | undefined {
  if (NAMED_STEPS.includes(action)) return caseActionLabel[action as CaseAction];
  if (action === 'plan_pickup') return PLAN_PICKUP;
  return caseStateLabel[to as CaseState];
}
/** Not a move of the case: the resident told the kiosk when they will come for it. */
const PLAN_PICKUP: Label = { zh: '居民约定取件时间', en: 'Resident chose a pickup time' };

export const channelLabel: Record<Channel, Label> = {
  kiosk: { zh: '自助终端', en: 'Kiosk' },
  desk: { zh: '窗口受理', en: 'Desk' },
  appointment: { zh: '预约服务', en: 'Appointment' },
  home_visit: { zh: '上门服务', en: 'Home visit' }
};

export const collectorRelationLabel: Record<CollectorRelation, Label> = {
  spouse: { zh: '配偶', en: 'Spouse' },
  child: { zh: '子女', en: 'Child' },
  parent: { zh: '父母', en: 'Parent' },
  relative: { zh: '其他亲属', en: 'Other relative' },
  other: { zh: '其他受托人', en: 'Other authorised person' }
};
