// What a case looks like on the wire: masked by the server (see server/services/case.views.ts).
import type { CaseAction, CaseState, Channel, CollectorRelation } from '../domain/case.machine';

export interface CaseCard {
  id: number;
  caseNo: string;
  pointId: number;
  item: { code: string; zh: string; en: string };
  point: { zh: string; en: string };
  channel: Channel;
  state: CaseState;
  applicant: string;
  phone: string;
  dueAt: string;
  overdue: boolean;
  submittedAt: string;
  updatedAt: string;
  version: number;
  /** when the resident said at the kiosk they will come for it (取件通知) */
  pickupPlannedAt: string | null;
  /** an appointment's or home visit's booked start, on the desk's board while the case waits to be taken in */
  bookedAt: string | null;
}

export interface CaseDetail extends CaseCard {
  idNumber: string;
  address: string | null;
  materialsProvided: string[];
  missing: string[];
  rejectionReason: string | null;
  timeline: { action: string; from: string | null; to: string; by: string; device: string | null; note: string | null; at: string }[];
  /** 重新受理: the refused case this one starts again, and the case that started this one again */
  resubmittedFrom: { id: number; caseNo: string } | null;
  resubmittedAs: { id: number; caseNo: string } | null;
  /** the 临时编号 on the receipt a kiosk printed while offline (20261128-048213), so the desk can match it */
  kioskRef: string | null;
  /** filed by the resident at a lobby kiosk (whatever the way: drop-off, appointment or home visit) */
  filedAtKiosk: boolean;
  /** 代领: who collected it for the applicant (name masked) */
  collector: { name: string; relation: CollectorRelation } | null;
  /** the booked time of an appointment or home visit, and who goes */
  booking: { kind: string; startsAt: string; endsAt: string; assignedTo: string | null } | null;
}

export type CaseDetailWithActions = CaseDetail & { actions: CaseAction[] };
