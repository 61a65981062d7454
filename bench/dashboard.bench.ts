// `npx tsx bench/dashboard.bench.ts`: the street dashboard over 1,000,000 cases and 2,000,000 grid
// records on Postgres (seeded with generate_series in a fresh ds_bench_* database, dropped after).
// Prints each panel's query time beside a raw baseline, the whole load, and the delay from a change to
// an open dashboard socket (and to its refetched figures). Figures, not assertions.
//
//   BENCH_PG_URL  admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_CASES (1000000)  BENCH_RECORDS (2000000)
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { io } from 'socket.io-client';
import { createApp } from '../server/app';
import { rangeOf, monthsOf } from '../src/lib/domain/dashboard';
import type { StaffPrincipal } from '../src/lib/domain/roles';
import { PROTOCOL_VERSION } from '../src/lib/protocol/events';
import { loadConfig } from '../src/lib/server/config';
import * as q from '../src/lib/server/repositories/dashboard.repository';
import { listBehind, ListQuery } from '../src/lib/server/services/dashboard.lists';
import { createRuntime, type Runtime } from '../src/lib/server/runtime/runtime';
import { seedDemo } from '../src/lib/server/seed/demo';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 2_000_000);
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = 15;
const f = (n: number) => n.toFixed(1);

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function seed(sql: postgres.Sql) {
  const t = performance.now();
  await sql.unsafe(`
    insert into proxy_case (case_no, point_id, item_id, channel, state, applicant_name, applicant_phone, submitted_at, updated_at, due_at, closed_at, rejection_reason)
    select 'B' || g, p.ids[1 + g % array_length(p.ids, 1)], i.ids[1 + (g / 7) % array_length(i.ids, 1)],
      (array['kiosk','desk','appointment','home_visit'])[1 + g % 4], st, '测试' || g, '139' || lpad((g % 100000000)::text, 8, '0'),
      sub, sub, sub + interval '5 days',
      case when st in ('delivered','rejected','cancelled') then sub + ((g % 200) || ' hours')::interval end,
      case when st = 'rejected' then (array['材料不符','非本辖区','重复申请'])[1 + g % 3] end
    from generate_series(1, ${CASES}) g
    cross join (select array_agg(id order by id) ids from point) p
    cross join (select array_agg(id order by id) ids from service_item) i
    cross join lateral (select now() - ((g % 129600) || ' minutes')::interval * 1.0 sub,
      (array['delivered','delivered','delivered','delivered','delivered','rejected','cancelled','submitted','accepted','in_review','approved','returned','ready_for_pickup'])[1 + (g * 7) % 13] st) x`);
  await sql.unsafe(`
    insert into grid_record (community_id, property_id, company_id, kind, unit, fields, match_key, observed_on, state, filed_by, filed_by_name, filed_at, decided_at)
    select pr.community_id, pr.id, pr.company_id, (array['population','legalEntity','facility','event','rentalHousing'])[1 + g % 5], g::text, '{}'::jsonb,
      'b' || g, current_date, st, u.id, 'bench', fa, case when st <> 'pending' then fa + interval '3 hours' end
    from generate_series(1, ${RECORDS}) g
    cross join (select array_agg(id order by id) ids from property) ps
    join property pr on pr.id = ps.ids[1 + g % array_length(ps.ids, 1)]
    cross join (select min(id) id from staff_user) u
    cross join lateral (select now() - ((g % 129600) || ' minutes')::interval fa,
      (array['verified_new','verified_known','verified_known','rejected','pending'])[1 + (g * 3) % 5] st) x`);
  // The rollups as the migration backfills them (the services keep them from here on).
  await sql.unsafe('truncate case_day_stat, case_state_count, grid_day_stat, case_hour_stat, grid_backlog_stat');
  const backfill = (file: string) => {
    const mig = readFileSync(new URL(`../drizzle/${file}`, import.meta.url), 'utf8');
    return mig.slice(mig.indexOf('-- Backfill')).split('--> statement-breakpoint').map((stmt) => stmt.replace(/^--.*$/gm, ''));
  };
  for (const stmt of [...backfill('0005_dashboard_rollups.sql'), ...backfill('0008_dashboard_hourly_backlog_backfill.sql')]) await sql.unsafe(stmt);
  await sql.unsafe('analyze');
  return performance.now() - t;
}

async function live(rt: Runtime) {
  const http = createServer();
  const app = createApp(http, { runtime: rt });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const login = async (username: string) =>
    (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'doorstep-demo' }) })).headers
      .getSetCookie()[0]
      .split(';')[0];
  const [street, desk] = [await login('street'), await login('desk')];
  const socket = io(base, { path: '/socket.io', transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION }, extraHeaders: { cookie: street, origin: base } });
  await new Promise<void>((r, j) => (socket.on('connect', () => r()), socket.on('connect_error', j)));
  await socket.emitWithAck('board:subscribe', { scope: 'street:1' });
  const toEvent: number[] = [];
  const toFigures: number[] = [];
  for (let i = 0; i < 10; i++) {
    const seen = new Promise<void>((r) => socket.once('board:event', () => r()));
    const t = performance.now();
    await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { origin: base, cookie: desk, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ itemCode: 'senior-card', channel: 'desk', materials: ['id_card', 'photo'], applicant: { name: '基准测试', phone: '13900001111', idNumber: '440304195201011264' } })
    });
    await Promise.race([seen, new Promise((_, j) => setTimeout(() => j(new Error('no event within 5 s')), 5_000))]);
    toEvent.push(performance.now() - t);
    await fetch(`${base}/api/street/dashboard?period=month`, { headers: { cookie: street } });
    toFigures.push(performance.now() - t);
  }
  socket.close();
  await app.close();
  http.closeAllConnections();
  await new Promise<void>((r) => http.close(() => r()));
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { toEvent: med(toEvent), toFigures: med(toFigures), max: Math.max(...toFigures) };
}

async function main() {
  const name = `ds_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  let rt: Runtime | undefined;
  try {
    rt = await createRuntime(loadConfig({}, { databaseUrl: url.toString(), logLevel: 'silent' }));
    await seedDemo(rt.core.db);
    console.error('seeding…');
    const seedMs = await seed(sql);
    console.error(`seeded in ${(seedMs / 1000).toFixed(0)} s; measuring`);
    const db = rt.core.db;
    const p: StaffPrincipal = { kind: 'staff', userId: 2, role: 'street', streetId: 1, communityId: null, pointId: null, companyId: null } as StaffPrincipal;
    const sc = await rt.services.dashboard.resolve(p, { kind: 'street' });
    const r = rangeOf('month', new Date());
    const w = rangeOf('week', new Date());
    const rawCases = await time(() => sql`select count(*) from proxy_case where submitted_at >= ${r.from} and submitted_at < ${r.to}`);
    const rawGrid = await time(() => sql`select count(*) from grid_record where filed_at >= ${r.from} and filed_at < ${r.to}`);
    const today = rangeOf('today', new Date());
    // The backlog as it was read before its rollup: a count and min over the waiting raw rows.
    const rawBacklog = await time(
      () => sql`select company_id, count(*)::int n, min(filed_at) from grid_record where state in ('pending', 'needs_visit') and property_id = any(${sc.properties}) group by company_id`
    );
    const now = new Date();
    const list = (raw: Record<string, string>) => () => listBehind(db, now, { ...sc }, ListQuery.parse({ period: 'month', ...raw }));
    const rows: [string, number, string][] = [
      ['intake per day × channel (rollup)', await time(() => q.intakeByDayChannel(db, sc.points, r)), `raw count(*) of the month's cases ${f(rawCases)}`],
      ['intake per hour × channel (rollup, today)', await time(() => q.intakeByHourChannel(db, sc.points, today)), ''],
      ['intake per hour × channel (rollup, week)', await time(() => q.intakeByHourChannel(db, sc.points, w)), ''],
      ['per point (ranking, rollup)', await time(() => q.casesByPoint(db, sc.points, r)), ''],
      ['WIP by stage (rollup)', await time(() => q.wipByState(db, sc.points)), `raw: ${f(await time(() => sql`select state, count(*) from proxy_case group by state`))}`],
      ['WIP by point × stage (rollup)', await time(() => q.wipByPointState(db, sc.points)), ''],
      ['turnaround p50/p90 per item (month)', await time(() => q.turnaroundByItem(db, sc.points, r)), ''],
      ['turnaround p50/p90 per item (week)', await time(() => q.turnaroundByItem(db, sc.points, w)), ''],
      ['rejection reasons', await time(() => q.rejectionReasons(db, sc.points, r)), ''],
      ['overdue: count + oldest 200', await time(() => q.overdue(db, sc.points, new Date(), 200)), ''],
      ['grid per company × kind (rollup)', await time(() => q.gridByCompanyKind(db, sc.properties, r)), `raw count(*) of the month's records ${f(rawGrid)}`],
      ['grid backlog per company × kind (rollup)', await time(() => q.gridBacklog(db, sc.properties)), `raw count + min over waiting rows ${f(rawBacklog)}`],
      ['grid backlog oldest per property (index probes)', await time(() => q.gridBacklogOldest(db, sc.properties)), ''],
      ['money per company', await time(() => q.moneyByCompany(db, sc.companyIds, monthsOf(r))), ''],
      ['kiosk submissions', await time(() => q.kioskSubmissions(db, sc.points, r)), ''],
      ['list behind a figure: WIP accepted (count + 500 rows)', await time(list({ list: 'wip', state: 'accepted' })), ''],
      ['list behind a figure: intake this month (count + 500 rows)', await time(list({ list: 'intake' })), ''],
      ['list behind a figure: overdue (count + 500 rows)', await time(list({ list: 'overdue' })), ''],
      ['list behind a figure: grid backlog (count + 500 oldest)', await time(list({ list: 'backlog' })), ''],
      ['list behind a figure: verified new this month (count + 500 rows)', await time(list({ list: 'verified_new' })), ''],
      ['whole dashboard (service, month)', await time(() => rt!.services.dashboard.overview(p, { period: 'month' })), ''],
      ['whole dashboard (service, today)', await time(() => rt!.services.dashboard.overview(p, { period: 'today' })), '']
    ];
    const l = await live(rt);
    const [{ n: open }] = await sql`select count(*)::int n from grid_record where state = 'pending'`;
    console.log(`\n## Street dashboard, Postgres: ${CASES.toLocaleString()} cases, ${RECORDS.toLocaleString()} grid records (${open.toLocaleString()} pending); seeded in ${(seedMs / 1000).toFixed(0)} s`);
    console.log(`median of ${RUNS} after one warm-up\n\n| panel | ms | baseline ms |\n| --- | --- | --- |`);
    for (const [label, ms, base] of rows) console.log(`| ${label} | ${f(ms)} | ${base} |`);
    console.log(`\nLive: change (POST /api/cases) → event on an open street socket: p50 ${f(l.toEvent)} ms; → refetched month figures: p50 ${f(l.toFigures)} ms, max ${f(l.max)} ms (10 changes)`);
  } finally {
    await sql.end({ timeout: 5 });
    await rt?.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
