// Demo data for 一会: three of the four demo companies are members (the first is the president unit,
// the fourth is not a member, as 2 of the real street's 28 are not), two charter versions, a joint
// meeting whose decision names the service item and the agreement it created, and a benchmark visit.
// Every name and text is invented.
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { agreement, company, serviceItem, staffUser, street } from '../db/schema';
import { insertCharter, insertDecision, insertMeeting, insertMember, replaceAttendees } from '../repositories/association.repository';

/** The demo joint meeting's title: tests and the README point at it. */
export const DEMO_MEETING_TITLE = '第六次联席会议（示例）';

const CHARTER_V1 = `# 香蜜湖街道物业服务发展促进会章程（示例）

## 第一章 总则
1. 本会由辖区物业服务企业自愿组成，是政府与企业之间沟通协作的平台。
2. 本会接受街道办事处的指导和监督。

## 第二章 会员
- 辖区内依法登记的物业服务企业，承认本章程，可申请入会。
- 会长单位由会员大会推选服务质量好、社会信誉高的标杆企业担任。`;

const CHARTER_V2 = `${CHARTER_V1}

## 第三章 政务服务代办
1. 会员单位可在物业管理处设立政务服务代办点，承接街道和社区工作站委托的公共服务事项。
2. 可承接的事项由政府、社区和企业在联席会议上共同商定。`;

export async function seedAssociation(tx: DbOrTx, now: Date): Promise<void> {
  const [s] = await tx.select().from(street).orderBy(asc(street.id)).limit(1);
  const cos = await tx.select().from(company).where(eq(company.streetId, s.id)).orderBy(asc(company.id));
  const [by] = await tx.select().from(staffUser).where(eq(staffUser.username, 'street'));
  const staff = await tx.select().from(staffUser).where(eq(staffUser.streetId, s.id)).orderBy(asc(staffUser.id));
  const [item] = await tx.select().from(serviceItem).where(eq(serviceItem.code, 'senior-card'));
  const [whole] = await tx.select().from(agreement).where(eq(agreement.kind, 'whole')).orderBy(asc(agreement.id)).limit(1);

  const roles = ['president', 'vice_president', 'member'] as const;
  const since = ['2014-06-01', '2014-06-01', '2016-03-15'];
  for (let i = 0; i < Math.min(3, cos.length); i++)
    await insertMember(tx, { streetId: s.id, companyId: cos[i].id, role: roles[i], memberSince: since[i], createdBy: by.id, updatedAt: now });

  await insertCharter(tx, { streetId: s.id, version: 1, title: '促进会章程（示例）', body: CHARTER_V1, adoptedOn: '2014-06-01', createdBy: by.id, createdAt: now });
  await insertCharter(tx, { streetId: s.id, version: 2, title: '促进会章程（2023年修订，示例）', body: CHARTER_V2, adoptedOn: '2023-03-20', createdBy: by.id, createdAt: now });

  const joint = await insertMeeting(tx, {
    streetId: s.id,
    kind: 'joint',
    heldOn: '2025-12-18',
    title: DEMO_MEETING_TITLE,
    place: '香蜜湖街道办事处 3楼会议室',
    agenda: '1. 通报代办点运行情况\n2. 商定新增可代办事项\n3. 侨香社区整体委托续签',
    minutes: '与会各方通报了各代办点本季度办件量。经讨论，同意将敬老优待证纳入代办事项，并由会长单位承接侨香社区工作站服务整体委托。',
    guests: ['侨香社区居委会 主任（示例）'],
    createdBy: by.id,
    createdAt: now,
    updatedAt: now
  });
  await replaceAttendees(tx, joint.id, cos.slice(0, 3).map((c) => c.id), staff.filter((u) => u.role === 'street' || u.role === 'admin').map((u) => u.id));
  await insertDecision(tx, { meetingId: joint.id, position: 1, text: '将“敬老优待证”纳入物业代办事项，可上门办理。', createdBy: by.id, createdAt: now }, { serviceItemIds: item ? [item.id] : [], agreementIds: [] });
  await insertDecision(tx, { meetingId: joint.id, position: 2, text: '由会长单位承接侨香社区工作站服务整体委托。', createdBy: by.id, createdAt: now }, { serviceItemIds: [], agreementIds: whole ? [whole.id] : [] });

  const visit = await insertMeeting(tx, {
    streetId: s.id,
    kind: 'benchmark',
    heldOn: '2025-10-09',
    title: '标杆小区观摩学习（示例）',
    place: '侨香村 物业管理处',
    agenda: '参观会长单位代办点，学习资料收取、送审、领回、送达流程。',
    minutes: '',
    guests: [],
    createdBy: by.id,
    createdAt: now,
    updatedAt: now
  });
  await replaceAttendees(tx, visit.id, cos.slice(0, 3).map((c) => c.id), []);
}
