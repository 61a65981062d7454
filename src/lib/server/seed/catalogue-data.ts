// The first batch of 11 proxy items. The first three are named in the source (香蜜湖街道经验);
// the other eight are plausible simple items of the same kind, marked as demo data.
import type { Material, Step } from '../db/schema';

interface DemoItem {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  materials: Material[];
  steps?: Step[];
  needsIdNumber?: boolean;
  homeVisit?: boolean;
  inPerson?: boolean;
  slaDays: number;
  subsidyFen: number;
  fromSource?: boolean;
}

const ID: Material = { key: 'id_card', zh: '居民身份证原件及复印件', en: 'Resident ID card, original and copy' };
const HUKOU: Material = { key: 'hukou', zh: '户口簿', en: 'Household register (hukou)' };
const PHOTO: Material = { key: 'photo', zh: '一寸免冠彩色照片2张', en: 'Two 1-inch colour photos' };
const RESIDENCE: Material = { key: 'residence_permit', zh: '深圳市居住证', en: 'Shenzhen residence permit' };

const STEPS: Step[] = [
  { zh: '在管理处或自助机提交申请，带齐材料', en: 'Submit at the management office or the kiosk and bring the materials' },
  { zh: '管理处核对材料后送社区工作站审核', en: 'The office checks the materials and sends them to the community workstation' },
  { zh: '办好后管理处领回证件并通知您取件', en: 'When issued, the office brings it back and tells you to pick it up' },
  { zh: '凭短信中的取件码到管理处领取', en: 'Collect it at the office with the pickup code from your text' }
];

export const DEMO_ITEMS: DemoItem[] = [
  { code: 'marriage-fertility-cert', nameZh: '流动人口婚育证明', nameEn: 'Marriage & childbearing certificate (floating population)', descriptionZh: '为在本街道居住的流动人口开具婚育情况证明。', descriptionEn: 'A certificate of marriage and childbearing status for residents registered elsewhere.', materials: [ID, RESIDENCE, PHOTO, { key: 'marriage_cert', zh: '结婚证（已婚者）', en: 'Marriage certificate (if married)' }], slaDays: 5, subsidyFen: 1500, fromSource: true },
  { code: 'senior-card', nameZh: '敬老优待证', nameEn: 'Senior preferential card', descriptionZh: '60周岁以上老人办理敬老优待证，享受乘车、游园等优待。', descriptionEn: 'For residents aged 60+, giving concessions on transport, parks and more.', materials: [ID, HUKOU, PHOTO], homeVisit: true, slaDays: 7, subsidyFen: 1000, fromSource: true },
  { code: 'high-age-allowance', nameZh: '高龄老人津贴申请', nameEn: 'High-age elderly allowance application', descriptionZh: '80周岁以上户籍老人申请高龄津贴。', descriptionEn: 'Monthly allowance for registered residents aged 80 and over.', materials: [ID, HUKOU, { key: 'bank_card', zh: '本人银行卡复印件', en: 'Copy of own bank card' }], homeVisit: true, slaDays: 10, subsidyFen: 2000, fromSource: true },
  { code: 'residence-proof', nameZh: '居住证明', nameEn: 'Proof of residence', descriptionZh: '开具在本小区居住的证明。', descriptionEn: 'A letter certifying that you live in this property.', materials: [ID, { key: 'lease_or_deed', zh: '租赁合同或房产证复印件', en: 'Lease or title deed copy' }], slaDays: 3, subsidyFen: 800 },
  { code: 'one-child-reward', nameZh: '独生子女父母奖励申请', nameEn: 'Only-child parents reward application', descriptionZh: '符合条件的独生子女父母申领奖励金。', descriptionEn: 'Reward payment for eligible parents of an only child.', materials: [ID, HUKOU, { key: 'only_child_cert', zh: '独生子女父母光荣证', en: 'Only-child parents certificate' }], slaDays: 10, subsidyFen: 1500 },
  { code: 'disability-card-renewal', nameZh: '残疾人证换领', nameEn: 'Disability card renewal', descriptionZh: '残疾人证有效期满换领新证。', descriptionEn: 'Renewal of an expiring disability card.', materials: [ID, PHOTO, { key: 'old_disability_card', zh: '原残疾人证', en: 'Current disability card' }], homeVisit: true, slaDays: 15, subsidyFen: 2000 },
  { code: 'low-income-review', nameZh: '低保年度复核材料代交', nameEn: 'Minimum-income annual review (filing by proxy)', descriptionZh: '代交最低生活保障年度复核材料。', descriptionEn: 'Filing the yearly review papers for minimum living allowance.', materials: [ID, HUKOU, { key: 'income_statement', zh: '家庭收入申报表', en: 'Household income declaration' }], slaDays: 10, subsidyFen: 1500 },
  { code: 'medical-insurance-child', nameZh: '少儿医保参保登记', nameEn: 'Children’s medical insurance enrolment', descriptionZh: '为少年儿童办理医疗保险参保登记。', descriptionEn: 'Enrolling a child in the city medical insurance scheme.', materials: [HUKOU, { key: 'birth_cert', zh: '出生医学证明', en: 'Birth certificate' }, { key: 'guardian_id', zh: '监护人身份证', en: 'Guardian’s ID card' }], slaDays: 5, subsidyFen: 1000 },
  { code: 'birth-service-registration', nameZh: '生育服务登记', nameEn: 'Birth service registration', descriptionZh: '办理生育服务登记，领取登记凭证。', descriptionEn: 'Registering a birth for maternity services.', materials: [ID, { key: 'marriage_cert', zh: '结婚证', en: 'Marriage certificate' }], slaDays: 5, subsidyFen: 1000 },
  { code: 'elderly-meal-subsidy', nameZh: '长者助餐补贴申请', nameEn: 'Elderly meal subsidy application', descriptionZh: '60周岁以上老人申请社区长者饭堂助餐补贴。', descriptionEn: 'Meal subsidy at the community canteen for residents aged 60+.', materials: [ID, HUKOU], homeVisit: true, slaDays: 5, subsidyFen: 800 },
  { code: 'rental-registration-receipt', nameZh: '出租屋登记回执', nameEn: 'Rental housing registration receipt', descriptionZh: '房东办理出租屋登记并领取回执。', descriptionEn: 'Landlords register a let unit and receive the receipt.', materials: [ID, { key: 'deed', zh: '房产证复印件', en: 'Title deed copy' }, { key: 'lease', zh: '租赁合同', en: 'Lease contract' }], slaDays: 3, subsidyFen: 800 }
];

export function demoItemRows() {
  return DEMO_ITEMS.map(({ fromSource, steps, ...i }) => ({ ...i, steps: steps ?? STEPS, isDemo: !fromSource }));
}
