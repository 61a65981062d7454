// The promotion association (一会): member roles, meeting kinds, who may read and write, and the small
// safe text format of the charter. Pure: shared by the service and the page.
import type { StaffPrincipal } from './roles';

export const MEMBER_ROLES = ['president', 'vice_president', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEETING_KINDS = ['joint', 'benchmark'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const memberRoleLabel: Record<MemberRole, { zh: string; en: string }> = {
  president: { zh: '会长单位', en: 'President unit' },
  vice_president: { zh: '副会长单位', en: 'Vice-president unit' },
  member: { zh: '会员单位', en: 'Member' }
};

export const meetingKindLabel: Record<MeetingKind, { zh: string; en: string }> = {
  joint: { zh: '联席会议', en: 'Joint meeting' },
  benchmark: { zh: '参观学习', en: 'Benchmark visit' }
};

/** The roster order: president, vice-presidents, members; earlier members first within a role. */
export function rosterOrder<T extends { role: string; memberSince: string; companyId: number }>(rows: T[]): T[] {
  const rank = (r: string) => MEMBER_ROLES.indexOf(r as MemberRole);
  return [...rows].sort((a, b) => rank(a.role) - rank(b.role) || a.memberSince.localeCompare(b.memberSince) || a.companyId - b.companyId);
}

/**
 * Who may read the association's records: the street office, admins and verifiers of the street, and
 * agents whose company is a member (they take part in its meetings). Writing is the street's.
 */
export function mayRead(p: StaffPrincipal, memberCompanyIds: ReadonlySet<number>): boolean {
  if (p.role === 'street' || p.role === 'admin' || p.role === 'verifier') return true;
  return p.role === 'agent' && p.companyId !== null && memberCompanyIds.has(p.companyId);
}

export function mayWrite(p: StaffPrincipal): boolean {
  return p.role === 'street' || p.role === 'admin';
}

// ---------------------------------------------------------------------------------------------------
// Charter text: a tiny markdown subset parsed into blocks of plain strings. The page renders strings as
// text nodes (never as HTML), so nothing typed into a charter can become markup.

export type CharterBlock =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  /** `numbers`: an ordered list's numbers as typed (a charter's 第3项 stays 3, whatever comes before it) */
  | { kind: 'list'; ordered: boolean; items: string[]; numbers?: number[] };

const HEADING = /^(#{1,2})\s+(.+)$/;
const BULLET = /^[-*]\s+(.+)$/;
// "3. 会员" and "3、会员" are items; "2.5万元以下" is a sentence that starts with an amount.
const NUMBERED = /^(\d{1,3})(?:\.(?!\d)|、|\))\s*(.+)$/;

/** `# ` / `## ` headings, `- ` bullets, `1. ` numbered items, blank-line separated paragraphs. */
export function parseCharter(body: string): CharterBlock[] {
  const out: CharterBlock[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: 'paragraph', text: para.join('\n') });
    para = [];
  };
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const h = HEADING.exec(line);
    const b = BULLET.exec(line);
    const n = b ? null : NUMBERED.exec(line);
    if (h) {
      flush();
      out.push({ kind: 'heading', level: h[1].length as 1 | 2, text: h[2].trim() });
    } else if (b) {
      flush();
      const last = out[out.length - 1];
      if (last?.kind === 'list' && !last.ordered) last.items.push(b[1].trim());
      else out.push({ kind: 'list', ordered: false, items: [b[1].trim()] });
    } else if (n) {
      flush();
      const last = out[out.length - 1];
      if (last?.kind === 'list' && last.ordered) {
        last.items.push(n[2].trim());
        last.numbers!.push(Number(n[1]));
      } else out.push({ kind: 'list', ordered: true, items: [n[2].trim()], numbers: [Number(n[1])] });
    } else para.push(line);
  }
  flush();
  return out;
}
