import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CASE_ACTIONS,
  CASE_STATES,
  OPEN_STATES,
  STAGE_ORDER,
  TERMINAL_STATES,
  availableActions,
  caseActionLabel,
  caseStateLabel,
  needsReviewClaim,
  channelLabel,
  CHANNELS,
  decide,
  isTerminal,
  type ActionInput,
  type ActorFacts,
  type CaseAction,
  type CaseFacts,
  type CaseState
} from '../../src/lib/domain/case.machine';
import type { Principal, Role } from '../../src/lib/domain/roles';

const NOW = new Date('2024-06-03T02:00:00Z');
const LATER = new Date('2025-01-01T00:00:00Z');
const EARLIER = new Date('2024-01-01T00:00:00Z');

const CASE: CaseFacts = { state: 'submitted', pointId: 11, communityId: 21, streetId: 31 };

const ACTOR_KINDS = [
  'admin',
  'street',
  'verifierSame',
  'verifierOther',
  'agentCertified',
  'agentUncertified',
  'agentNoPledge',
  'agentOtherPoint',
  'kiosk'
] as const;
type ActorKind = (typeof ACTOR_KINDS)[number];

function staff(role: Role, c: CaseFacts, over: Partial<{ communityId: number | null; pointId: number | null }> = {}): Principal {
  return { kind: 'staff', userId: 1, role, streetId: c.streetId, communityId: null, pointId: null, companyId: null, ...over };
}

function actorOf(kind: ActorKind, c: CaseFacts): ActorFacts {
  const ok = { certifiedUntil: LATER, pledgeSignedAt: EARLIER, now: NOW };
  switch (kind) {
    case 'admin':
      return { principal: staff('admin', c), ...ok };
    case 'street':
      return { principal: staff('street', c), ...ok };
    case 'verifierSame':
      return { principal: staff('verifier', c, { communityId: c.communityId }), ...ok };
    case 'verifierOther':
      return { principal: staff('verifier', c, { communityId: c.communityId + 1 }), ...ok };
    case 'agentCertified':
      return { principal: staff('agent', c, { communityId: c.communityId, pointId: c.pointId }), ...ok };
    case 'agentUncertified':
      return { principal: staff('agent', c, { pointId: c.pointId }), ...ok, certifiedUntil: EARLIER };
    case 'agentNoPledge':
      return { principal: staff('agent', c, { pointId: c.pointId }), ...ok, pledgeSignedAt: null };
    case 'agentOtherPoint':
      return { principal: staff('agent', c, { pointId: c.pointId + 1 }), ...ok };
    case 'kiosk':
      return {
        principal: { kind: 'kiosk', kioskId: 5, pointId: c.pointId, streetId: c.streetId, communityId: c.communityId },
        ...ok
      };
  }
}

const VALID_INPUT: ActionInput = {
  reason: 'photo unreadable',
  missing: ['户口本复印件'],
  identityCheck: { method: 'pickup_code' },
  toPointId: 12
};

// Written out by hand from the brief, deliberately not imported from the implementation.
const AGENT_MOVES: Record<string, Record<string, string>> = {
  submitted: { accept: 'accepted', request_materials: 'needs_materials', cancel: 'cancelled' },
  needs_materials: { supply_materials: 'submitted', cancel: 'cancelled' },
  accepted: { send_for_review: 'in_review', cancel: 'cancelled' },
  approved: { record_return: 'returned' },
  returned: { issue_pickup: 'ready_for_pickup' },
  ready_for_pickup: { deliver: 'delivered' },
  // 重新受理 opens a new case; the refused one stays refused
  rejected: { resubmit: 'rejected' }
};
const VERIFIER_MOVES: Record<string, Record<string, string>> = {
  // 退回补正 sends it back to the point's 待补材料 rather than ending it
  in_review: { approve: 'approved', return_for_materials: 'needs_materials', reject: 'rejected' }
};
const VERIFIER_ACTIONS = ['approve', 'return_for_materials', 'reject'];
const AGENT_ACTIONS = [
  'accept', 'request_materials', 'supply_materials', 'send_for_review',
  'record_return', 'issue_pickup', 'deliver', 'cancel', 'resubmit'
];
const DEAD_ENDS = ['rejected', 'delivered', 'cancelled'];

type Expected = { to: string } | { code: string };

function expected(kind: ActorKind, state: string, action: string): Expected {
  const illegal = { code: 'ILLEGAL_TRANSITION' };
  const forbidden = { code: 'FORBIDDEN' };
  switch (kind) {
    case 'admin':
    case 'street':
      if (action !== 'reassign') return forbidden;
      // not while the community is reviewing it (the papers are there)
      return DEAD_ENDS.includes(state) || state === 'in_review' ? illegal : { to: state };
    case 'verifierSame': {
      if (!VERIFIER_ACTIONS.includes(action)) return forbidden;
      const to = VERIFIER_MOVES[state]?.[action];
      return to ? { to } : illegal;
    }
    case 'agentCertified': {
      if (!AGENT_ACTIONS.includes(action)) return forbidden;
      const to = AGENT_MOVES[state]?.[action];
      return to ? { to } : illegal;
    }
    case 'agentUncertified':
      return AGENT_ACTIONS.includes(action) ? { code: 'NOT_CERTIFIED' } : forbidden;
    case 'agentNoPledge':
      return AGENT_ACTIONS.includes(action) ? { code: 'PLEDGE_MISSING' } : forbidden;
    case 'verifierOther':
    case 'agentOtherPoint':
    case 'kiosk':
      return forbidden;
  }
}

describe('transition table: every state × action × actor', () => {
  for (const kind of ACTOR_KINDS) {
    describe(kind, () => {
      for (const state of CASE_STATES) {
        for (const action of CASE_ACTIONS) {
          const want = expected(kind, state, action);
          it(`${state} --${action}--> ${'to' in want ? want.to : want.code}`, () => {
            const c = { ...CASE, state };
            const d = decide(c, action, actorOf(kind, c), VALID_INPUT);
            if ('to' in want) expect(d).toEqual({ ok: true, to: want.to });
            else expect(d).toMatchObject({ ok: false, code: want.code });
            if (!d.ok) expect(d.reason.length).toBeGreaterThan(0);
            // The buttons shown must agree with what decide() accepts.
            expect(availableActions(c, actorOf(kind, c)).includes(action)).toBe('to' in want);
          });
        }
      }
    });
  }
});

describe('check order and input validation', () => {
  const at = (state: CaseState): CaseFacts => ({ ...CASE, state });
  const agent = actorOf('agentCertified', CASE);

  it('scope is checked before state: a stranger learns nothing about the state', () => {
    expect(decide(at('delivered'), 'accept', actorOf('agentOtherPoint', CASE), VALID_INPUT)).toMatchObject({ code: 'FORBIDDEN' });
  });
  it('certification before pledge, both before state and input', () => {
    const both: ActorFacts = { ...agent, certifiedUntil: null, pledgeSignedAt: null };
    expect(decide(at('delivered'), 'deliver', both)).toMatchObject({ code: 'NOT_CERTIFIED' });
    const noPledge: ActorFacts = { ...agent, pledgeSignedAt: null };
    expect(decide(at('delivered'), 'deliver', noPledge)).toMatchObject({ code: 'PLEDGE_MISSING' });
  });
  it('certification valid exactly until now, expired a millisecond before', () => {
    expect(decide(at('submitted'), 'accept', { ...agent, certifiedUntil: NOW })).toEqual({ ok: true, to: 'accepted' });
    const expired = { ...agent, certifiedUntil: new Date(NOW.getTime() - 1) };
    expect(decide(at('submitted'), 'accept', expired)).toMatchObject({ code: 'NOT_CERTIFIED' });
  });
  it('state before input', () => {
    expect(decide(at('submitted'), 'deliver', agent, {})).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });
  it('reject needs a non-blank reason', () => {
    const v = actorOf('verifierSame', CASE);
    for (const input of [undefined, {}, { reason: '' }, { reason: ' \n\t' }]) {
      expect(decide(at('in_review'), 'reject', v, input)).toMatchObject({ code: 'VALIDATION' });
    }
    expect(decide(at('in_review'), 'reject', v, { reason: ' 材料不全 ' })).toEqual({ ok: true, to: 'rejected' });
    expect(decide(at('in_review'), 'approve', v)).toEqual({ ok: true, to: 'approved' });
  });
  it('request_materials needs a non-empty list of non-blank items', () => {
    for (const input of [undefined, {}, { missing: [] }, { missing: ['  '] }, { missing: ['ok', ''] }]) {
      expect(decide(at('submitted'), 'request_materials', agent, input)).toMatchObject({ code: 'VALIDATION' });
    }
    expect(decide(at('submitted'), 'request_materials', agent, { missing: ['照片'] })).toEqual({ ok: true, to: 'needs_materials' });
  });
  it('退回补正 names what is missing, like 通知补材料', () => {
    const v = actorOf('verifierSame', CASE);
    for (const input of [undefined, {}, { missing: [] }, { missing: ['  '] }, { reason: '照片' }]) {
      expect(decide(at('in_review'), 'return_for_materials', v, input)).toMatchObject({ code: 'VALIDATION' });
    }
    expect(decide(at('in_review'), 'return_for_materials', v, { missing: ['结婚证'] })).toEqual({ ok: true, to: 'needs_materials' });
  });
  it('deliver needs an identity check', () => {
    const c = at('ready_for_pickup');
    expect(decide(c, 'deliver', agent)).toMatchObject({ code: 'VALIDATION' });
    const bogus = { identityCheck: { method: 'trust_me' } } as unknown as ActionInput;
    expect(decide(c, 'deliver', agent, bogus)).toMatchObject({ code: 'VALIDATION' });
    expect(decide(c, 'deliver', agent, { identityCheck: { method: 'id_document', note: '身份证' } })).toEqual({ ok: true, to: 'delivered' });
  });
  it('a certificate collected by someone else (代领) needs their name, their relation and their documents checked', () => {
    const c = at('ready_for_pickup');
    const check = { method: 'pickup_code' } as const;
    const proxy = { name: '王小红', relation: 'child', proofChecked: true };
    expect(decide(c, 'deliver', agent, { identityCheck: check, collector: proxy })).toEqual({ ok: true, to: 'delivered' });
    for (const collector of [{ ...proxy, name: ' ' }, { ...proxy, relation: 'neighbour' }, { ...proxy, proofChecked: false }, null]) {
      expect(decide(c, 'deliver', agent, { identityCheck: check, collector } as unknown as ActionInput), JSON.stringify(collector)).toMatchObject({ code: 'VALIDATION' });
    }
  });
  it('重新受理 happens once: a refused case already started again offers it no more', () => {
    const refused = at('rejected');
    expect(decide(refused, 'resubmit', agent)).toEqual({ ok: true, to: 'rejected' });
    expect(decide({ ...refused, resubmitted: true }, 'resubmit', agent)).toMatchObject({ code: 'ILLEGAL_TRANSITION', reason: 'already_resubmitted' });
    expect(availableActions({ ...refused, resubmitted: true }, agent)).toEqual([]);
    // Scope still comes first: a stranger learns nothing, not even that it was started again.
    expect(decide({ ...refused, resubmitted: true }, 'resubmit', actorOf('agentOtherPoint', CASE))).toMatchObject({ code: 'FORBIDDEN' });
  });
  it('reassign needs a different, valid point', () => {
    const s = actorOf('street', CASE);
    for (const toPointId of [undefined, CASE.pointId, 0, -3, 1.5, Number.NaN]) {
      expect(decide(at('accepted'), 'reassign', s, { toPointId })).toMatchObject({ code: 'VALIDATION' });
    }
    expect(decide(at('accepted'), 'reassign', s, { toPointId: 99 })).toEqual({ ok: true, to: 'accepted' });
  });
  it('street staff of another street and half-configured staff are forbidden', () => {
    const other = { ...actorOf('street', CASE), principal: staff('street', { ...CASE, streetId: 32 }) };
    expect(decide(at('accepted'), 'reassign', other, { toPointId: 99 })).toMatchObject({ code: 'FORBIDDEN' });
    const noPoint = { ...agent, principal: staff('agent', CASE) };
    expect(decide(at('submitted'), 'accept', noPoint)).toMatchObject({ code: 'FORBIDDEN' });
    const noCommunity = { ...agent, principal: staff('verifier', CASE) };
    expect(decide(at('in_review'), 'approve', noCommunity)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('states, stages and labels', () => {
  it('terminal and open states partition the states', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(['cancelled', 'delivered', 'rejected']);
    expect([...OPEN_STATES, ...TERMINAL_STATES].sort()).toEqual([...CASE_STATES].sort());
    for (const s of CASE_STATES) expect(isTerminal(s)).toBe(DEAD_ENDS.includes(s));
  });
  it('stage order covers every state once, dead ends last', () => {
    expect([...STAGE_ORDER].sort()).toEqual([...CASE_STATES].sort());
    expect(STAGE_ORDER.slice(-2).sort()).toEqual(['cancelled', 'rejected']);
  });
  it('every state, action and channel has both labels', () => {
    for (const s of CASE_STATES) expect(caseStateLabel[s].zh && caseStateLabel[s].en).toBeTruthy();
    for (const a of CASE_ACTIONS) expect(caseActionLabel[a].zh && caseActionLabel[a].en).toBeTruthy();
    for (const c of CHANNELS) expect(channelLabel[c].zh && channelLabel[c].en).toBeTruthy();
    expect(caseStateLabel.needs_materials.zh).toBe('待补材料');
    expect(caseActionLabel.reassign.zh).toBe('改派');
  });
});

describe('properties', () => {
  const junk = fc.oneof(fc.constant(undefined), fc.anything()) as fc.Arbitrary<unknown>;
  const inputArb: fc.Arbitrary<ActionInput | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constant(VALID_INPUT),
    fc.record(
      {
        reason: fc.oneof(fc.string(), junk),
        missing: fc.oneof(fc.array(fc.string()), junk),
        identityCheck: fc.oneof(fc.record({ method: fc.constantFrom('pickup_code', 'id_document', 'x') }), junk),
        toPointId: fc.oneof(fc.integer({ min: -2, max: 30 }), junk)
      },
      { requiredKeys: [] }
    ).map((r) => r as unknown as ActionInput)
  );
  const stepArb = fc.record({
    action: fc.constantFrom(...CASE_ACTIONS),
    kind: fc.constantFrom(...ACTOR_KINDS),
    input: inputArb
  });

  it('random walks from submitted stay in the state set, never leave a dead end, never throw', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        let c: CaseFacts = { ...CASE };
        for (const { action, kind, input } of steps) {
          const actor = actorOf(kind, c);
          const d = decide(c, action, actor, input);
          if (d.ok) {
            expect(CASE_STATES).toContain(d.to);
            expect(isTerminal(c.state)).toBe(false);
            expect(availableActions(c, actor)).toContain(action);
            c = { ...c, state: d.to, pointId: action === 'reassign' ? (input?.toPointId ?? c.pointId) : c.pointId };
          } else {
            expect(typeof d.reason).toBe('string');
          }
        }
      }),
      { numRuns: 500 }
    );
  });

  it('decide is total even for garbage from the wire', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.anything(), fc.anything(), (action, state, principal, input) => {
        const c = { ...CASE, state } as unknown as CaseFacts;
        const actor = { principal, certifiedUntil: 'x', pledgeSignedAt: 5, now: null } as unknown as ActorFacts;
        const d = decide(c, action as CaseAction, actor, input as ActionInput);
        expect(d.ok).toBe(false);
      })
    );
  });
});

describe('review decisions need the board claim', () => {
  it('exactly the verifier’s actions (approve, reject) need a live claim; nothing else, and no stray string', () => {
    expect(CASE_ACTIONS.filter(needsReviewClaim).sort()).toEqual(['approve', 'reject', 'return_for_materials']);
    for (const a of ['constructor', '__proto__', 'toString', '']) expect(needsReviewClaim(a)).toBe(false);
  });
});
