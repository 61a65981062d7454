import { describe, expect, it } from 'vitest';
import { eventSummary, stepActor } from '../../src/lib/i18n/event-summary';
import { eventLabel } from '../../src/lib/i18n';
import type { BoardEvent, EventPayloads, EventType } from '../../src/lib/protocol/events';

const ev = <T extends EventType>(type: T, payload: EventPayloads[T]): BoardEvent => ({ seq: 1, at: '2026-11-27T08:00:00Z', type, payload } as BoardEvent);

const samples: BoardEvent[] = [
  ev('case.submitted.v1', { caseId: 1, caseNo: 'D20261127-000001', pointId: 1, itemCode: 'x', channel: 'kiosk', state: 'submitted', applicant: '王*' }),
  ev('case.updated.v1', { caseId: 1, caseNo: 'D20261127-000001', pointId: 1, from: 'in_review', to: 'approved', action: 'approve', by: '李核查' }),
  ev('pickup.ready.v1', { caseId: 1, caseNo: 'D20261127-000001', pointId: 1, applicant: '王*' }),
  ev('pickup.cleared.v1', { caseId: 1, caseNo: 'D20261127-000001', pointId: 1 }),
  ev('kiosk.status.v1', { kioskId: 3, pointId: 1, online: false }),
  ev('board.notice.v1', { text: '今天下午停水', by: '张' }),
  ev('grid.filed.v1', { recordId: 7, kind: 'rentalHousing', propertyId: 1, companyId: 1, duplicate: 'known' }),
  ev('grid.claimed.v1', { subject: 'case', id: 12, holderId: 4, holder: '李核查', expiresAt: null, caseNo: 'D20261127-000012' }),
  ev('grid.decided.v1', { recordId: 7, kind: 'facility', outcome: 'verified_known', by: '李核查', companyId: 1 }),
  ev('association.member.v1', { companyId: 2, role: 'vice_president' }),
  ev('association.meeting.v1', { meetingId: 1, kind: 'joint', heldOn: '2026-11-20', decisions: 3 }),
  ev('survey.answered.v1', { surveyId: 1, channel: 'staff' })
];

describe('eventSummary', () => {
  it('has a sample for every event the feed labels', () => expect(new Set(samples.map((s) => s.type))).toEqual(new Set(Object.keys(eventLabel))));

  it('says every event in Chinese with labels, never the database names', () => {
    const zh = samples.map((e) => eventSummary(e, 'zh'));
    expect(zh).toEqual([
      'D20261127-000001 · 王* · 自助终端',
      'D20261127-000001 · 审核通过 · 李核查',
      'D20261127-000001 · 王*',
      'D20261127-000001',
      '自助机 #3 · 离线',
      '今天下午停水 — 张',
      '出租屋 · #7 · 疑似重复',
      'D20261127-000012 · 认领人 李核查',
      '实有部件 · #7 · 属实·已掌握 · 李核查',
      '企业 #2 · 副会长单位',
      '联席会议 · 2026-11-20 · 3 项决定',
      '窗口录入'
    ]);
    for (const line of zh) expect(line).not.toMatch(/approved|in_review|rentalHousing|verified_known|vice_president|joint|undefined/);
  });

  it('says them in English on the switch, with no Chinese label left', () => {
    for (const e of samples.filter((s) => !['board.notice.v1', 'case.submitted.v1', 'pickup.ready.v1', 'grid.claimed.v1', 'grid.decided.v1', 'case.updated.v1'].includes(s.type)))
      expect(eventSummary(e, 'en')).not.toMatch(/[\u4e00-\u9fff]/);
    expect(eventSummary(samples[1], 'en')).toBe('D20261127-000001 · Approved · 李核查');
    expect(eventSummary(ev('grid.claimed.v1', { subject: 'record', id: 9, holderId: null, holder: null, expiresAt: null }), 'en')).toBe('Grid record #9 · released');
    // A case claim written before claims carried the case number still reads.
    expect(eventSummary(ev('grid.claimed.v1', { subject: 'case', id: 12, holderId: null, holder: null, expiresAt: null }), 'en')).toBe('Case #12 · released');
  });

  it('says a reassignment as the move, not as the stage the case keeps', () => {
    const moved = ev('case.updated.v1', { caseId: 6, caseNo: 'D1', pointId: 2, from: 'in_review', to: 'in_review', action: 'reassign', by: '街道办 李强' });
    expect(eventSummary(moved, 'zh')).toBe('D1 · 改派 · 街道办 李强');
    expect(eventSummary(moved, 'en')).toBe('D1 · Reassign · 街道办 李强');
    // 退回补正 and the desk's 通知补材料 reach the same stage: the community's step is named as such.
    const returned = ev('case.updated.v1', { caseId: 6, caseNo: 'D1', pointId: 2, from: 'in_review', to: 'needs_materials', action: 'return_for_materials', by: '侨香社区核查员 陈静' });
    expect(eventSummary(returned, 'zh')).toBe('D1 · 退回补正 · 侨香社区核查员 陈静');
    const asked = ev('case.updated.v1', { caseId: 6, caseNo: 'D1', pointId: 2, from: 'submitted', to: 'needs_materials', action: 'request_materials', by: '侨香村代办点 张丽' });
    expect(eventSummary(asked, 'zh')).toBe('D1 · 待补材料 · 侨香村代办点 张丽');
    // 材料已补齐 goes back to 已提交: named as the step, not as a second intake.
    const supplied = ev('case.updated.v1', { caseId: 6, caseNo: 'D1', pointId: 2, from: 'needs_materials', to: 'submitted', action: 'supply_materials', by: '侨香村代办点 张丽' });
    expect(eventSummary(supplied, 'zh')).toBe('D1 · 材料已补齐 · 侨香村代办点 张丽');
    // A step a kiosk took names the kiosk in the reader's language, as the case's timeline does.
    const planned = ev('case.updated.v1', { caseId: 7, caseNo: 'D2', pointId: 1, from: 'ready_for_pickup', to: 'ready_for_pickup', action: 'plan_pickup', by: '自助机 #1' });
    expect(eventSummary(planned, 'en')).toMatch(/ · Kiosk #1$/);
    expect(eventSummary(planned, 'zh')).toMatch(/ · 自助机 #1$/);
  });

  it('shows an unknown value as it came rather than nothing', () =>
    expect(eventSummary(ev('case.updated.v1', { caseId: 1, caseNo: 'D1', pointId: 1, from: 'a', to: 'future_state', action: 'future_action', by: 'x' }), 'zh')).toBe('D1 · future_state · x'));
});

describe('stepActor', () => {
  it('names a kiosk in the reader language, a person as stored', () => {
    expect(stepActor({ by: '自助机 #3', device: 'kiosk:3' }, 'en')).toBe('Kiosk #3');
    expect(stepActor({ by: '自助机 #3', device: 'kiosk:3' }, 'zh')).toBe('自助机 #3');
    expect(stepActor({ by: '侨香村代办点 张丽', device: 'desk' }, 'en')).toBe('侨香村代办点 张丽');
    expect(stepActor({ by: '旧记录', device: null }, 'en')).toBe('旧记录');
  });
});
