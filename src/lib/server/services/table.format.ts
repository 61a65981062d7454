// Finance-office tables: CSV (UTF-8 with BOM so Excel reads Chinese) and XLSX, from one table model.
import writeExcelFile from 'write-excel-file/node';

/** A money cell in fen: "12.50" in CSV, a number formatted as yuan in XLSX. */
export interface Yuan {
  fen: number;
}
export type Cell = string | number | null | Yuan;
export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

const isYuan = (c: Cell): c is Yuan => typeof c === 'object' && c !== null;
export const yuanText = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** YYYY-MM-DD HH:mm in Asia/Shanghai (UTC+8 all year). */
export function shanghaiTime(d: Date | string | null | undefined): string {
  if (!d) return '';
  const t = new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

function csvCell(c: Cell): string {
  const s = c === null ? '' : isYuan(c) ? yuanText(c.fen) : String(c);
  // A leading =, +, - or @ would be a formula to a spreadsheet: quote it as text (CSV injection).
  const safe = /^[=+@]/.test(s) || (/^-/.test(s) && !/^-\d+(\.\d+)?$/.test(s)) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One or more sheets; several are written one after another, each under its name. */
export function toCsv(sheets: Sheet[]): string {
  const blocks = sheets.map((s) => [...(sheets.length > 1 ? [csvCell(s.name)] : []), s.header.map(csvCell).join(','), ...s.rows.map((r) => r.map(csvCell).join(','))].join('\r\n'));
  return `\uFEFF${blocks.join('\r\n\r\n')}\r\n`;
}

export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const data = sheets.map((s) => ({
    sheet: s.name.slice(0, 31),
    stickyRowsCount: 1,
    data: [
      s.header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
      ...s.rows.map((r) => r.map((c) => (c === null ? null : isYuan(c) ? { value: c.fen / 100, format: '#,##0.00' } : { value: c })))
    ]
  }));
  return (await writeExcelFile(data as never).toBuffer()) as Buffer;
}
