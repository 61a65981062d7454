// `npx tsx bench/pii-startup.bench.ts`: the start-up ID-number pass (services/pii.backfill.ts) on a table of
// city size, with and without the key-pass marker: a full pass reads every proxy case and grid record to find
// rows in clear or under an old key; with the marker current (one key configured) a start only probes the
// partial indexes for clear-text rows. Fresh Postgres database `ds_bench_pii_*` (dropped after): the demo
// street, one real case taken in through the service, then N copies of it and of a sealed grid record.
//
//   N (1000000)  COLD=1 (drop the OS page cache before each full pass; needs root)  BENCH_PG_URL
import { execSync } from 'node:child_process';
import postgres from 'postgres';
import { loadConfig } from '../src/lib/server/config';
import { findStaffByUsername } from '../src/lib/server/repositories/staff.repository';
import { createRuntime } from '../src/lib/server/runtime/runtime';
import { seedDemo } from '../src/lib/server/seed/demo';
import { encryptIdNumbers } from '../src/lib/server/services/pii.backfill';
import { f, freshDatabase, machine, table } from './support/procs';

const N = Number(process.env.N ?? 1_000_000);
const db = await freshDatabase('pii');
process.env.DATABASE_URL = db.url;
const rt = await createRuntime(loadConfig());
const raw = postgres(db.url, { max: 1, onnotice: () => {} });
try {
  await seedDemo(rt.core.db);
  const u = (await findStaffByUsername(rt.core.db, 'desk'))!;
  const principal = { kind: 'staff' as const, userId: u.id, role: 'agent' as const, streetId: u.streetId, communityId: u.communityId, pointId: u.pointId, companyId: u.companyId };
  const applicant = { name: '测试居民', phone: '13800000000', idNumber: '440304199001011284' };
  await rt.services.cases.intake({ principal }, 'bench-pii-intake', { itemCode: 'residence-proof', channel: 'desk', applicant, materials: ['id_card'] });
  const copy = async (t: string, skip: string[], where: string, extra: [string, string][] = []) => {
    const [{ c }] = await raw<{ c: string }[]>`select string_agg(quote_ident(column_name), ', ') as c from information_schema.columns where table_name = ${t} and column_name <> all(${skip})`;
    const names = [...extra.map(([n]) => n), c].join(', ');
    const values = [...extra.map(([, v]) => v), ...c.split(', ').map((x) => `p.${x}`)].join(', ');
    await raw.unsafe(`insert into ${t} (${names}) select ${values} from generate_series(1, ${N}) g, (select * from ${t} where ${where} limit 1) p`);
  };
  await copy('proxy_case', ['id', 'case_no'], 'applicant_id_cipher is not null', [['case_no', `'B' || g`]]);
  await copy('grid_record', ['id'], 'id_cipher is not null and anonymised_at is null');
  await raw`analyze`;
  const [sizes] = await raw`select pg_size_pretty(pg_total_relation_size('proxy_case')) as cases, pg_size_pretty(pg_total_relation_size('grid_record')) as records`;
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 3; i++) {
    await raw`delete from pii_key_pass`;
    if (process.env.COLD) execSync('sync; echo 3 > /proc/sys/vm/drop_caches');
    let t = performance.now();
    const full = await encryptIdNumbers(rt.core);
    const fullMs = performance.now() - t;
    t = performance.now();
    const quick = await encryptIdNumbers(rt.core);
    rows.push([i + 1, f(fullMs, 1), f(performance.now() - t, 2), JSON.stringify(full), JSON.stringify(quick)]);
  }
  console.log(`\nStart-up ID-number pass, ${N} cases (${sizes.cases}) + ${N} grid records (${sizes.records}), Postgres${process.env.COLD ? ', OS cache dropped before each full pass' : ''}; ${machine()}\n`);
  console.log(table(['run', 'full pass ms', 'with the marker ms', 'full pass result', 'marker pass result'], rows));
} finally {
  await raw.end({ timeout: 5 });
  await rt.close();
  await db.drop();
}
process.exit(0);
