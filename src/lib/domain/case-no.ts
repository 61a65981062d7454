// Case numbers: D + YYYYMMDD + - + serial, typed on the kiosk keypad as digits only.
export const caseNoOf = (d: string): string => (d ? `D${d.slice(0, 8)}${d.length > 8 ? `-${d.slice(8)}` : ''}` : '');
export const digitsOf = (caseNo: string): string => caseNo.replace(/\D/g, '');
export const CASE_NO = /^D\d{8}-\d{6,}$/;

/**
 * A kiosk's 临时编号 for an application it had to queue offline: the China date and six random digits,
 * fourteen digits in all like a case number's, so 查询进度 takes it on the same keypad once the application
 * has reached the server. Random, so it may equal another number: the phone's last four digits decide.
 */
export const KIOSK_REF = /^\d{14}$/;
export const provisionalRef = (dateKey: string, random: () => number = Math.random): string =>
  dateKey.replaceAll('-', '') + String(Math.floor(random() * 1_000_000)).padStart(6, '0');
/** how a 临时编号 is printed: 20261128-048213 */
export const refOf = (ref: string): string => `${ref.slice(0, 8)}-${ref.slice(8)}`;
