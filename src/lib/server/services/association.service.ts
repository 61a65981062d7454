// The promotion association (一会): member companies (one president unit at a time), the charter's
// versions, joint meetings and benchmark visits with attendees and decisions. The street office and
// admins write; verifiers and agents of member companies read. Everything is one street's: another
// street's member, meeting or reference answers exactly like one that does not exist.
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { mayRead, mayWrite, MEETING_KINDS, MEMBER_ROLES, rosterOrder, type MeetingKind, type MemberRole } from '../../domain/association';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import * as repo from '../repositories/association.repository';
import { companiesOf } from '../repositories/org.repository';
import type { Tx } from '../db/client';
import type { Core } from '../runtime/core';
import { CalendarDay, Int4Id, storable } from './case.inputs';
import { command, type Emit } from './uow';
import { shanghaiDateKey } from '../../domain/sla';

const Line = (max: number) => z.string().trim().min(1).max(max).refine(storable);
const Long = (max: number) => z.string().trim().max(max).refine(storable);
const Ids = z.array(Int4Id).max(100);

export const MemberInput = z.object({
  companyId: Int4Id,
  role: z.enum(MEMBER_ROLES),
  memberSince: CalendarDay,
  /** when making a president unit while another holds it: the other becomes a vice-president unit */
  replacePresident: z.boolean().default(false)
});

export const MemberPatch = z
  .object({ role: z.enum(MEMBER_ROLES).optional(), memberSince: CalendarDay.optional(), replacePresident: z.boolean().default(false) })
  .refine((p) => p.role !== undefined || p.memberSince !== undefined, { message: 'nothing to change' });

export const LeaveInput = z.object({ leftOn: CalendarDay });

export const CharterInput = z.object({ title: Line(120), body: Line(20_000), adoptedOn: CalendarDay });

export const DecisionInput = z.object({
  text: Line(1000),
  serviceItemIds: Ids.default([]),
  agreementIds: Ids.default([])
});

export const MeetingInput = z.object({
  kind: z.enum(MEETING_KINDS),
  heldOn: CalendarDay,
  title: Line(120),
  place: Line(200),
  agenda: Long(4000).default(''),
  minutes: Long(20_000).default(''),
  companyIds: Ids.default([]),
  staffIds: Ids.default([]),
  guests: z.array(Line(120)).max(50).default([]),
  decisions: z.array(DecisionInput).max(50).default([])
});

export const MeetingPatch = z
  .object({
    heldOn: CalendarDay.optional(),
    title: Line(120).optional(),
    place: Line(200).optional(),
    agenda: Long(4000).optional(),
    minutes: Long(20_000).optional(),
    companyIds: Ids.optional(),
    staffIds: Ids.optional(),
    guests: z.array(Line(120)).max(50).optional()
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' });

type Decision = z.infer<typeof DecisionInput>;
const uniq = (ids: number[]) => [...new Set(ids)];

/** The first id of `ids` not in `found`, as a field error: unknown and other-street look the same. */
function missing(path: string, ids: number[], found: Set<number>) {
  const i = ids.findIndex((id) => !found.has(id));
  return i < 0 ? [] : [{ path: `${path}.${i}`, code: 'unknown_reference' }];
}

export function createAssociationService(core: Core) {
  const { db } = core;

  async function requireReader(p: StaffPrincipal) {
    // Only an agent's right depends on data: whether their company is a member.
    const members = p.role === 'agent' ? await repo.memberCompanyIds(db, p.streetId) : new Set<number>();
    if (!mayRead(p, members)) throw new AppError('FORBIDDEN');
  }
  const requireWriter = (p: StaffPrincipal) => {
    if (!mayWrite(p)) throw new AppError('FORBIDDEN');
  };
  const cmd = <T>(p: StaffPrincipal, key: string, name: string, input: unknown, fn: (tx: Tx, emit: Emit) => Promise<T>) =>
    command(core, { principal: principalKey(p), key, name, input }, fn);

  // ---- members

  // The read* functions assume the caller was authorised; the public ones below check first.
  /** The members now; with `former`, the companies that left, the last to leave first. */
  async function readMembers(p: StaffPrincipal) {
    return (await readRoster(p)).current;
  }
  async function readRoster(p: StaffPrincipal) {
    const all = (await repo.membersOfStreet(db, p.streetId)).map((r) => ({ ...publicMember(r.m), company: { zh: r.nameZh, en: r.nameEn } }));
    return {
      current: rosterOrder(all.filter((m) => !m.leftOn)),
      former: all.filter((m) => m.leftOn).sort((a, b) => b.leftOn!.localeCompare(a.leftOn!))
    };
  }
  async function readCharter(p: StaffPrincipal) {
    // In force: the one adopted last (an older charter recorded later is history, not the current one).
    const versions = (await repo.charterVersions(db, p.streetId)).map(publicCharter);
    return { current: versions[0] ?? null, earlier: versions.slice(1) };
  }
  async function readMeetings(p: StaffPrincipal) {
    return assemble(await repo.meetingsOfStreet(db, p.streetId));
  }

  async function members(p: StaffPrincipal) {
    await requireReader(p);
    return readMembers(p);
  }

  /** A president unit is unique: refused while another holds it, unless the caller asks to hand it over. */
  async function settlePresident(tx: Tx, p: StaffPrincipal, companyId: number, role: MemberRole, replace: boolean) {
    if (role !== 'president') return;
    const other = await repo.otherPresident(tx, p.streetId, companyId);
    if (!other) return;
    if (!replace) throw new AppError('PRESIDENT_TAKEN', [{ path: 'role', code: 'president_taken', companyId: other.companyId }]);
    await repo.updateMember(tx, other.id, { role: 'vice_president', updatedAt: core.now() });
  }

  /**
   * A company joins, a charter is adopted, a meeting is held on a day that has come: a date ahead is a typing
   * slip, not a plan (and a charter dated ahead would be shown as the one in force).
   */
  function notAhead(day: string, path = 'memberSince') {
    if (day > shanghaiDateKey(core.now())) throw new AppError('VALIDATION', [{ path, code: 'future' }]);
  }

  async function addMember(p: StaffPrincipal, key: string, raw: unknown) {
    requireWriter(p);
    const m = MemberInput.parse(raw);
    notAhead(m.memberSince);
    if (!(await repo.companiesIn(db, p.streetId, [m.companyId])).has(m.companyId)) throw new AppError('NOT_FOUND');
    return cmd(p, key, 'association.member.add', m, async (tx, emit) => {
      const before = await repo.findMember(tx, p.streetId, m.companyId, true);
      if (before && !before.leftOn) throw new AppError('ALREADY_MEMBER', [{ path: 'companyId', code: 'already_member' }]);
      await settlePresident(tx, p, m.companyId, m.role, m.replacePresident);
      // A company that left joins again on its own row: the day it joins this time, no day it left.
      const row = before
        ? await repo.updateMember(tx, before.id, { role: m.role, memberSince: m.memberSince, leftOn: null, updatedAt: core.now() })
        : await repo.insertMember(tx, { streetId: p.streetId, companyId: m.companyId, role: m.role, memberSince: m.memberSince, createdBy: p.userId, updatedAt: core.now() });
      emit('association.member.v1', [`street:${p.streetId}`], { companyId: m.companyId, role: m.role });
      return publicMember(row);
    });
  }

  async function updateMember(p: StaffPrincipal, companyId: number, key: string, raw: unknown) {
    requireWriter(p);
    const patch = MemberPatch.parse(raw);
    if (patch.memberSince) notAhead(patch.memberSince);
    return cmd(p, key, 'association.member.update', { companyId, ...patch }, async (tx, emit) => {
      const m = await repo.findMember(tx, p.streetId, companyId, true);
      if (!m || m.leftOn) throw new AppError('NOT_FOUND');
      // The association always has a president unit: it changes hands by a handover, never by stepping down.
      if (m.role === 'president' && patch.role && patch.role !== 'president') throw new AppError('CONFLICT', { reason: 'president_needed' });
      if (patch.role) await settlePresident(tx, p, companyId, patch.role, patch.replacePresident);
      const row = await repo.updateMember(tx, m.id, { ...(patch.role ? { role: patch.role } : {}), ...(patch.memberSince ? { memberSince: patch.memberSince } : {}), updatedAt: core.now() });
      emit('association.member.v1', [`street:${p.streetId}`], { companyId, role: row.role });
      return publicMember(row);
    });
  }

  /** 退会: the company leaves on a day that has come, not before it joined; the president unit hands over first. */
  async function leaveMember(p: StaffPrincipal, companyId: number, key: string, raw: unknown) {
    requireWriter(p);
    const { leftOn } = LeaveInput.parse(raw);
    notAhead(leftOn, 'leftOn');
    return cmd(p, key, 'association.member.leave', { companyId, leftOn }, async (tx, emit) => {
      const m = await repo.findMember(tx, p.streetId, companyId, true);
      if (!m || m.leftOn) throw new AppError('NOT_FOUND');
      if (m.role === 'president') throw new AppError('CONFLICT', { reason: 'president_needed' });
      if (leftOn < String(m.memberSince)) throw new AppError('VALIDATION', [{ path: 'leftOn', code: 'before_joining' }]);
      const row = await repo.updateMember(tx, m.id, { leftOn, updatedAt: core.now() });
      emit('association.member.v1', [`street:${p.streetId}`], { companyId, role: row.role as MemberRole });
      return publicMember(row);
    });
  }

  // ---- charter

  async function charter(p: StaffPrincipal) {
    await requireReader(p);
    return readCharter(p);
  }

  async function adoptCharter(p: StaffPrincipal, key: string, raw: unknown) {
    requireWriter(p);
    const c = CharterInput.parse(raw);
    notAhead(c.adoptedOn, 'adoptedOn');
    return cmd(p, key, 'association.charter.adopt', c, async (tx) => {
      const version = await repo.nextCharterVersion(tx, p.streetId);
      return publicCharter(await repo.insertCharter(tx, { ...c, streetId: p.streetId, version, createdBy: p.userId, createdAt: core.now() }));
    });
  }

  // ---- meetings

  /** Every id a meeting or decision names must be of the caller's street (catalogue items: must exist). */
  async function checkReferences(p: StaffPrincipal, m: { companyIds?: number[]; staffIds?: number[] }, decisions: Decision[], prefix = 'decisions') {
    const companyIds = m.companyIds ?? [];
    const staffIds = m.staffIds ?? [];
    const itemIds = uniq(decisions.flatMap((d) => d.serviceItemIds));
    const agreementIds = uniq(decisions.flatMap((d) => d.agreementIds));
    const [companies, staff, items, agreements] = await Promise.all([
      repo.companiesIn(db, p.streetId, uniq(companyIds)),
      repo.staffIn(db, p.streetId, uniq(staffIds)),
      repo.serviceItemsIn(db, itemIds),
      repo.agreementsIn(db, p.streetId, agreementIds)
    ]);
    const problems = [
      ...missing('companyIds', companyIds, companies),
      ...missing('staffIds', staffIds, staff),
      ...decisions.flatMap((d, i) => [...missing(`${prefix}.${i}.serviceItemIds`, d.serviceItemIds, items), ...missing(`${prefix}.${i}.agreementIds`, d.agreementIds, agreements)])
    ];
    if (problems.length) throw new AppError('VALIDATION', problems);
  }

  async function writeDecisions(tx: Tx, p: StaffPrincipal, meetingId: number, decisions: Decision[]) {
    let position = await repo.nextDecisionPosition(tx, meetingId);
    const out = [];
    for (const d of decisions) {
      const row = await repo.insertDecision(tx, { meetingId, position: position++, text: d.text, createdBy: p.userId, createdAt: core.now() }, { serviceItemIds: uniq(d.serviceItemIds), agreementIds: uniq(d.agreementIds) });
      out.push(row.id);
    }
    return out;
  }

  async function recordMeeting(p: StaffPrincipal, key: string, raw: unknown) {
    requireWriter(p);
    const m = MeetingInput.parse(raw);
    notAhead(m.heldOn, 'heldOn');
    await checkReferences(p, m, m.decisions);
    const out = await cmd(p, key, 'association.meeting.record', m, async (tx, emit) => {
      const row = await repo.insertMeeting(tx, {
        streetId: p.streetId,
        kind: m.kind,
        heldOn: m.heldOn,
        title: m.title,
        place: m.place,
        agenda: m.agenda,
        minutes: m.minutes,
        guests: m.guests,
        createdBy: p.userId,
        createdAt: core.now(),
        updatedAt: core.now()
      });
      await repo.replaceAttendees(tx, row.id, uniq(m.companyIds), uniq(m.staffIds));
      await writeDecisions(tx, p, row.id, m.decisions);
      emit('association.meeting.v1', [`street:${p.streetId}`], { meetingId: row.id, kind: m.kind, heldOn: m.heldOn, decisions: m.decisions.length });
      return { id: row.id };
    });
    return { result: await meeting(p, out.result.id), replayed: out.replayed };
  }

  async function ownMeeting(p: StaffPrincipal, id: number, tx?: Tx) {
    const m = await repo.findMeeting(tx ?? db, id, !!tx);
    if (!m || m.streetId !== p.streetId) throw new AppError('NOT_FOUND');
    return m;
  }

  async function updateMeeting(p: StaffPrincipal, id: number, key: string, raw: unknown) {
    requireWriter(p);
    const patch = MeetingPatch.parse(raw);
    if (patch.heldOn) notAhead(patch.heldOn, 'heldOn');
    await ownMeeting(p, id);
    await checkReferences(p, patch, []);
    await cmd(p, key, 'association.meeting.update', { id, ...patch }, async (tx) => {
      await ownMeeting(p, id, tx);
      const { companyIds, staffIds, ...fields } = patch;
      await repo.updateMeeting(tx, id, { ...fields, updatedAt: core.now() });
      if (companyIds || staffIds) {
        const current = (await repo.meetingDetails(tx, [id])).attendees;
        const keepCompanies = companyIds ?? current.flatMap((a) => (a.companyId ? [a.companyId] : []));
        const keepStaff = staffIds ?? current.flatMap((a) => (a.staffUserId ? [a.staffUserId] : []));
        await repo.replaceAttendees(tx, id, uniq(keepCompanies), uniq(keepStaff));
      }
    });
    return meeting(p, id);
  }

  async function addDecision(p: StaffPrincipal, meetingId: number, key: string, raw: unknown) {
    requireWriter(p);
    const d = DecisionInput.parse(raw);
    await ownMeeting(p, meetingId);
    await checkReferences(p, {}, [d], 'decision');
    const out = await cmd(p, key, 'association.decision.add', { meetingId, ...d }, async (tx, emit) => {
      const m = await ownMeeting(p, meetingId, tx);
      const [id] = await writeDecisions(tx, p, meetingId, [d]);
      emit('association.meeting.v1', [`street:${p.streetId}`], { meetingId, kind: m.kind as MeetingKind, heldOn: String(m.heldOn), decisions: 1 });
      return { id, meetingId };
    });
    return out;
  }

  async function meetings(p: StaffPrincipal) {
    await requireReader(p);
    return readMeetings(p);
  }

  async function meeting(p: StaffPrincipal, id: number) {
    await requireReader(p);
    const m = await repo.findMeeting(db, id);
    if (!m || m.streetId !== p.streetId) throw new AppError('NOT_FOUND');
    return (await assemble([m]))[0];
  }

  async function assemble(rows: repo.MeetingRow[]) {
    const { attendees, decisions, refs } = await repo.meetingDetails(db, rows.map((m) => m.id));
    const attendeesOf = groupBy(attendees, (a) => a.meetingId);
    const decisionsOf = groupBy(decisions, (d) => d.meetingId);
    const refsOf = groupBy(refs, (r) => r.decisionId);
    return rows.map((m) => {
      const here = attendeesOf.get(m.id) ?? [];
      return {
        id: m.id,
        kind: m.kind as MeetingKind,
        heldOn: String(m.heldOn),
        title: m.title,
        place: m.place,
        agenda: m.agenda,
        minutes: m.minutes,
        guests: m.guests,
        companies: here.filter((a) => a.companyId).map((a) => ({ id: a.companyId!, zh: a.companyZh ?? '', en: a.companyEn ?? '' })),
        staff: here.filter((a) => a.staffUserId).map((a) => ({ id: a.staffUserId!, name: a.staffName ?? '' })),
        decisions: (decisionsOf.get(m.id) ?? []).map((d) => {
          const r = refsOf.get(d.id) ?? [];
          return {
            id: d.id,
            position: d.position,
            text: d.text,
            serviceItems: r.filter((x) => x.serviceItemId).map((x) => ({ id: x.serviceItemId!, code: x.itemCode ?? '', zh: x.itemZh ?? '', en: x.itemEn ?? '' })),
            agreements: r.filter((x) => x.agreementId).map((x) => ({ id: x.agreementId!, title: x.agreementTitle ?? '' }))
          };
        }),
        updatedAt: m.updatedAt.toISOString()
      };
    });
  }

  /** Everything the /association page shows, plus the form options for those who write. */
  async function overview(p: StaffPrincipal) {
    await requireReader(p);
    const writer = mayWrite(p);
    const [roster, ch, list, companies, more] = await Promise.all([
      readRoster(p),
      readCharter(p),
      readMeetings(p),
      writer ? companiesOf(db, p.streetId) : [],
      writer ? repo.formOptions(db, p.streetId) : null
    ]);
    const options = more ? { companies, ...more } : null;
    return { canWrite: writer, members: roster.current, formerMembers: roster.former, charter: ch, meetings: list, options };
  }

  return { members, addMember, updateMember, leaveMember, charter, adoptCharter, meetings, meeting, recordMeeting, updateMeeting, addDecision, overview };
}

function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function publicMember(m: repo.MemberRow) {
  return { companyId: m.companyId, role: m.role as MemberRole, memberSince: String(m.memberSince), leftOn: m.leftOn ? String(m.leftOn) : null };
}

function publicCharter(c: repo.CharterRow) {
  return { version: c.version, title: c.title, body: c.body, adoptedOn: String(c.adoptedOn), createdAt: c.createdAt.toISOString() };
}

export type AssociationService = ReturnType<typeof createAssociationService>;
export type AssociationView = Awaited<ReturnType<AssociationService['overview']>>;
export type MeetingView = AssociationView['meetings'][number];
