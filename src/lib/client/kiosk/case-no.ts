// Case numbers on the kiosk keypad: D + YYYYMMDD + - + serial, typed as digits only.
export const caseNoOf = (d: string): string => (d ? `D${d.slice(0, 8)}${d.length > 8 ? `-${d.slice(8)}` : ''}` : '');
export const digitsOf = (caseNo: string): string => caseNo.replace(/\D/g, '');
export const CASE_NO = /^D\d{8}-\d{6,}$/;
