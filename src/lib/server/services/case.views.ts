// What a case looks like when it leaves the server. Personal data is masked here, always; the only
// unmasked path is CaseQueries.reveal, which writes the access log first.
import { maskIdNumber, maskName, maskPhone } from '../../domain/mask';
import { isOverdue } from '../../domain/sla';
import { refOf } from '../../domain/case-no';
import type { CaseState, Channel, CollectorRelation } from '../../domain/case.machine';
import type { CaseCard, CaseDetail } from '../../protocol/cases';

export type { CaseCard, CaseDetail };
import type { CaseWithPlace, TransitionRow } from '../repositories/case.repository';

export function toCard(r: CaseWithPlace, now: Date): CaseCard {
  const c = r.c;
  return {
    id: c.id,
    caseNo: c.caseNo,
    pointId: c.pointId,
    item: { code: r.itemCode, zh: r.itemNameZh, en: r.itemNameEn },
    point: { zh: r.pointNameZh, en: r.pointNameEn },
    channel: c.channel as Channel,
    state: c.state as CaseState,
    applicant: maskName(c.applicantName),
    phone: maskPhone(c.applicantPhone),
    dueAt: c.dueAt.toISOString(),
    overdue: isOverdue(c.dueAt, c.state as CaseState, now),
    submittedAt: c.submittedAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
    pickupPlannedAt: c.state === 'ready_for_pickup' ? (c.pickupPlannedAt?.toISOString() ?? null) : null,
    bookedAt: null
  };
}

export function toDetail(r: CaseWithPlace, steps: TransitionRow[], links: Pick<CaseDetail, 'resubmittedFrom' | 'resubmittedAs' | 'booking'>, now: Date): CaseDetail {
  const c = r.c;
  return {
    ...toCard(r, now),
    ...links,
    idNumber: c.applicantIdMasked ?? maskIdNumber(c.applicantIdNumber),
    address: c.address ? maskAddress(c.address) : null,
    materialsProvided: c.materialsProvided,
    missing: c.missing,
    rejectionReason: c.rejectionReason,
    kioskRef: c.kioskRef ? refOf(c.kioskRef) : null,
    filedAtKiosk: c.kioskId !== null,
    collector: c.collectorName ? { name: maskName(c.collectorName), relation: c.collectorRelation as CollectorRelation } : null,
    timeline: steps.map((s) => ({ action: s.action, from: s.fromState, to: s.toState, by: s.actorName, device: s.device, note: s.note, at: s.at.toISOString() }))
  };
}

/** Keeps the building, hides the door: "香榭里花园 3栋 1201" → "香榭里花园 3栋 ****". */
function maskAddress(a: string): string {
  const cs = Array.from(a);
  return cs.length <= 4 ? '****' : cs.slice(0, Math.ceil(cs.length / 2)).join('') + '****';
}
