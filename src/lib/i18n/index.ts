// Labels shown to people: Chinese first, English on the switch.
import type { Lang } from '../protocol/errors';

const dict = {
  appName: { zh: '家门口', en: 'Doorstep' },
  tagline: { zh: '政务服务物业代办', en: 'Government services at your property' },
  login: { zh: '登录', en: 'Sign in' },
  logout: { zh: '退出', en: 'Sign out' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  switchLang: { zh: 'English', en: '中文' },
  liveFeed: { zh: '实时动态', en: 'Live activity' },
  live: { zh: '实时', en: 'Live' },
  connecting: { zh: '连接中…', en: 'Connecting…' },
  offline: { zh: '已断开，正在重连', en: 'Offline, reconnecting' },
  noEvents: { zh: '暂无动态', en: 'Nothing yet' },
  postNotice: { zh: '发布提示', en: 'Post a notice' },
  noticePlaceholder: { zh: '例如：今日下午三点后暂停受理', en: 'e.g. No intake after 3 pm today' },
  send: { zh: '发布', en: 'Post' },
  desk: { zh: '代办点工作台', en: 'Agent point desk' },
  verify: { zh: '社区核查', en: 'Community verification' },
  street: { zh: '街道监测', en: 'Street monitoring' },
  admin: { zh: '街道管理', en: 'Administration' },
  kiosk: { zh: '自助服务', en: 'Self-service' },
  scope: { zh: '范围', en: 'Scope' },
  signedInAs: { zh: '当前用户', en: 'Signed in as' }
} as const;

export type Key = keyof typeof dict;

export function t(lang: Lang, key: Key): string {
  return dict[key][lang];
}

export const roleLabel = {
  admin: { zh: '管理员', en: 'Admin' },
  street: { zh: '街道', en: 'Street office' },
  verifier: { zh: '社区核查员', en: 'Verifier' },
  agent: { zh: '代办员', en: 'Agent' }
} as const;

export const eventLabel: Record<string, { zh: string; en: string }> = {
  'case.submitted.v1': { zh: '新办件', en: 'New case' },
  'case.updated.v1': { zh: '办件进展', en: 'Case update' },
  'pickup.ready.v1': { zh: '待取件', en: 'Ready for pickup' },
  'pickup.cleared.v1': { zh: '已取件', en: 'Picked up' },
  'kiosk.status.v1': { zh: '自助机状态', en: 'Kiosk status' },
  'board.notice.v1': { zh: '提示', en: 'Notice' }
};

export const deskText = {
  board: { zh: '办件看板', en: 'Case board' },
  intake: { zh: '窗口受理', en: 'Walk-in intake' },
  item: { zh: '事项', en: 'Service item' },
  applicant: { zh: '申请人', en: 'Applicant' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '手机号', en: 'Mobile' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  address: { zh: '上门地址', en: 'Home address' },
  materials: { zh: '材料清单', en: 'Materials' },
  channel: { zh: '渠道', en: 'Channel' },
  submit: { zh: '提交', en: 'Submit' },
  overdue: { zh: '已超期', en: 'Overdue' },
  due: { zh: '办结时限', en: 'Due' },
  timeline: { zh: '办理记录', en: 'Timeline' },
  reveal: { zh: '查看完整信息（将记录）', en: 'Show full details (logged)' },
  notes: { zh: '共享备注', en: 'Shared notes' },
  agenda: { zh: '今日预约与上门', en: "Today's appointments & home visits" },
  noAgenda: { zh: '今日暂无预约', en: 'No bookings today' },
  close: { zh: '关闭', en: 'Close' },
  reason: { zh: '原因', en: 'Reason' },
  missing: { zh: '缺少的材料（用逗号分隔）', en: 'Missing materials (comma separated)' },
  pickupCode: { zh: '取件码', en: 'Pickup code' },
  pickupCodeIssued: { zh: '取件码（仅显示一次，请告知居民）', en: 'Pickup code (shown once; tell the resident)' },
  idCheck: { zh: '核验方式', en: 'Identity check' },
  byCode: { zh: '取件码', en: 'Pickup code' },
  byId: { zh: '查验身份证件', en: 'ID document checked' },
  created: { zh: '已受理，办件号', en: 'Received, case number' },
  empty: { zh: '—', en: '—' }
} as const;
