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
