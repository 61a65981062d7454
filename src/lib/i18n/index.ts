// Labels shown to people: Chinese first, English on the switch.
import type { Lang } from '../protocol/errors';
import { GRID_KINDS, kindLabel } from '../domain/grid.kinds';
import { monthsOf } from '../domain/dashboard';
import type { IdProblem } from '../domain/identity';

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
  dataTable: { zh: '数据表', en: 'Data table' },
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

/** Text kept in Chinese and, optionally, English (a survey's title, a question, an option, a place). */
export function named(lang: Lang, x: { zh: string; en: string | null }): string {
  return lang === 'en' && x.en ? x.en : x.zh;
}

/** "Label：value" in Chinese, "Label: value" in English. */
/** what a live feed says to a screen reader, at most every few seconds: 3 条新动态 / 3 new events */
export const newEvents = (lang: Lang, n: number): string => (lang === 'zh' ? `${n} 条新动态` : `${n} new ${n === 1 ? 'event' : 'events'}`);
export const colon = (lang: Lang): string => (lang === 'zh' ? '：' : ': ');
/** an aside in brackets, full-width in Chinese: 王*（子女） · Wang* (child) */
export const aside = (lang: Lang, text: string): string => (lang === 'zh' ? `（${text}）` : ` (${text})`);

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
  'board.notice.v1': { zh: '提示', en: 'Notice' },
  'grid.filed.v1': { zh: '新网格信息', en: 'New grid record' },
  'grid.claimed.v1': { zh: '认领', en: 'Claim' },
  'grid.decided.v1': { zh: '核查结果', en: 'Verified' },
  'association.member.v1': { zh: '促进会会员', en: 'Association member' },
  'association.meeting.v1': { zh: '促进会会议', en: 'Association meeting' },
  'survey.answered.v1': { zh: '收到一份问卷', en: 'Survey answered' }
};

/** Said to a screen reader when cases come onto the desk's board from elsewhere (a kiosk, another desk, 改派). */
export function casesArrived(lang: Lang, cases: { item: string; caseNo: string }[]): string {
  const some = cases.slice(0, 3).map((c) => `${c.item} ${c.caseNo}`);
  const more = cases.length > 3 ? (lang === 'zh' ? ' 等' : ' and more') : '';
  return lang === 'zh' ? `新到办件 ${cases.length} 件：${some.join('；')}${more}` : `${cases.length} new ${cases.length === 1 ? 'case' : 'cases'}: ${some.join('; ')}${more}`;
}

export const deskText = {
  board: { zh: '办件看板', en: 'Case board' },
  intake: { zh: '窗口受理', en: 'Walk-in intake' },
  item: { zh: '事项', en: 'Service item' },
  caseNo: { zh: '办件编号', en: 'Case no.' },
  applicant: { zh: '申请人', en: 'Applicant' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '手机号', en: 'Mobile' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  address: { zh: '上门地址', en: 'Home address' },
  materials: { zh: '材料清单', en: 'Materials' },
  notGiven: { zh: '收件时未提供', en: 'not given at intake' },
  channel: { zh: '渠道', en: 'Channel' },
  submit: { zh: '提交', en: 'Submit' },
  overdue: { zh: '已超期', en: 'Overdue' },
  due: { zh: '办结时限', en: 'Due' },
  timeline: { zh: '办理记录', en: 'Timeline' },
  reveal: { zh: '查看完整信息（将记录）', en: 'Show full details (logged)' },
  notes: { zh: '共享备注', en: 'Shared notes' },
  agenda: { zh: '预约与上门', en: 'Appointments & home visits' },
  noAgenda: { zh: '这一天暂无预约', en: 'No bookings on this day' },
  agendaDays: { zh: ['今天', '明天', '后天'], en: ['Today', 'Tomorrow', 'The day after'] },
  dayBefore: { zh: '前一天', en: 'Day before' },
  dayAfter: { zh: '后一天', en: 'Day after' },
  close: { zh: '关闭', en: 'Close' },
  reason: { zh: '原因', en: 'Reason' },
  missing: { zh: '缺少的材料（用顿号或逗号分隔）', en: 'Missing materials (comma separated; in Chinese: the resident reads this list)' },
  missingTexted: { zh: '缺少的材料（用顿号或逗号分隔；居民在自助机申请，将短信告知）', en: 'Missing materials (comma separated, in Chinese; the resident applied at a kiosk and is texted the list)' },
  resubmitNeedsMaterials: { zh: '请先勾选居民这次交来的材料，再点“重新受理”', en: 'Tick the materials the resident has brought this time first' },
  suppliedHelp: { zh: '这次交来的材料（未交的请取消勾选）', en: 'Materials brought this time (untick any still missing)' },
  stillMissing: { zh: '待补', en: 'Still to bring' },
  pickupCode: { zh: '取件码', en: 'Pickup code' },
  pickupCodeIssued: { zh: '取件码（仅显示一次，请告知居民）', en: 'Pickup code (shown once; tell the resident)' },
  idCheck: { zh: '核验方式', en: 'Identity check' },
  byCode: { zh: '取件码', en: 'Pickup code' },
  byId: { zh: '查验身份证件', en: 'ID document checked' },
  created: { zh: '已收件，办件号', en: 'Received, case number' },
  slot: { zh: '预约时段', en: 'Time slot' },
  left: { zh: '余', en: 'left' },
  assignedTo: { zh: '上门人员：', en: 'Visiting:' },
  assignMe: { zh: '由我上门', en: 'I will go' },
  newSlot: { zh: '开放预约时段', en: 'Open a time slot' },
  date: { zh: '日期', en: 'Date' },
  from: { zh: '开始', en: 'From' },
  to: { zh: '结束', en: 'To' },
  capacity: { zh: '名额', en: 'Places' },
  kind: { zh: '类型', en: 'Kind' },
  deskSlot: { zh: '窗口预约', en: 'At the desk' },
  homeSlot: { zh: '上门服务', en: 'Home visit' },
  chooseSlot: { zh: '请选择时段…', en: 'Choose a time slot…' },
  noSlots: { zh: '暂无可预约时段，请先在“开放预约时段”中开放', en: 'No open slots: open one under “Open a time slot” first' },
  slotRequired: { zh: '请选择预约时段', en: 'Choose a time slot' },
  rejectReason: { zh: '不通过原因（必填，将短信告知居民）', en: 'Reason for rejecting (required; texted to the resident)' },
  standingHelp: { zh: '。请联系街道管理员安排培训考核或签署保密承诺书；在此之前可以查看办件，但不能收件和办理。', en: '. Ask the street administrator for the training assessment or the confidentiality pledge; until then you can look at cases but not take in or handle them.' },
  rejectedBecause: { zh: '未通过原因：', en: 'Not approved because: ' },
  rejectedNext: { zh: '居民已收到短信告知结果和原因。请约居民到管理处取回原件材料；居民补正后，可在下方“重新受理”。', en: 'The resident has been texted the outcome and the reason. Arrange for them to collect their originals; once they have put it right, start the case again below.' },
  resubmitHelp: { zh: '重新受理：按原申请人和事项新建一件，本件保留不变。请勾选居民这次提供的材料：', en: 'Start again: a new case for the same applicant and item; this one stays as it is. Tick the materials the resident has given this time:' },
  resubmittedAs: { zh: '已重新受理为', en: 'Started again as' },
  resubmittedFrom: { zh: '重新受理自', en: 'Starts again' },
  overdueBy: { zh: '已超期{n}天', en: '{n} days overdue' },
  bookedFor: { zh: '预约时间', en: 'Booked for' },
  noVisitor: { zh: '尚未指定上门人员', en: 'nobody assigned yet' },
  plannedPickup: { zh: '居民约定取件', en: 'Resident will come' },
  kioskRef: { zh: '自助机临时编号（仅在断网时打印给居民）', en: 'Kiosk provisional reference (given to the resident only if the kiosk was offline)' },
  reasonRequired: { zh: '请先填写不通过原因，再点“审核不通过”', en: 'Enter the reason for rejecting first' },
  slotPast: { zh: '开始时间已经过去，请选择以后的时间', en: 'The start has already passed: choose a later time' },
  slotOrder: { zh: '结束时间须晚于开始时间', en: 'The end must be after the start' },
  slotOpened: { zh: '已开放预约时段', en: 'Slot opened:' },
  codeWrong: { zh: '取件码不正确：请核对居民短信里的6位取件码，或改选“查验身份证件”。多次输错，本件会暂停取件一段时间。', en: 'The pickup code does not match: check the 6-digit code in the resident’s text, or choose “ID document checked”. After several misses, pickup is paused for a while.' },
  receiptTitle: { zh: '受理回执', en: 'Receipt of application' },
  printReceipt: { zh: '打印回执', en: 'Print receipt' },
  backToDesk: { zh: '返回工作台', en: 'Back to the desk' },
  submittedAt: { zh: '收件时间', en: 'Received' },
  materialsReceived: { zh: '已收材料', en: 'Materials received' },
  noneReceived: { zh: '（未收材料）', en: '(none yet)' },
  stillToBring: { zh: '尚需补交', en: 'Still to bring' },
  receiptNext: {
    zh: '办好后我们会短信通知您取件码，凭取件码或本人身份证到本处领取；他人代领请带上代领人的身份证件和您签字的委托书。',
    en: 'When it is ready we text you a pickup code: collect it here with the code or your ID card. Someone collecting for you brings their own ID document and your signed authorisation.'
  },
  receiptFollow: { zh: '查询进度：在大堂自助机点“查询进度”，输入办件号和手机号后4位。', en: 'To follow it: “Follow a case” on the lobby kiosk, with the case number and the last 4 digits of your mobile.' },
  handledBy: { zh: '经办人', en: 'Handled by' },
  applicantSigns: { zh: '申请人签字', en: 'Applicant’s signature' },
  collectedBy: { zh: '领取人', en: 'Collected by' },
  bySelf: { zh: '本人领取', en: 'The applicant' },
  byProxy: { zh: '他人代领', en: 'Someone else (代领)' },
  collectorName: { zh: '代领人姓名', en: 'Collector’s name' },
  collectorRelation: { zh: '与申请人关系', en: 'Relation to the applicant' },
  collectorProof: { zh: '已查验代领人身份证件和申请人的委托书', en: 'I have checked the collector’s ID document and the applicant’s written authorisation' },
  collectorRequired: { zh: '代领须填写代领人姓名、与申请人关系，并查验其身份证件和委托书', en: 'For 代领, enter the collector’s name and relation, and check their ID document and the written authorisation' },
  collector: { zh: '代领人', en: 'Collected for the applicant by' },
  codeRequired: { zh: '请输入居民短信里的6位取件码，或改选“查验身份证件”', en: 'Enter the 6-digit pickup code from the resident’s text, or choose “ID document checked”' },
  cancelQuestion: { zh: '撤销后本办件即终止，无法恢复。确认撤销？', en: 'Cancelling ends this case for good. Cancel it?' },
  cancelYes: { zh: '确认撤销', en: 'Cancel the case' },
  cancelNo: { zh: '不撤销', en: 'Keep it' },
  sendAnyway: { zh: '仍然送审', en: 'Send anyway' },
  sendNotYet: { zh: '先不送审', en: 'Not yet' },
  missingRequired: { zh: '请先填写缺少的材料，再点“通知补材料”', en: 'List the missing materials first' },
  returnMissing: { zh: '退回补正：缺少或需更正的材料（用顿号或逗号分隔，将短信告知居民）', en: 'Return for materials: what is missing or must be corrected (comma separated, in Chinese; texted to the resident)' },
  returnRequired: { zh: '请先填写缺少或需更正的材料，再点“退回补正”', en: 'List what is missing first' },
  rejectQuestion: { zh: '审核不通过后本件即办结，不能撤回，居民会收到短信告知原因。只是缺少材料的，请用“退回补正”。确认不通过？', en: 'Rejecting closes this case for good and texts the resident the reason. If materials are only missing, use “Return for materials”. Reject it?' },
  rejectYes: { zh: '确认不通过', en: 'Reject the case' },
  rejectNo: { zh: '再看看', en: 'Go back' },
  claimFirst: { zh: '认领后才能作出审核决定', en: 'Claim this case to approve or reject it' },
  empty: { zh: '—', en: '—' }
} as const;

/** A paper questionnaire sent back by the service: which questions to look at again. */
export const paperFaultText = {
  check: { zh: '请检查第', en: 'Questions to check:' },
  after: { zh: '题', en: '' },
  required: { zh: '此题必答', en: 'This question needs an answer' },
  invalid: { zh: '此题的答案不符合要求', en: 'This answer is not accepted' }
} as const;

/** The lobby kiosk (src/routes/kiosk): plain words for residents, many of them elderly. */
export const kioskText = {
  itemWithdrawn: { zh: '这项业务刚刚暂停受理，申请没有提交。请到物业管理处窗口咨询。', en: 'This service has just been suspended, so the application was not sent. Please ask at the management office.' },
  title: { zh: '家门口 · 自助服务', en: 'Doorstep self-service' },
  keypad: { zh: '数字键盘', en: 'Number keypad' },
  pair: { zh: '请输入管理员提供的8位配对码', en: 'Enter the 8-digit pairing code from the administrator' },
  pairTitle: { zh: '家门口 · 自助终端配对', en: 'Doorstep · pair this kiosk' },
  pairHint: {
    zh: '街道管理员在电脑上登录后，打开「街道管理 → 自助机」，为本机点「生成配对码」。配对码只能用一次，过期后请重新生成。',
    en: 'The street administrator signs in on a computer, opens Administration → Kiosks and clicks "Issue pairing code" for this kiosk. A code works once; issue a new one when it has expired.'
  },
  pairShort: { zh: '配对码是8位数字，请输入完整', en: 'The pairing code has 8 digits: please enter all of them' },
  revoked: { zh: '本机已停用，请联系物业管理处', en: 'This kiosk has been switched off. Please ask the management office.' },
  repair: { zh: '重新配对', en: 'Pair again' },
  welcome: { zh: '您好！请点击您要办理的事情', en: 'Hello! Tap what you would like to do' },
  browse: { zh: '可代办事项', en: 'Services handled here' },
  apply: { zh: '我要办理', en: 'Apply' },
  pickups: { zh: '取件通知', en: 'Ready for pickup' },
  pickupHint: { zh: '证件已办好，请凭取件码领取', en: 'These are ready. Bring your pickup code.' },
  track: { zh: '查询进度', en: 'Follow a case' },
  none: { zh: '暂无待取件', en: 'Nothing to pick up' },
  pickupsUnknown: { zh: '网络中断，暂时无法显示取件通知。有短信取件码的，可直接输入办件号和取件码。', en: 'The network is down, so pickup notices cannot be shown. If you have a pickup code by text, type in the case number and the code.' },
  back: { zh: '返回', en: 'Back' },
  home: { zh: '首页', en: 'Home' },
  next: { zh: '下一步', en: 'Next' },
  finish: { zh: '完成', en: 'Finish' },
  print: { zh: '打印回执', en: 'Print receipt' },
  clear: { zh: '清除', en: 'Clear' },
  del: { zh: '退格', en: 'Delete' },
  ok: { zh: '确定', en: 'OK' },
  materials: { zh: '需要带的材料', en: 'Materials to bring' },
  steps: { zh: '办理步骤', en: 'Steps' },
  chooseItem: { zh: '请选择要办理的事项', en: 'Choose the service' },
  name: { zh: '姓名', en: 'Name' },
  nameHint: { zh: '点一下输入框会出现键盘；不便输入可到管理处窗口办理', en: 'Tap the box for a keyboard; if typing is hard, apply at the office' },
  phoneOrFamily: { zh: '手机号码（没有手机可填家人的）', en: 'Mobile number (a relative’s will do)' },
  phone: { zh: '手机号码', en: 'Mobile number' },
  idNumber: { zh: '身份证号码', en: 'ID card number' },
  tickMaterials: { zh: '请勾选您已准备好的材料（还没有的可以先不勾）', en: 'Tick the materials you have ready (leave the others unticked)' },
  stillToGet: { zh: '还需准备', en: 'Still to get ready' },
  pickupSkip: { zh: '暂不选择，完成', en: 'Not now: done' },
  how: { zh: '请选择办理方式', en: 'How would you like to hand it in?' },
  dropOff: { zh: '交到管理处窗口', en: 'Drop off at the desk' },
  appointment: { zh: '预约时间到窗口', en: 'Book a time at the desk' },
  homeVisit: { zh: '工作人员上门', en: 'Home visit' },
  address: { zh: '上门地址（楼栋、房号）', en: 'Address (building, flat)' },
  noSlots: { zh: '近期没有可预约的时间', en: 'No free times in the coming days' },
  pickDropOff: { zh: '现在无法预约：请改选「交到管理处窗口」', en: 'No booking right now: choose "Drop off at the desk" instead' },
  slotsLoading: { zh: '正在查询可预约的时间…', en: 'Looking up free times…' },
  addressShort: { zh: '请写到楼栋和房号，如“3栋1202”', en: 'Write the building and flat, e.g. “Block 3, 1202”' },
  slotsOffline: { zh: '网络中断，暂时无法预约时间。请选择「交到管理处窗口」，或稍后再试。', en: 'The network is down, so no time can be booked now. Choose "Drop off at the desk", or try again later.' },
  chooseSlot: { zh: '请选择预约时间', en: 'Choose a time' },
  earlierTimes: { zh: '较早的时间', en: 'Earlier times' },
  laterTimes: { zh: '更晚的时间', en: 'Later times' },
  chooseVisitTime: { zh: '上门时间（可不选，工作人员会电话与您约定）', en: 'Visit time (optional: staff will phone you to agree one)' },
  submit: { zh: '提交申请', en: 'Submit' },
  sending: { zh: '正在提交…', en: 'Sending…' },
  receipt: { zh: '受理回执', en: 'Receipt' },
  caseNo: { zh: '办件号', en: 'Case number' },
  due: { zh: '预计办结', en: 'Expected by' },
  slot: { zh: '预约时间', en: 'Booked time' },
  whatNext: { zh: '接下来', en: 'What happens next' },
  nextDropOff: { zh: '请在3个工作日内把材料交到物业管理处窗口。办好后会短信通知您取件。', en: 'Bring the materials to the management office within 3 working days. We will text you when it is ready.' },
  nextAppointment: { zh: '请按预约时间带齐材料到物业管理处窗口。办好后会短信通知您取件。', en: 'Come to the management office at the booked time with the materials. We will text you when it is ready.' },
  nextHomeVisit: { zh: '工作人员会先电话联系您，再上门收取材料。办好后会短信通知您。', en: 'Staff will phone you, then visit to collect the materials. We will text you when it is ready.' },
  provisional: { zh: '网络暂时中断：申请已保存在本机，联网后自动提交，办件号将以短信发给您。提交后，也可凭下面的临时编号和手机尾号在“查询进度”查询。', en: 'The network is down: your request is saved on this kiosk and will be sent automatically. Your case number will be texted to you. Once it has been sent, you can also follow it under “Follow a case” with the provisional reference below and your phone’s last four digits.' },
  provisionalRef: { zh: '临时编号', en: 'Provisional reference' },
  receiptFollow: { zh: '办件号也已短信发到您填写的手机。凭办件号和手机号后4位，可在本机“查询进度”查看。', en: 'The case number is also texted to the mobile you gave. Follow it under “Follow a case” with the case number and the last 4 digits of that mobile.' },
  pickupCode: { zh: '6位取件码', en: '6-digit pickup code' },
  caseNoHint: { zh: '办件号（如 D20250101-000123）', en: 'Case number (e.g. D20250101-000123)' },
  tapToFill: { zh: '点击办件号可直接填入', en: 'Tap a case number to fill it in.' },
  check: { zh: '查看', en: 'Check' },
  pickupAt: { zh: '请选择您来取件的时间', en: 'When will you come?' },
  now: { zh: '现在就去', en: 'On my way now' },
  todayPm: { zh: '今天下午', en: 'This afternoon' },
  tomorrowAm: { zh: '明天上午', en: 'Tomorrow morning' },
  tomorrowPm: { zh: '明天下午', en: 'Tomorrow afternoon' },
  dayAfter: { zh: '后天', en: 'The day after tomorrow' },
  planned: { zh: '已记录，请按时到管理处取件，带上身份证。', en: 'Noted. Please come to the office then, with your ID card.' },
  last4: { zh: '手机号后4位', en: 'Last 4 digits of the mobile number' },
  stage: { zh: '当前进度', en: 'Current stage' },
  missing: { zh: '还需补交', en: 'Still needed' },
  reason: { zh: '原因', en: 'Reason' },
  /** what the resident does next, by the case's state (the kiosk's 查询进度) */
  trackNext: {
    submitted: { zh: '请按回执上的办理方式把材料交到物业管理处，管理处收到后开始办理。', en: 'Hand the materials to the management office as your receipt says; work starts when they have them.' },
    needs_materials: { zh: '请带上上面列出的材料，到物业管理处窗口补交。', en: 'Please bring the materials listed above to the management office.' },
    accepted: { zh: '正在办理中，办好后会短信通知您取件。', en: 'In progress. We will text you when it is ready.' },
    in_review: { zh: '正在办理中，办好后会短信通知您取件。', en: 'In progress. We will text you when it is ready.' },
    approved: { zh: '已审核通过，证件领回后会短信通知您取件。', en: 'Approved. We will text you when it is back at the office.' },
    returned: { zh: '证件已领回管理处，稍后会短信通知您取件。', en: 'It is back at the office; a text with your pickup code follows.' },
    ready_for_pickup: { zh: '已办好。请凭短信中的6位取件码，到物业管理处领取（首页「取件通知」）。', en: 'Ready. Collect it at the management office with the 6-digit code from your text ("Ready for pickup" on the home screen).' },
    delivered: { zh: '已办结，证件已交到您手中。', en: 'Done: it has been handed to you.' },
    rejected: { zh: '本次申请未通过。如有疑问，请到物业管理处咨询。', en: 'This request was not approved. Please ask at the management office if you have questions.' },
    cancelled: { zh: '本申请已撤销。如仍需办理，请重新申请。', en: 'This request was withdrawn. Apply again if you still need it.' }
  },
  resubmittedAs: { zh: '管理处已为您重新受理，新的办件号是 ', en: 'The office has started it again for you as case ' },
  resubmittedAsAfter: { zh: '。请用新的办件号查询进度。', en: '. Follow the new number from now on.' },
  wrongPickup: { zh: '办件号或取件码不对，请核对短信里的6位取件码。多次输错，本件会暂停取件一段时间。', en: 'The case number or the pickup code is wrong: check the 6-digit code in your text. After several misses, pickup is paused for a while.' },
  offlineLookup: { zh: '网络中断，暂时无法查询。请稍后再试，或到物业管理处窗口办理。', en: 'The network is down, so this cannot be checked now. Try again shortly, or ask at the management office.' },
  pickupLocked: { zh: '输错次数过多，本件暂停取件15分钟。也可以带上身份证，到物业管理处窗口直接领取。', en: 'Too many wrong tries: pickup of this case is paused for 15 minutes. You can also collect it at the management office with your ID card.' },
  trackLocked: { zh: '输错次数过多，请15分钟后再试，或到物业管理处窗口查询。', en: 'Too many wrong tries: try again in 15 minutes, or ask at the management office.' },
  trackLate: { zh: '已超过预计办结日期，请到物业管理处询问。', en: 'This is past the expected date: please ask at the management office.' },
  goPickup: { zh: '去取件', en: 'Collect it' },
  asWritten: { zh: '', en: ' (as written by the office, in Chinese)' },
  wrongTrack: { zh: '办件号或手机号后4位不对，请核对回执上的办件号。', en: 'The case number or the last 4 digits do not match: check the case number on your receipt.' },
  readAloud: { zh: '朗读', en: 'Read aloud' },
  noVoice: { zh: '本机暂时不能朗读，请联系物业管理处', en: 'This kiosk cannot read aloud at the moment; please tell the management office' },
  bigText: { zh: '大字', en: 'Larger text' },
  online: { zh: '在线', en: 'Online' },
  offline: { zh: '离线', en: 'Offline' },
  waiting: { zh: '条待发送', en: 'waiting' },
  failed: { zh: '条未能提交，请联系管理处', en: 'could not be sent; please ask the office' },
  idle: { zh: '秒后回到首页，已填写的内容将被清除。点任意处继续。', en: 'seconds until the kiosk resets and clears what was typed. Touch anywhere to continue.' },
  goOn: { zh: '继续', en: 'Continue' },
  required: { zh: '请填写完整', en: 'Please complete this' },
  badPhone: { zh: '请输入11位手机号码', en: 'Enter an 11-digit mobile number' },
} as const;

/** 一网: grid records, the verification board, entrustment. */
export const gridText = {
  filedOn: { zh: '上报于', en: 'Filed' },
  grid: { zh: '网格信息采集', en: 'Grid records' },
  file: { zh: '上报网格信息', en: 'File a grid record' },
  kind: { zh: '类型', en: 'Kind' },
  property: { zh: '小区', en: 'Property' },
  company: { zh: '物业公司', en: 'Company' },
  unit: { zh: '房号/位置', en: 'Unit / place' },
  observedOn: { zh: '发生日期', en: 'Date observed' },
  photos: { zh: '照片（可选，最多4张）', en: 'Photos (optional, up to 4)' },
  addTenant: { zh: '添加租客', en: 'Add tenant' },
  submit: { zh: '提交上报', en: 'Submit' },
  filed: { zh: '已上报，编号', en: 'Filed, record' },
  mine: { zh: '本公司近期上报', en: 'Recent filings of my company' },
  none: { zh: '暂无记录', en: 'Nothing yet' },
  queue: { zh: '待核查网格信息', en: 'Grid records to verify' },
  cases: { zh: '送审办件', en: 'Cases sent for review' },
  all: { zh: '全部', en: 'All' },
  claim: { zh: '认领', en: 'Claim' },
  openRecord: { zh: '打开网格信息', en: 'Open grid record' },
  release: { zh: '释放认领', en: 'Release claim' },
  heldBy: { zh: '处理中：', en: 'Held by ' },
  duplicate: { zh: '疑似重复', en: 'Possible duplicate' },
  known: { zh: '已掌握', en: 'Known' },
  pendingDup: { zh: '待核查记录', en: 'Pending record' },
  reason: { zh: '不属实原因', en: 'Reason for rejection' },
  reasonOrVisit: { zh: '不属实原因，或上门说明（如约定时间）', en: 'Reason for rejection, or a note for the visit (a time, say)' },
  untrueNeedsReason: { zh: '请先填写不属实的原因，再点“不属实”', en: 'Enter why the record is untrue first' },
  visitNote: { zh: '社区说明', en: 'From the community' },
  presence: { zh: '在线核查员', en: 'On the board' },
  showing: { zh: '显示最早的', en: 'Showing the oldest' },
  of: { zh: '条，共', en: 'of' },
  notes: { zh: '共享备注', en: 'Shared notes' },
  filedBy: { zh: '上报人', en: 'Filed by' },
  register: { zh: '导入已掌握信息（CSV/XLSX）', en: 'Import register (CSV/XLSX)' },
  imported: { zh: '导入完成', en: 'Imported' },
  importButton: { zh: '导入名册', en: 'Import' },
  importColumns: { zh: '首行为列名：类型、小区、房号、身份证号、姓名、统一社会信用代码、部件类型、部件编号、位置、事件类别、日期（按类型填写所需的列）', en: 'First row: column names — kind, property, unit, id_number, name, credit_code, facility_type, asset_code, location, category, date (each kind needs its own columns)' },
  importRows: { zh: '行', en: 'rows' },
  importAdded: { zh: '新增', en: 'added' },
  importKnown: { zh: '名册中已有', en: 'already in the register' },
  importDupes: { zh: '文件内重复', en: 'repeated in the file' },
  importFailed: { zh: '有误未导入', en: 'not imported' },
  importLine: { zh: '第{n}行', en: 'Line {n}' },
  // A straight apostrophe: a CJK font sets the curly one full width (“Residents’  committee”).
  committee: { zh: '居委会监督 · 整体委托工作情况', en: "Residents' committee · whole-entrustment work" },
  items: { zh: '委托事项', en: 'Entrusted items' },
  work: { zh: '网格信息工作量', en: 'Grid work' },
  assessments: { zh: '考核结果', en: 'Assessments' },
  /** one of them: 考核 #3 */
  assessment: { zh: '考核', en: 'Assessment' },
  /** /grid/street's title: the same words as its link in the header. */
  gridStreet: { zh: '网格与考核', en: 'Grid & assessment' }
} as const;

/** The filing form's field and photo problems (FilingForm.svelte). */
/** The months a money figure covers: subsidies and incentives are booked by month, so a day's view shows its whole month. */
export type Labels = Record<string, { zh: string; en: string }>;
export interface Refusal {
  message: string;
  code: string;
  details?: unknown;
}
/**
 * A form's refusal in words: each field by its label (an entry of a list, items.3.name, by its list and its
 * place in it), each problem by the form's own sentence, else the server's message.
 */
export function refusalText(lang: Lang, r: Refusal, fields: Labels, issues: Labels): string {
  if (r.code !== 'VALIDATION' || !Array.isArray(r.details)) return r.message;
  const parts = (r.details as { path?: string; code?: string }[]).map((d) => {
    const path = d.path ?? '';
    const [field, line, sub] = path.split('.');
    // A rule of the form's own (a refinement: `custom`, or its own code such as `period_reversed`) is said by the field.
    const issue = issues[d.code ?? ''] ?? issues[path];
    const place = line !== undefined && /^\d+$/.test(line) ? (lang === 'en' ? `, entry ${Number(line) + 1}` : `第 ${Number(line) + 1} 项`) : '';
    const what = sub !== undefined && fields[`${field}.${sub}`] ? `${lang === 'en' ? ', ' : ''}${fields[`${field}.${sub}`][lang]}` : '';
    const where = `${fields[path]?.[lang] ?? fields[field]?.[lang] ?? path}${place}${what}`;
    return `${where}${lang === 'en' ? ': ' : '：'}${issue?.[lang] ?? r.message}`;
  });
  return parts.length ? parts.join(lang === 'en' ? '; ' : '；') : r.message;
}

/**
 * A refused password, by the rule it broke. The form actions name the letters-and-digits rule by its words;
 * the API names it by the field (`password`, `next`), its only rule of its own.
 */
const MIX = { zh: '须同时含字母和数字', en: 'mix letters and digits' };
export const passwordIssues: Labels = {
  too_small: { zh: '至少10位', en: 'at least 10 characters' },
  too_big: { zh: '太长了', en: 'too long' },
  'mix letters and digits': MIX,
  password: MIX,
  next: MIX
};

/** A wrong pickup code on a ready case: the code is what is wrong, and how many tries are left before the pause. */
export function wrongCodeTriesLeft(lang: Lang, n: number): string {
  return lang === 'zh'
    ? `取件码不对，请核对短信里的6位取件码。还可以再试${n}次，之后本件暂停取件15分钟。`
    : `The pickup code is wrong: check the 6-digit code in your text. ${n} more ${n === 1 ? 'try' : 'tries'}, then pickup of this case is paused for 15 minutes.`;
}

export function wholeMonths(lang: Lang, range: { fromDay: string; toDay: string }): string {
  return `${monthsOf(range).join(lang === 'zh' ? '、' : ', ')}${lang === 'zh' ? '（按月结算，整月合计）' : ' (booked by month: whole months)'}`;
}

const REGISTER_FIELDS: Record<string, { zh: string; en: string }> = {
  idNumber: { zh: '身份证号', en: 'id_number' }, unit: { zh: '房号', en: 'unit' }, creditCode: { zh: '统一社会信用代码', en: 'credit_code' },
  type: { zh: '部件类型', en: 'facility_type' }, category: { zh: '事件类别', en: 'category' }, observedOn: { zh: '日期', en: 'date' }
};
type Said = { zh: string; en: string };
const IDENTITY_PROBLEMS: Record<'idNumber' | 'creditCode', { invalid_format: Said } & Partial<Record<IdProblem, Said>>> = {
  idNumber: {
    invalid_format: { zh: '请输入18位身份证号码', en: 'Enter the 18-character ID number' },
    birth_date: { zh: '身份证号中的出生日期不存在，请核对', en: 'The birth date in this ID number does not exist; please check it' },
    check_digit: { zh: '身份证号校验不符，请逐位核对', en: 'This ID number does not check out; please check each character' }
  },
  creditCode: {
    invalid_format: { zh: '统一社会信用代码应为18位数字或大写字母', en: 'A credit code is 18 digits or capital letters' },
    check_digit: { zh: '统一社会信用代码校验不符，请逐位核对', en: 'This credit code does not check out; please check each character' }
  }
};
/** A name the server would refuse (domain/identity.ts personNameProblem), said where it is typed. */
export const nameProblemText = { zh: '姓名只能填写文字，不能有数字或符号', en: 'A name is letters only: no digits or symbols' };

/** Why an ID number or credit code was refused (domain/identity.ts), as the person who typed it should read it. */
export function identityProblemText(lang: Lang, what: 'idNumber' | 'creditCode', problem: IdProblem): string {
  return (IDENTITY_PROBLEMS[what][problem] ?? IDENTITY_PROBLEMS[what].invalid_format)[lang];
}

/** A register line the server skipped (register.import.ts), said in the reader's language. */
export function registerError(lang: Lang, error: string): string {
  const zh = lang === 'zh';
  if (error === 'missing column: kind') return zh ? '缺少“类型”列' : 'No "kind" column';
  if (error === 'unknown kind') return `${zh ? '类型应为：' : 'Kind must be one of: '}${GRID_KINDS.map((k) => (zh ? kindLabel[k].zh : k)).join(zh ? '、' : ', ')}`;
  if (error === 'unknown property') return zh ? '小区名称不是本社区的物业' : 'Property not in this community';
  const bad = /^(idNumber|creditCode): (\w+)$/.exec(error);
  if (bad) return identityProblemText(lang, bad[1] as 'idNumber' | 'creditCode', bad[2] as IdProblem);
  if (error.startsWith('missing: ')) {
    const fields = error.slice(9).split(', ').map((f) => REGISTER_FIELDS[f]?.[lang] ?? f);
    return `${zh ? '缺少：' : 'Missing: '}${fields.join(zh ? '、' : ', ')}`;
  }
  return error;
}

export const gridFilingText = {
  required: { zh: '必填', en: 'Required' },
  tenantName: { zh: '姓名', en: 'Name' },
  tenantId: { zh: '身份证号', en: 'ID number' },
  tenant: { zh: '租客', en: 'Tenant' },
  atLeastOneTenant: { zh: '请至少填写一位租客', en: 'Add at least one tenant' },
  visitNext: { zh: '社区将上门核实：请告知住户，并配合约定时间', en: 'The community will check on site: tell the household and help arrange a time' },
  removeTenant: { zh: '删除此租客', en: 'Remove tenant' },
  correcting: { zh: '正在修改 #{id}：改正社区指出的问题后提交，将作为新记录重新上报', en: 'Correcting #{id}: fix what the community pointed out, then send it as a new filing' },
  stopCorrecting: { zh: '取消修改', en: 'Stop correcting' },
  correct: { zh: '修改后重新上报', en: 'Correct and file again' },
  corrected: { zh: '已修改后重新上报为', en: 'Filed again as' },
  corrects: { zh: '修改自', en: 'Corrects' },
  photosSent: { zh: '照片 {n} 张已上传', en: '{n} photo(s) uploaded' },
  photosNotSent: { zh: '，但有 {n} 张照片未上传，请在表单下方补传', en: ', but {n} photo(s) did not upload: send them again below the form' },
  photoFiledBut: { zh: '已上报，编号 #{id}；以下照片未上传：', en: 'Record #{id} was filed, but these photos were not uploaded:' },
  photoType: { zh: '不是 JPEG、PNG 或 WebP 图片', en: 'not a JPEG, PNG or WebP image' },
  photoSize: { zh: '超过 2 MB', en: 'larger than 2 MB' },
  photoEmpty: { zh: '文件是空的', en: 'the file is empty' },
  photoCount: { zh: '每条记录最多 4 张照片', en: 'a record takes at most 4 photos' },
  photoState: { zh: '记录已不在待核查状态，不能再加照片', en: 'the record is no longer open for photos' },
  photoNetwork: { zh: '网络中断，未能上传', en: 'the connection dropped before it was sent' },
  photoRetry: { zh: '补传照片到', en: 'Add a photo to record' },
  photoUpload: { zh: '上传照片', en: 'Upload photo' },
  restored: { zh: '已恢复上次未提交的填写内容（照片需重新选择）', en: 'What you typed before the page reloaded is back (choose the photos again)' },
  restoredClear: { zh: '清空重填', en: 'Start over' },
  photoResend: { zh: '重新上传未能送达的 {n} 张照片', en: 'Send the {n} photo(s) that did not arrive again' },
  photoAdded: { zh: '照片已补传到', en: 'Photo added to record' },
  photoTooMany: { zh: '最多选择 4 张照片', en: 'Choose at most 4 photos' }
} as const;

export const outcomeText = {
  verified_new: { zh: '属实·新增', en: 'True, new' },
  verified_known: { zh: '属实·已掌握', en: 'True, known' },
  rejected: { zh: '不属实', en: 'Reject' },
  needs_visit: { zh: '需上门', en: 'Needs visit' }
} as const;
