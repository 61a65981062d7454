// The single authority on case transitions: every door (HTTP, socket, board buttons) asks here,
// so a rule changed in this file changes everywhere at once.
import type { ErrorCode } from '../protocol/errors';
import type { Principal, StaffPrincipal } from './roles';

export { caseStateLabel, caseActionLabel, channelLabel, collectorRelationLabel, stepLabel } from './case.labels';

export const CASE_STATES = [
  'submitted',
  'needs_materials',
  'accepted',
  'in_review',
  'approved',
  'rejected',
  'returned',
  'ready_for_pickup',
  'delivered',
  'cancelled'
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CHANNELS = ['kiosk', 'desk', 'appointment', 'home_visit'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * 代领: who collected a certificate for the applicant. The desk checks the collector's own ID document and the
 * applicant's written authorisation (委托书); the case keeps the collector's name and relation, nothing more.
 */
export const COLLECTOR_RELATIONS = ['spouse', 'child', 'parent', 'relative', 'other'] as const;
export type CollectorRelation = (typeof COLLECTOR_RELATIONS)[number];

export const CASE_ACTIONS = [
  'accept',
  'request_materials',
  'supply_materials',
  'send_for_review',
  'approve',
  'return_for_materials',
  'reject',
  'record_return',
  'issue_pickup',
  'deliver',
  'cancel',
  'reassign',
  'resubmit'
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const TERMINAL_STATES: readonly CaseState[] = ['rejected', 'delivered', 'cancelled'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !TERMINAL_STATES.includes(s));

export function isTerminal(state: CaseState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Kanban columns: the happy path left to right, dead ends at the far right. */
export const STAGE_ORDER: CaseState[] = [
  'submitted',
  'needs_materials',
  'accepted',
  'in_review',
  'approved',
  'returned',
  'ready_for_pickup',
  'delivered',
  'rejected',
  'cancelled'
];

export interface CaseFacts {
  state: CaseState;
  pointId: number;
  communityId: number;
  streetId: number;
  /** a refused case already started again as a new one (重新受理 happens once) */
  resubmitted?: boolean;
}

export interface ActorFacts {
  principal: Principal;
  certifiedUntil: Date | null;
  pledgeSignedAt: Date | null;
  now: Date;
}

export type ActionInput = {
  reason?: string;
  missing?: string[];
  identityCheck?: { method: 'pickup_code' | 'id_document'; note?: string };
  /** 代领: someone else collects for the applicant, on their own ID document and a written authorisation */
  collector?: { name: string; relation: string; proofChecked: boolean };
  toPointId?: number;
};

export type Decision = { ok: true; to: CaseState } | { ok: false; code: ErrorCode; reason: string };

type Performer = 'agent' | 'verifier' | 'street';

interface Rule {
  by: Performer;
  /** null: any open state, and the case stays where it is. */
  from: readonly CaseState[] | null;
  to: CaseState | null;
}

// A Map rather than an object literal so that a runtime string like 'constructor' cannot
// masquerade as an action (decide() must stay total for untrusted wire input).
const RULES = new Map<string, Rule>([
  ['accept', { by: 'agent', from: ['submitted'], to: 'accepted' }],
  ['request_materials', { by: 'agent', from: ['submitted'], to: 'needs_materials' }],
  ['supply_materials', { by: 'agent', from: ['needs_materials'], to: 'submitted' }],
  ['send_for_review', { by: 'agent', from: ['accepted'], to: 'in_review' }],
  ['approve', { by: 'verifier', from: ['in_review'], to: 'approved' }],
  // 退回补正: the community sends the case back to the point for what is missing, instead of ending it.
  ['return_for_materials', { by: 'verifier', from: ['in_review'], to: 'needs_materials' }],
  ['reject', { by: 'verifier', from: ['in_review'], to: 'rejected' }],
  ['record_return', { by: 'agent', from: ['approved'], to: 'returned' }],
  ['issue_pickup', { by: 'agent', from: ['returned'], to: 'ready_for_pickup' }],
  ['deliver', { by: 'agent', from: ['ready_for_pickup'], to: 'delivered' }],
  // Once papers are with the workstation the point can no longer withdraw them.
  ['cancel', { by: 'agent', from: ['submitted', 'needs_materials', 'accepted'], to: 'cancelled' }],
  ['reassign', { by: 'street', from: null, to: null }],
  // 重新受理: a refusal is final for the case, not for the resident. The point starts a new case for the same
  // applicant and item (the service opens it); the refused one stays as it was, linked to the new one.
  ['resubmit', { by: 'agent', from: ['rejected'], to: 'rejected' }]
]);

/**
 * The community's review decisions (approve, reject) are taken on the verification board, where a
 * verifier must hold the item's live claim to decide it, as for grid records.
 */
export function needsReviewClaim(action: string): boolean {
  return RULES.get(action)?.by === 'verifier';
}

type Fail = Extract<Decision, { ok: false }>;
const fail = (code: ErrorCode, reason: string): Fail => ({ ok: false, code, reason });

function staffMayPerform(p: StaffPrincipal, by: Performer, c: CaseFacts): boolean {
  switch (by) {
    case 'agent':
      return p.role === 'agent' && p.pointId !== null && p.pointId === c.pointId;
    case 'verifier':
      return p.role === 'verifier' && p.communityId !== null && p.communityId === c.communityId;
    case 'street':
      // Admins are street-level too; neither may reach into another street's cases.
      return (p.role === 'street' || p.role === 'admin') && p.streetId === c.streetId;
  }
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/** Everything except the input checks: what decides whether a button is shown at all. */
function gate(c: CaseFacts, action: string, actor: ActorFacts): Fail | { rule: Rule } {
  const rule = RULES.get(action);
  if (!rule) return fail('VALIDATION', `unknown action ${String(action)}`);
  const p = actor?.principal;
  // Kiosks are resident-facing and anonymous: no case action goes through them.
  if (!p || p.kind !== 'staff' || !staffMayPerform(p, rule.by, c)) {
    return fail('FORBIDDEN', `${action} is not allowed for this principal on this case`);
  }
  if (rule.by === 'agent') {
    const now = actor.now;
    const until = actor.certifiedUntil;
    if (!isValidDate(until) || !isValidDate(now) || until.getTime() < now.getTime()) {
      return fail('NOT_CERTIFIED', 'agent certification missing or expired');
    }
    if (!isValidDate(actor.pledgeSignedAt)) return fail('PLEDGE_MISSING', 'confidentiality pledge not signed');
  }
  const state = c.state;
  const legal = rule.from === null ? OPEN_STATES.includes(state) : rule.from.includes(state);
  if (!legal) return fail('ILLEGAL_TRANSITION', `cannot ${action} a case in state ${String(state)}`);
  if (action === 'resubmit' && c.resubmitted) return fail('ILLEGAL_TRANSITION', 'already_resubmitted');
  // The papers are at the community workstation, and its verifier would lose the case mid-review.
  if (action === 'reassign' && state === 'in_review') return fail('ILLEGAL_TRANSITION', 'reassign_in_review');
  return { rule };
}

const nonBlank = (s: unknown): boolean => typeof s === 'string' && s.trim().length > 0;

function checkInput(c: CaseFacts, action: CaseAction, input: ActionInput | undefined): Fail | null {
  switch (action) {
    case 'reject':
      return nonBlank(input?.reason) ? null : fail('VALIDATION', 'reject needs a non-empty reason');
    case 'request_materials':
    case 'return_for_materials': {
      const missing: unknown = input?.missing;
      const ok = Array.isArray(missing) && missing.length > 0 && missing.every(nonBlank);
      return ok ? null : fail('VALIDATION', `${action} needs a non-empty list of missing materials`);
    }
    case 'deliver': {
      // Handing a certificate to the wrong person is the one irreversible privacy failure here.
      const method: unknown = input?.identityCheck?.method;
      const ok = method === 'pickup_code' || method === 'id_document';
      if (!ok) return fail('VALIDATION', 'deliver needs an identity check (pickup_code or id_document)');
      const by = input?.collector;
      if (by === undefined) return null;
      const known = (COLLECTOR_RELATIONS as readonly unknown[]).includes(by?.relation);
      return by && nonBlank(by.name) && known && by.proofChecked === true ? null : fail('VALIDATION', 'a collector needs a name, a relation and their documents checked');
    }
    case 'reassign': {
      const to: unknown = input?.toPointId;
      if (typeof to !== 'number' || !Number.isSafeInteger(to) || to <= 0) {
        return fail('VALIDATION', 'reassign needs a target point id');
      }
      return to === c.pointId ? fail('VALIDATION', 'reassign target is the current point') : null;
    }
    default:
      return null;
  }
}

/**
 * Never throws, even for malformed wire input: order is scope, certification, state, input,
 * so a caller without rights learns nothing about the case's state.
 */
export function decide(c: CaseFacts, action: CaseAction, actor: ActorFacts, input?: ActionInput): Decision {
  if (!c || typeof c !== 'object') return fail('VALIDATION', 'missing case facts');
  const g = gate(c, action, actor);
  if ('ok' in g) return g;
  const bad = checkInput(c, action, input ?? undefined);
  if (bad) return bad;
  return { ok: true, to: g.rule.to ?? c.state };
}

/** The actions this actor could take now, given valid input: the buttons to show. */
export function availableActions(c: CaseFacts, actor: ActorFacts): CaseAction[] {
  return CASE_ACTIONS.filter((a) => !('ok' in gate(c, a, actor)));
}
