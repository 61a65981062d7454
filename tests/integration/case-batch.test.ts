// Group commit of the desk's everyday case steps (services/case.batch.ts), through the real HTTP door on
// both databases: steps that arrive together commit together, and every caller gets exactly the answer it
// would have had alone — success, refusal, replay, 409 — with nothing lost, doubled or half-written.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, startTestServer, type ApiResponse, type TestServer } from '../support/server';
import { act, newCase, rows } from '../support/cases';

describe('case steps committed in batches', () => {
  let s: TestServer;
  let desk: string;
  let desk2: string;

  beforeAll(async () => {
    s = await startTestServer();
    [desk, desk2] = await Promise.all(['desk', 'desk2'].map((u) => s.login(u)));
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Transactions the batcher committed, and the commands in them, so far. */
  async function batches() {
    const { values } = await s.runtime.core.metrics.batchSize.get();
    const v = (name: string) => values.find((x) => x.metricName === name && x.labels.command === 'case.transition')?.value ?? 0;
    return { count: v('doorstep_batch_commands_count'), commands: v('doorstep_batch_commands_sum') };
  }
  const refusedSoFar = async () => (await s.runtime.core.metrics.batchesRefused.get()).values.reduce((n, x) => n + x.value, 0);

  const caseRow = async (id: number) =>
    (await rows<{ state: string; version: number; missing: string[] }>(s, sql`select state, version, missing from proxy_case where id = ${id}`))[0];
  const stepsOf = (id: number) =>
    rows<{ action: string; from_state: string | null; to_state: string; actor_name: string; device: string; note: string | null }>(
      s,
      sql`select action, from_state, to_state, actor_name, device, note from case_transition where case_id = ${id} order by id`
    );
  const updatesOf = (id: number) => rows<{ payload: Record<string, unknown> }>(s, sql`select payload from event where type = 'case.updated.v1' and (payload->>'caseId')::int = ${id} order by seq`);

  it('commits steps that arrive together in fewer transactions, and answers each as it would alone', async () => {
    const cases = await Promise.all(Array.from({ length: 17 }, () => newCase(s, { cookie: desk })));
    const ids = cases.map((c) => c.caseId);
    const untouched = ids.pop()!;
    const before = await batches();
    const keys = ids.map(() => newKey());
    const racingKey = newKey();
    const [steps, racing, illegal, foreign] = await Promise.all([
      Promise.all(ids.map((id, i) => act(s, desk, id, { action: 'request_materials', missing: ['户口簿'] }, keys[i]))),
      // Another step on the first case at the same moment: exactly one of the two may win.
      act(s, desk, ids[0], { action: 'accept' }, racingKey),
      // Not allowed from `submitted`.
      act(s, desk, untouched, { action: 'supply_materials' }),
      // Another point's agent may not even learn the case exists.
      act(s, desk2, ids[2], { action: 'accept' })
    ]);
    const after = await batches();
    // Fewer transactions than commands: they were committed together.
    expect(after.commands - before.commands).toBeGreaterThan(after.count - before.count);

    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const firstWon = steps[0].status === 201;
    expect([steps[0].status, racing.status].sort()).toEqual([201, 409]);
    expect((firstWon ? racing : steps[0]).body.error.code).toBe('ILLEGAL_TRANSITION');
    steps.slice(1).forEach((r) => expect(r.status, JSON.stringify(r.body)).toBe(201));

    for (const [i, id] of ids.entries()) {
      const won: ApiResponse = i === 0 && !firstWon ? racing : steps[i];
      const to = i === 0 && !firstWon ? 'accepted' : 'needs_materials';
      expect(won.body.data).toMatchObject({ caseId: id, state: to, version: 2 });
      const row = await caseRow(id);
      expect(row).toMatchObject({ state: to, version: 2, missing: to === 'needs_materials' ? ['户口簿'] : [] });
      const timeline = await stepsOf(id);
      expect(timeline.map((t) => [t.action, t.from_state, t.to_state])).toEqual([
        ['submit', null, 'submitted'],
        [to === 'accepted' ? 'accept' : 'request_materials', 'submitted', to]
      ]);
      expect(timeline[1]).toMatchObject({ actor_name: '侨香村代办点 张丽', device: 'desk', note: to === 'accepted' ? null : '户口簿' });
      const events = await updatesOf(id);
      expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ caseId: id, from: 'submitted', to, by: '侨香村代办点 张丽' })]);
    }

    // The board's counters still add up to the cases themselves.
    const counted = await rows<{ state: string; n: number }>(s, sql`select state, sum(n)::int as n from case_state_count where point_id = (select point_id from proxy_case where id = ${ids[0]}) group by state`);
    const actual = await rows<{ state: string; n: number }>(s, sql`select state, count(*)::int as n from proxy_case where point_id = (select point_id from proxy_case where id = ${ids[0]}) group by state`);
    const asMap = (r: { state: string; n: number }[]) => Object.fromEntries(r.filter((x) => Number(x.n) !== 0).map((x) => [x.state, Number(x.n)]));
    expect(asMap(counted)).toEqual(asMap(actual));

    // Retries: the same key and body replay the first answer; the same key with another body is a 409.
    const replays = await Promise.all(ids.slice(1).map((id, i) => act(s, desk, id, { action: 'request_materials', missing: ['户口簿'] }, keys[i + 1])));
    replays.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(steps[i + 1].body);
    });
    const other = await act(s, desk, ids[3], { action: 'request_materials', missing: ['身份证'] }, keys[3]);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    for (const id of ids) expect(await updatesOf(id)).toHaveLength(1);
  });

  it('runs every command of a batch the database refused again alone: one failure takes no other step with it', async () => {
    const cases = await Promise.all(Array.from({ length: 8 }, () => newCase(s, { cookie: desk })));
    const ids = cases.map((c) => c.caseId);
    const doomed = ids[3];
    // The database itself refuses the timeline row of one case, as a constraint or a full disk would.
    await s.runtime.core.db.execute(
      sql.raw(`create function refuse_step() returns trigger language plpgsql as $$ begin
                 if new.case_id = ${doomed} and new.action = 'request_materials' then raise exception 'refused for the test'; end if;
                 return new; end $$`)
    );
    await s.runtime.core.db.execute(sql.raw('create trigger refuse_step before insert on case_transition for each row execute function refuse_step()'));
    const refused = await refusedSoFar();
    const keys = ids.map(() => newKey());
    try {
      const answers = await Promise.all(ids.map((id, i) => act(s, desk, id, { action: 'request_materials', missing: ['户口簿'] }, keys[i])));
      expect(await refusedSoFar()).toBeGreaterThan(refused);
      answers.forEach((r, i) => expect(r.status, JSON.stringify(r.body)).toBe(ids[i] === doomed ? 500 : 201));
      for (const id of ids.filter((x) => x !== doomed)) {
        expect(await caseRow(id)).toMatchObject({ state: 'needs_materials', version: 2 });
        expect(await stepsOf(id)).toHaveLength(2);
        expect(await updatesOf(id)).toHaveLength(1);
      }
      // Nothing of the refused command stayed: not its change, its timeline row, its event or its key.
      expect(await caseRow(doomed)).toMatchObject({ state: 'submitted', version: 1 });
      expect(await stepsOf(doomed)).toHaveLength(1);
      expect(await updatesOf(doomed)).toHaveLength(0);
      expect(await rows(s, sql`select 1 from idempotency_key where key = ${keys[ids.indexOf(doomed)]}`)).toHaveLength(0);
    } finally {
      await s.runtime.core.db.execute(sql.raw('drop trigger refuse_step on case_transition'));
      await s.runtime.core.db.execute(sql.raw('drop function refuse_step()'));
    }
    // So its retry, with the same key, is carried out once.
    const retry = await act(s, desk, doomed, { action: 'request_materials', missing: ['户口簿'] }, keys[ids.indexOf(doomed)]);
    expect(retry.status).toBe(201);
    expect(await caseRow(doomed)).toMatchObject({ state: 'needs_materials', version: 2 });
    expect(await updatesOf(doomed)).toHaveLength(1);
  });
});
