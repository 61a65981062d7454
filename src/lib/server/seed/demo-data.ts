// The demo street. Xiangmihu and its communities are real places (the source's pilot); every company,
// property, person and figure below is invented for the demo and marked so.

export const DEMO_STREET = { code: 'xiangmihu', nameZh: '香蜜湖街道', nameEn: 'Xiangmihu Street' };

export const DEMO_COMMUNITIES = [
  { code: 'qiaoxiang', nameZh: '侨香社区', nameEn: 'Qiaoxiang Community' },
  { code: 'xiangmi', nameZh: '香蜜社区', nameEn: 'Xiangmi Community' },
  { code: 'donghai', nameZh: '东海社区', nameEn: 'Donghai Community' },
  { code: 'zhulin', nameZh: '竹林社区', nameEn: 'Zhulin Community' }
];

export const DEMO_COMPANIES = [
  { creditCode: '91440300MA5DEMC01D', nameZh: '示例·侨香物业服务有限公司', nameEn: 'Demo Qiaoxiang Property Services' },
  { creditCode: '91440300MA5DEMC02G', nameZh: '示例·香蜜湖物业管理有限公司', nameEn: 'Demo Xiangmihu Property Management' },
  { creditCode: '91440300MA5DEMC03K', nameZh: '示例·东海物业服务有限公司', nameEn: 'Demo Donghai Property Services' },
  { creditCode: '91440300MA5DEMC04N', nameZh: '示例·竹林物业有限公司', nameEn: 'Demo Zhulin Property Co.' }
];

/** 11 properties, each with an agent point in its management office: the source's first batch. */
export const DEMO_PROPERTIES: { community: string; company: number; nameZh: string; nameEn: string }[] = [
  { community: 'qiaoxiang', company: 0, nameZh: '侨香村', nameEn: 'Qiaoxiang Village' },
  { community: 'qiaoxiang', company: 0, nameZh: '香榭里花园', nameEn: 'Champs Garden' },
  { community: 'qiaoxiang', company: 1, nameZh: '侨城豪苑', nameEn: 'Qiaocheng Haoyuan' },
  { community: 'xiangmi', company: 1, nameZh: '香蜜湖一号', nameEn: 'Xiangmihu No. 1' },
  { community: 'xiangmi', company: 1, nameZh: '香蜜新村', nameEn: 'Xiangmi New Village' },
  { community: 'xiangmi', company: 2, nameZh: '蜜园小区', nameEn: 'Miyuan Estate' },
  { community: 'donghai', company: 2, nameZh: '东海花园', nameEn: 'Donghai Garden' },
  { community: 'donghai', company: 2, nameZh: '东海丽苑', nameEn: 'Donghai Liyuan' },
  { community: 'zhulin', company: 3, nameZh: '竹林小区', nameEn: 'Zhulin Estate' },
  { community: 'zhulin', company: 3, nameZh: '竹园新居', nameEn: 'Zhuyuan Residence' },
  { community: 'zhulin', company: 0, nameZh: '农科花园', nameEn: 'Nongke Garden' }
];

export const DEMO_PASSWORD = 'doorstep-demo';

/** One user per role (two agents, so a desk can watch another desk's point stay private; two verifiers share a board). */
export const DEMO_USERS = [
  { username: 'admin', displayName: '街道管理员 王敏', role: 'admin' as const },
  { username: 'street', displayName: '街道办 李强', role: 'street' as const },
  { username: 'verifier', displayName: '侨香社区核查员 陈静', role: 'verifier' as const, community: 'qiaoxiang' },
  { username: 'verifier2', displayName: '侨香社区核查员 赵磊', role: 'verifier' as const, community: 'qiaoxiang' },
  { username: 'desk', displayName: '侨香村代办点 张丽', role: 'agent' as const, point: 0 },
  { username: 'desk2', displayName: '香蜜湖一号代办点 刘洋', role: 'agent' as const, point: 3 }
];
