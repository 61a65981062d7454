// Money and places: subsidy statements with four eyes, their entries, approval once the month is over, the append-only ledger and its reversals,
// reconciliation against delivered cases, and slot capacity under racing bookings.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfShanghaiDay } from '../../src/lib/domain/sla';
import { startTestServer, type TestServer } from '../support/server';
import { actOk, applicant, deliveredCases, drive, intakeBody, ledgerOf, newCase, postCase, rows, userId } from '../support/cases';

const DAY = 86_400_000;

describe('money and appointments', () => {
  let s: TestServer;
  let desk: string;
  let verifier: string;
  let street: string;
  let admin: string;
  const delivered: number[] = [];

  beforeAll(async () => {
    s = await startTestServer();
    [desk, verifier, street, admin] = await Promise.all(['desk', 'verifier', 'street', 'admin'].map((u) => s.login(u)));
    for (const itemCode of ['senior-card', 'residence-proof']) {
      const c = await newCase(s, { cookie: desk }, { itemCode });
      await drive(s, desk, verifier, c.caseId, 'delivered');
      delivered.push(c.caseId);
    }
  });
  afterAll(() => s?.close());

  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
  };

  const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

  it('a statement lists its entries; this month’s is a preview that nobody approves before the month ends', async () => {
    const [{ period }] = await rows<{ period: string }>(s, sql`select period from ledger_entry where case_id = ${delivered[0]}`);
    expect(period).toBe(thisMonth());
    expectError(await s.api('POST', '/api/street/statements', { cookie: desk, body: { companyId: 1, period } }), 403, 'FORBIDDEN');
    const prepared = await s.api('POST', '/api/street/statements', { cookie: street, body: { companyId: 1, period } });
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
    expect(prepared.body.data).toMatchObject({ companyId: 1, kind: 'subsidy', period, totalFen: 1800, entryCount: 2, preparedBy: await userId(s, 'street'), approvedBy: null });
    const id = prepared.body.data.id;

    // What the approver reads: each entry with its case, item, point and delivery time.
    const detail = await s.api('GET', `/api/street/statements/${id}`, { cookie: admin });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.data).toMatchObject({ id, stale: false, liveFen: 1800, liveCount: 2 });
    const caseNos = await rows<{ case_no: string }>(s, sql`select case_no from proxy_case where id in ${delivered} order by id`);
    expect(detail.body.data.lines).toEqual(
      caseNos.map((c, i) =>
        expect.objectContaining({ caseNo: c.case_no, itemZh: i === 0 ? '敬老优待证' : expect.any(String), pointZh: expect.any(String), closedAt: expect.any(String), reversesId: null, reversedById: null })
      )
    );
    expect(detail.body.data.lines.map((l: { amountFen: number }) => l.amountFen).reduce((a: number, b: number) => a + b)).toBe(1800);
    expectError(await s.api('GET', `/api/street/statements/${id}`, { cookie: desk }), 403, 'FORBIDDEN');
    expectError(await s.api('GET', '/api/street/statements/999999', { cookie: admin }), 404, 'NOT_FOUND');

    // Four eyes first, then the month: cases delivered later this month would be booked to an approved month.
    expectError(await s.api('POST', `/api/street/statements/${id}/approve`, { cookie: street }), 403, 'FORBIDDEN');
    expectError(await s.api('POST', `/api/street/statements/${id}/approve`, { cookie: desk }), 403, 'FORBIDDEN');
    const early = await s.api('POST', `/api/street/statements/${id}/approve`, { cookie: admin });
    expectError(early, 409, 'CONFLICT');
    expect(early.body.error).toMatchObject({ details: { reason: 'month_not_over' }, message: expect.stringContaining('月末') });
    const list = await s.api('GET', `/api/street/statements?period=${period}`, { cookie: street });
    expect(list.body.data).toEqual([expect.objectContaining({ id, approvedBy: null, stale: false })]);
  });

  it('ledger rows cannot be updated, deleted or truncated, even with SQL', async () => {
    const [entry] = await ledgerOf(s, delivered[0]);
    // drizzle wraps the driver's error; the trigger's message is on its cause.
    const refusal = (q: ReturnType<typeof sql>) =>
      s.runtime.core.db.execute(q).then(
        () => 'allowed',
        (e: { message: string; cause?: { message: string } }) => e.cause?.message ?? e.message
      );
    expect(await refusal(sql`update ledger_entry set amount_fen = amount_fen * 2 where id = ${entry.id}`)).toMatch(/append-only table ledger_entry: UPDATE/);
    expect(await refusal(sql`delete from ledger_entry where id = ${entry.id}`)).toMatch(/append-only table ledger_entry: DELETE/);
    expect(await refusal(sql`truncate ledger_entry`)).toMatch(/append-only table ledger_entry: TRUNCATE/);
    expect(await ledgerOf(s, delivered[0])).toEqual([entry]);
  });

  it('a reversal is a negative row, happens once, and reconciliation then reports the unpaid case', async () => {
    expect(await s.runtime.services.subsidies.reconcile(await deliveredCases(s))).toEqual({ ok: true, problems: [] });
    const [entry] = await ledgerOf(s, delivered[1]);
    const reverse = (id: number, cookie: string, body: unknown = { reason: '重复申报' }) => s.api('POST', `/api/street/ledger/${id}/reverse`, { cookie, body });
    // The dashboard's count beside a company's subsidy is the cases still paid; its list says the same.
    const paidFor = async () => {
      const row = (await s.api('GET', '/api/street/dashboard?period=month', { cookie: street })).body.data.money.rows.find((m: { companyId: number }) => m.companyId === entry.companyId);
      const list = (await s.api('GET', `/api/street/dashboard/list?period=month&list=subsidy&companyId=${entry.companyId}`, { cookie: street })).body.data;
      expect(list.paid).toBe(row.subsidyCases);
      return { cases: row.subsidyCases as number, entries: list.total as number, caseNos: list.entries.map((e: { caseNo: string }) => e.caseNo) };
    };
    const paidBefore = await paidFor();

    expectError(await reverse(entry.id, desk), 403, 'FORBIDDEN');
    expectError(await reverse(entry.id, street, {}), 400, 'VALIDATION');
    expectError(await reverse(entry.id, street, { reason: '重复\u0000申报' }), 400, 'VALIDATION');
    const first = await reverse(entry.id, street);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // The month is not approved: the reversal is booked in it, and its statement is now stale.
    expect(first.body.data).toMatchObject({ amountFen: -entry.amountFen, caseId: delivered[1], kind: 'subsidy', reason: '重复申报', period: thisMonth() });
    expect(Number(first.body.data.reversesId)).toBe(entry.id);
    // One case fewer paid for, one entry more listed (the reversal), each named by its case number.
    const paidAfter = await paidFor();
    expect([paidAfter.cases, paidAfter.entries]).toEqual([paidBefore.cases - 1, paidBefore.entries + 1]);
    expect(paidAfter.caseNos.every((no: string) => /^D\d{8}-\d{6,}$/.test(no))).toBe(true);
    const [st] = (await s.api('GET', `/api/street/statements?period=${thisMonth()}`, { cookie: street })).body.data;
    expect(st).toMatchObject({ totalFen: 1800, stale: true, liveFen: 1800 - entry.amountFen, liveCount: 3 });
    const lines = (await s.api('GET', `/api/street/statements/${st.id}`, { cookie: street })).body.data.lines;
    expect(lines.find((l: { id: number }) => l.id === entry.id)).toMatchObject({ reversedById: Number(first.body.data.id) });
    expect(lines.find((l: { id: number }) => l.id === Number(first.body.data.id))).toMatchObject({ reversesId: entry.id, reason: '重复申报', amountFen: -entry.amountFen });

    const second = await reverse(entry.id, admin);
    expectError(await reverse(Number(first.body.data.id), street), 404, 'NOT_FOUND');
    expect((await ledgerOf(s, delivered[1])).map((e) => e.amountFen)).toEqual([entry.amountFen, -entry.amountFen]);

    const r = await s.runtime.services.subsidies.reconcile(await deliveredCases(s));
    expect(r.ok).toBe(false);
    expect(r.problems).toContain(`case ${delivered[1]}: net 0, expected ${entry.amountFen}`);
    expect(r.problems.every((p) => p.startsWith(`case ${delivered[1]}:`))).toBe(true);
    // Refused, and refused as a conflict: the entry is already reversed.
    expectError(second, 409, 'CONFLICT');
  });

  /** Open slots of a later day (Shanghai), so none has started yet whatever the hour. */
  async function slotsOfDay(days = 1) {
    const res = await s.api('GET', '/api/slots', { cookie: desk });
    expect(res.status).toBe(200);
    const from = startOfShanghaiDay(new Date(Date.now() + days * DAY));
    type Slot = { id: number; kind: string; startsAt: string; left: number };
    return { from, slots: (res.body.data as Slot[]).filter((x) => +new Date(x.startsAt) >= +from && +new Date(x.startsAt) < +from + DAY) };
  }
  const ADDRESS = '香榭里花园 3栋 1201';
  const phonesBooked = async (phones: string[]) =>
    (await rows<{ n: number }>(s, sql`select count(*)::int as n from proxy_case where applicant_phone in ${phones}`))[0].n;

  it('desk slots refuse a booking beyond capacity; the agenda shows the bookings masked', async () => {
    const { from, slots } = await slotsOfDay();
    const desks = slots.filter((x) => x.kind === 'desk' && x.left === 4);
    expect(desks.length).toBeGreaterThan(0);
    const slotId = desks[0].id;
    const booked = [];
    for (let i = 0; i < 4; i++) booked.push(await newCase(s, { cookie: desk }, { channel: 'appointment', slotId }));
    const late = applicant();
    expectError(await postCase(s, { cookie: desk }, intakeBody(late, { channel: 'appointment', slotId })), 409, 'CAPACITY_FULL');
    expect(await phonesBooked([late.phone])).toBe(0);
    expect((await slotsOfDay()).slots.map((x) => x.id)).not.toContain(slotId);

    const agenda = await s.api('GET', `/api/agenda?from=${encodeURIComponent(from.toISOString())}`, { cookie: desk });
    expect(agenda.status).toBe(200);
    const mine = agenda.body.data.filter((x: { slotId: number }) => x.slotId === slotId);
    expect(mine.map((x: { caseId: number }) => x.caseId).sort()).toEqual(booked.map((b) => b.caseId).sort());
    const wire = JSON.stringify(agenda.body);
    for (const b of booked) for (const v of [b.a.name, b.a.phone, b.a.idNumber]) expect(wire).not.toContain(v);
  });

  it('racing bookings for a capacity-2 home visit: exactly two win, the rest are CAPACITY_FULL', async () => {
    const { from, slots } = await slotsOfDay();
    const home = slots.find((x) => x.kind === 'home_visit' && x.left === 2)!;
    expect(home).toBeDefined();
    const body = (a = applicant(), address: string | null = ADDRESS) => intakeBody(a, { channel: 'home_visit', slotId: home.id, ...(address ? { address } : {}) });
    expectError(await postCase(s, { cookie: desk }, body(applicant(), null)), 400, 'VALIDATION');

    const people = Array.from({ length: 8 }, () => applicant());
    const all = await Promise.all(people.map((a) => postCase(s, { cookie: desk }, body(a))));
    const statuses = all.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(all.map((r) => r.body))).toEqual([201, 201, 409, 409, 409, 409, 409, 409]);
    all.filter((r) => r.status === 409).forEach((r) => expect(r.body.error.code).toBe('CAPACITY_FULL'));
    expect(await phonesBooked(people.map((a) => a.phone))).toBe(2);
    const [slotRow] = await rows<{ booked: number; capacity: number }>(s, sql`select booked, capacity from slot where id = ${home.id}`);
    expect(slotRow).toEqual({ booked: 2, capacity: 2 });

    const agenda = await s.api('GET', `/api/agenda?from=${encodeURIComponent(from.toISOString())}`, { cookie: desk });
    const visits = agenda.body.data.filter((x: { slotId: number }) => x.slotId === home.id);
    expect(visits).toHaveLength(2);
    visits.forEach((v: { kind: string; hasAddress: boolean }) => expect(v).toMatchObject({ kind: 'home_visit', hasAddress: true }));
    expect(JSON.stringify(agenda.body)).not.toContain(ADDRESS);
  });

  it('cancelling a booked case gives its place back', async () => {
    const { slots } = await slotsOfDay(2);
    const home = slots.filter((x) => x.kind === 'home_visit' && x.left === 2)[0];
    expect(home).toBeDefined();
    const one = await newCase(s, { cookie: desk }, { channel: 'home_visit', slotId: home.id, address: ADDRESS });
    await newCase(s, { cookie: desk }, { channel: 'home_visit', slotId: home.id, address: ADDRESS });
    expectError(await postCase(s, { cookie: desk }, intakeBody(applicant(), { channel: 'home_visit', slotId: home.id, address: ADDRESS })), 409, 'CAPACITY_FULL');
    await actOk(s, desk, one.caseId, { action: 'cancel', note: '居民改期' });
    const again = await postCase(s, { cookie: desk }, intakeBody(applicant(), { channel: 'home_visit', slotId: home.id, address: ADDRESS }));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  // Last, so a leak here cannot disturb the reconciliations above.
  it('another street’s office can neither see nor reverse this street’s money', async () => {
    const [{ id: streetId }] = await rows<{ id: number }>(s, sql`insert into street (code, name_zh, name_en) values ('other-demo', '示例·另一街道', 'Another demo street') returning id`);
    await s.runtime.services.auth.createStaff({ username: 'street-b', displayName: '另一街道 赵', password: 'temp-password-1', role: 'street', streetId: Number(streetId) });
    const other = await s.login('street-b', 'temp-password-1');
    const [entry] = await ledgerOf(s, delivered[0]);
    const listed = await s.api('GET', '/api/street/statements', { cookie: other });
    const reversed = await s.api('POST', `/api/street/ledger/${entry.id}/reverse`, { cookie: other, body: { reason: '越权冲正' } });
    expect(await ledgerOf(s, delivered[0])).toEqual([entry]);
    expectError(reversed, 404, 'NOT_FOUND');
    expect(listed.body.data).toEqual([]);
  });

  // After the reconciliations too: case-less rows. Racing, an approval and a reversal of the month take turns.
  it('an approval and a reversal at once: an approved statement always equals its month’s ledger', async () => {
    for (let i = 0; i < 6; i++) {
      const period = `1998-${String(i + 1).padStart(2, '0')}`;
      const [first] = await rows<{ id: string }>(s, sql`insert into ledger_entry (kind, company_id, amount_fen, period, created_by) values ('subsidy', 2, 700, ${period}, 'test:race'), ('subsidy', 2, 300, ${period}, 'test:race') returning id`);
      const st = await s.api('POST', '/api/street/statements', { cookie: street, body: { companyId: 2, period } });
      expect(st.status, JSON.stringify(st.body)).toBe(201);
      const [approved, reversed] = await Promise.all([
        s.api('POST', `/api/street/statements/${st.body.data.id}/approve`, { cookie: admin }),
        s.api('POST', `/api/street/ledger/${first.id}/reverse`, { cookie: street, body: { reason: '并发冲正' } })
      ]);
      expect(reversed.status, JSON.stringify(reversed.body)).toBe(201);
      const [ledgerNow] = await rows<{ fen: number; n: number }>(s, sql`select coalesce(sum(amount_fen), 0)::int as fen, count(*)::int as n from ledger_entry where company_id = 2 and kind = 'subsidy' and period = ${period}`);
      if (approved.status === 200) {
        // Approved first: the reversal went to this month, and the month keeps what was approved.
        expect(reversed.body.data.period).toBe(thisMonth());
        expect(ledgerNow).toEqual({ fen: 1000, n: 2 });
      } else {
        // Reversed first: the statement no longer says what the ledger holds, and was not approved.
        expect(approved.body.error.details).toEqual({ reason: 'statement_stale' });
        expect([reversed.body.data.period, ledgerNow]).toEqual([period, { fen: 300, n: 3 }]);
      }
    }
  });

  // Last: its ledger rows have no case, which the reconciliation above would report.
  it('a statement prepared before the month’s last cases is prepared again; one gone stale is not approved', async () => {
    const period = '1999-03';
    // Nothing delivered in a month: nothing to state, in words.
    const none = await s.api('POST', '/api/street/statements', { cookie: street, body: { companyId: 2, period } });
    expectError(none, 404, 'NOT_FOUND');
    expect(none.body.error.message).toContain('无需生成结算单');
    const book = (fen: number) => rows(s, sql`insert into ledger_entry (kind, company_id, amount_fen, period, created_by) values ('subsidy', 2, ${fen}, ${period}, 'test:money')`);
    await book(1000);
    const first = await s.api('POST', '/api/street/statements', { cookie: street, body: { companyId: 2, period } });
    expect(first.body.data).toMatchObject({ totalFen: 1000, entryCount: 1 });
    // Another case is delivered in the month after it was prepared: approving the old figure is refused.
    await book(800);
    const stale = await s.api('POST', `/api/street/statements/${first.body.data.id}/approve`, { cookie: admin });
    expectError(stale, 409, 'CONFLICT');
    expect(stale.body.error.details).toEqual({ reason: 'statement_stale' });
    // Prepared again (by the approver-to-be, who then may not approve it): the same statement, the new figures.
    const again = await s.api('POST', '/api/street/statements', { cookie: admin, body: { companyId: 2, period } });
    expect(again.body.data).toMatchObject({ id: first.body.data.id, totalFen: 1800, entryCount: 2, preparedBy: await userId(s, 'admin') });
    expectError(await s.api('POST', `/api/street/statements/${first.body.data.id}/approve`, { cookie: admin }), 403, 'FORBIDDEN');
    const approved = await s.api('POST', `/api/street/statements/${first.body.data.id}/approve`, { cookie: street });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.data).toMatchObject({ totalFen: 1800 });
    expectError(await s.api('POST', `/api/street/statements/${first.body.data.id}/approve`, { cookie: street }), 409, 'CONFLICT');

    // One statement per company, kind and period: preparing an approved one again is a conflict, not a crash.
    const after = await s.api('POST', '/api/street/statements', { cookie: admin, body: { companyId: 2, period } });
    expectError(after, 409, 'CONFLICT');
    expect(after.body.error).toMatchObject({ details: { reason: 'statement_exists' }, message: expect.stringContaining('已审批') });

    // A wrong entry of an approved month: the approved statement stays true, the reversal is booked this month.
    const [booked] = await rows<{ id: string }>(s, sql`select id from ledger_entry where company_id = 2 and period = ${period} order by id limit 1`);
    const reversal = await s.api('POST', `/api/street/ledger/${booked.id}/reverse`, { cookie: street, body: { reason: '审批后发现重复' } });
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(201);
    expect(reversal.body.data).toMatchObject({ amountFen: -1000, period: thisMonth() });
    const [closed] = (await s.api('GET', `/api/street/statements?period=${period}`, { cookie: street })).body.data;
    expect(closed).toMatchObject({ totalFen: 1800, stale: false, approvedBy: expect.any(Number) });
    expect(await rows(s, sql`select sum(amount_fen)::int as fen from ledger_entry where company_id = 2 and kind = 'subsidy' and period = ${period}`)).toEqual([{ fen: 1800 }]);
  });
});
