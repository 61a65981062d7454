// What happened and who did it, in the reader's language: one line of the live feed for each kind of board
// event (labels, never the database's state names), and who took a case's timeline step. Pure, so the
// screens and their tests share it.
import { channelLabel, stepLabel } from '../domain/case.labels';
import type { Channel } from '../domain/case.machine';
import { meetingKindLabel, memberRoleLabel, type MeetingKind, type MemberRole } from '../domain/association';
import { kindLabel, stateLabel, type GridKind, type RecordState } from '../domain/grid.kinds';
import type { Lang } from '../protocol/errors';
import type { BoardEvent } from '../protocol/events';

type L = { zh: string; en: string };
const say = (zh: string, en: string): L => ({ zh, en });
const T = {
  kiosk: say('自助机', 'Kiosk'),
  online: say('在线', 'online'),
  offline: say('离线', 'offline'),
  possibleDuplicate: say('疑似重复', 'possible duplicate'),
  record: say('网格信息', 'Grid record'),
  case: say('办件', 'Case'),
  claimedBy: say('认领人', 'claimed by'),
  released: say('已释放', 'released'),
  company: say('企业', 'Company'),
  decisions: say('项决定', 'decisions'),
  byStaff: say('窗口录入', 'entered at a desk')
};

/** A label from a map, or the raw value when the map has none (an event newer than this page). */
function label<K extends string>(map: Record<K, L>, key: unknown, lang: Lang): string | undefined {
  if (typeof key !== 'string' || !key) return undefined;
  return (map as Record<string, L>)[key]?.[lang] ?? key;
}

export function eventSummary(e: BoardEvent, lang: Lang): string {
  const p = e.payload as Record<string, unknown>;
  const w = (l: L) => l[lang];
  const parts = ((): unknown[] => {
    switch (e.type) {
      case 'board.notice.v1':
        return [`${p.text} — ${p.by}`];
      case 'case.submitted.v1':
        return [p.caseNo, p.applicant, label<Channel>(channelLabel, p.channel, lang)];
      case 'case.updated.v1':
        return [p.caseNo, stepLabel(String(p.action), String(p.to))?.[lang] ?? String(p.to), byName(String(p.by), lang)];
      case 'pickup.ready.v1':
        return [p.caseNo, p.applicant];
      case 'pickup.cleared.v1':
        return [p.caseNo];
      case 'kiosk.status.v1':
        return [`${w(T.kiosk)} #${p.kioskId}`, w(p.online ? T.online : T.offline)];
      case 'grid.filed.v1':
        return [label<GridKind>(kindLabel, p.kind, lang), `#${p.recordId}`, p.duplicate ? w(T.possibleDuplicate) : null];
      case 'grid.claimed.v1':
        return [p.caseNo ?? `${w(p.subject === 'case' ? T.case : T.record)} #${p.id}`, p.holder ? `${w(T.claimedBy)} ${p.holder}` : w(T.released)];
      case 'grid.decided.v1':
        return [label<GridKind>(kindLabel, p.kind, lang), `#${p.recordId}`, label<RecordState>(stateLabel, p.outcome, lang), p.by];
      case 'association.member.v1':
        return [`${w(T.company)} #${p.companyId}`, label<MemberRole>(memberRoleLabel, p.role, lang)];
      case 'association.meeting.v1':
        return [label<MeetingKind>(meetingKindLabel, p.kind, lang), p.heldOn, `${p.decisions} ${w(T.decisions)}`];
      case 'survey.answered.v1':
        return [p.channel === 'kiosk' ? w(T.kiosk) : w(T.byStaff)];
      default:
        return [p.caseNo];
    }
  })();
  return parts.filter((x) => x !== null && x !== undefined && x !== '').join(' · ');
}

const kioskName = (id: string, lang: Lang) => `${T.kiosk[lang]} #${id}`;

/** An event's actor as the server names it: a kiosk's name (自助机 #1, actor.ts) is said in the reader's language. */
function byName(by: string, lang: Lang): string {
  const kiosk = /^自助机 #(\d+)$/.exec(by);
  return kiosk ? kioskName(kiosk[1], lang) : by;
}

/**
 * Who took a timeline step, in the reader's language. A kiosk's step is stored as "自助机 #3"; its device
 * ("kiosk:3") names it in either language. A person's name is shown as stored.
 */
export function stepActor(step: { by: string; device: string | null }, lang: Lang): string {
  const kiosk = step.device && /^kiosk:(\d+)$/.exec(step.device);
  return kiosk ? kioskName(kiosk[1], lang) : step.by;
}
