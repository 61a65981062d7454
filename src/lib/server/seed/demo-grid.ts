// Demo data for 一网: a few known register entries and open records in 侨香社区, incentive rates for
// this month, the default grading rules, and one agreement of each kind. 侨香村's company holds the
// community's whole entrustment (its records are paid through the assessment); 侨城豪苑's company is
// entrusted in its home community 香蜜 and only participates in 侨香, so its records there earn the
// per-record incentive. Every name and number is invented.
import { eq } from 'drizzle-orm';
import { DEFAULT_RULES } from '../../domain/grading';
import { matchKey } from '../../domain/grid.keys';
import type { GridKind } from '../../domain/grid.kinds';
import { shanghaiDateKey } from '../../domain/sla';
import type { DbOrTx } from '../db/client';
import { agreement, community, gradeRuleSet, gridRecord, incentiveRate, knownEntry, property, staffUser } from '../db/schema';
import { keyedHash, envPiiKey } from '../services/grid.pii';
import { labelColumns } from '../repositories/register.repository';
import { knownLabel } from '../services/grid.views';
import { sealGridFields } from '../services/grid.ids';
import { envPiiCipher } from '../services/pii.cipher';
import { createHash } from 'node:crypto';
import { rollGridFiled } from '../services/rollup';

/** The residents' committee link of the demo whole entrustment: /committee/<this>. Demo only. */
export const DEMO_COMMITTEE_TOKEN = 'demo-qiaoxiang-committee-view';

export const DEMO_RATES_FEN: Record<GridKind, number> = { population: 500, rentalHousing: 800, legalEntity: 1000, facility: 300, event: 300 };

const WHOLE_ITEMS = [
  ['出租屋管理', '出租屋登记'],
  ['出租屋管理', '租赁合同备案'],
  ['人口和计划生育', '流动人口登记'],
  ['人口和计划生育', '婚育证明'],
  ['城市管理', '市容巡查'],
  ['治安维稳和调解', '矛盾纠纷调解'],
  ['安全生产', '消防隐患排查'],
  ['社会事务', '高龄津贴初审'],
  ['劳动保障', '就业登记'],
  ['文化体育', '社区文体活动']
].map(([category, name]) => ({ category, name }));

type F = Record<string, unknown>;

export async function seedGrid(tx: DbOrTx, now: Date): Promise<void> {
  const hash = keyedHash(envPiiKey());
  const cipher = envPiiCipher();
  const [qx] = await tx.select().from(community).where(eq(community.code, 'qiaoxiang'));
  const props = await tx.select().from(property).where(eq(property.communityId, qx.id)).orderBy(property.id);
  const [desk] = await tx.select().from(staffUser).where(eq(staffUser.username, 'desk'));
  const [desk2] = await tx.select().from(staffUser).where(eq(staffUser.username, 'desk2'));
  const [xm] = await tx.select().from(community).where(eq(community.code, 'xiangmi'));
  const [street] = await tx.select().from(staffUser).where(eq(staffUser.username, 'street'));
  const day = shanghaiDateKey(now);
  const p0 = props[0];
  const key = (kind: GridKind, unit: string, fields: F, propertyId = p0.id) => matchKey({ kind, propertyId, unit, observedOn: day, fields }, hash);

  const known: [GridKind, string, F][] = [
    ['rentalHousing', '2栋 803', { landlordName: '李建国', tenants: [] }],
    ['population', '5栋1102', { name: '王秀英', idNumber: '440304195503120087', change: 'move_in' }],
    ['legalEntity', '商铺 12号', { name: '示例·侨香便利店', creditCode: '92440300MA5DEM0016', status: 'opened' }]
  ];
  await tx.insert(knownEntry).values(
    known.map(([kind, unit, f]) => ({ communityId: qx.id, kind, matchKey: key(kind, unit, f), ...labelColumns(knownLabel(kind, { zh: p0.nameZh, en: p0.nameEn }, unit, f)), source: 'import', importBatch: 'demo', createdAt: now }))
  );

  const records: [GridKind, string, F][] = [
    ['population', '3栋1201', { change: 'move_in', name: '欧阳明华', idNumber: '440304199001011284', phone: '13912345678' }],
    ['population', '３幢 1201室', { change: 'household_change', name: '欧阳明华', idNumber: '440304199001011284' }],
    ['rentalHousing', '2栋803', { landlordName: '李建国', landlordPhone: '13800001111', leaseStart: day, tenants: [{ name: '陈小春', idNumber: '440305199203040071' }] }],
    ['legalEntity', '商铺 15号', { name: '示例·香榭里洗衣店', creditCode: '92440300MA5DEM0029', category: 'business', status: 'opened' }],
    ['facility', '北门', { type: 'lamp', assetCode: 'LD-0231', location: '北门车行道', condition: 'damaged' }],
    ['event', '6栋架空层', { category: 'hazard', severity: 'medium', description: '架空层电动车违规充电' }]
  ];
  // 侨城豪苑 (a property of desk2's company in 侨香): filed by that company's agent, they earn incentives.
  const p2 = props[2];
  const participating: [GridKind, string, F][] = [
    ['rentalHousing', '1栋602', { landlordName: '周志强', landlordPhone: '13600002222', leaseStart: day, tenants: [{ name: '黄晓燕', idNumber: '440305199306170549' }] }],
    ['population', '2栋1503', { change: 'move_in', name: '郑海涛', idNumber: '440304198802140321', phone: '13700003333' }]
  ];
  const rows = [...records.map((r) => [...r, p0, desk] as const), ...participating.map((r) => [...r, p2, desk2] as const)];
  const filed = await tx.insert(gridRecord).values(
    rows.map(([kind, unit, f, prop, by], i) => ({
      communityId: qx.id,
      propertyId: prop.id,
      companyId: prop.companyId,
      kind,
      unit,
      ...sealGridFields(cipher, kind, f),
      matchKey: key(kind, unit, f, prop.id),
      observedOn: day,
      filedBy: by.id,
      filedByName: by.displayName,
      filedAt: new Date(now.getTime() - (rows.length - i) * 600_000)
    }))
  ).returning();
  for (const r of filed) await rollGridFiled(tx, r, r.filedAt);

  await tx.insert(incentiveRate).values(
    Object.entries(DEMO_RATES_FEN).map(([kind, amountFen]) => ({ streetId: qx.streetId, kind, period: day.slice(0, 7), amountFen, setBy: street.id, setAt: now }))
  );
  await tx.insert(gradeRuleSet).values({ streetId: qx.streetId, name: '2026年网格采集考核办法（示例）', rules: DEFAULT_RULES, timelyDays: 3, createdBy: street.id, createdAt: now });

  const year = day.slice(0, 4);
  const base = { streetId: qx.streetId, startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, createdBy: street.id, createdAt: now };
  const companyOf = (i: number) => props[Math.min(i, props.length - 1)].companyId;
  await tx.insert(agreement).values([
    {
      ...base,
      kind: 'whole',
      communityId: qx.id,
      companyId: p0.companyId,
      title: '侨香社区工作站服务整体委托（示例）',
      baseFundingFen: 120_000_00,
      targetRecords: 50,
      items: WHOLE_ITEMS,
      committeeTokenHash: createHash('sha256').update(DEMO_COMMITTEE_TOKEN).digest('hex')
    },
    { ...base, kind: 'special', communityId: xm.id, companyId: companyOf(2), title: '网格信息采集专项委托（示例）', baseFundingFen: 30_000_00, targetRecords: 40 },
    { ...base, kind: 'participation', communityId: null, companyId: companyOf(2), title: '网格信息报送参与激励（示例）', baseFundingFen: 0, targetRecords: 0 }
  ]);
}
