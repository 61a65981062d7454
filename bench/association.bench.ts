// `npx tsx bench/association.bench.ts`: how long the association page's data (services.association.overview,
// everything /association shows) takes to read for a street with many meetings. Prints figures; asserts
// nothing. PGlite in memory by default; TEST_DB=postgres TEST_DATABASE_URL=postgres://… for Postgres.
//
//   BENCH_MEETINGS (300)   meetings recorded, each with 6 attending companies/staff and 3 decisions
//   BENCH_LOADS (30)       overview reads timed
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/lib/server/config';
import type { StaffPrincipal } from '../src/lib/domain/roles';
import { createRuntime } from '../src/lib/server/runtime/runtime';
import { seedDemo } from '../src/lib/server/seed/demo';
import { createTestDatabase } from '../tests/support/db';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 300);
const LOADS = Number(process.env.BENCH_LOADS ?? 30);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function main() {
  const tdb = await createTestDatabase();
  const rt = await createRuntime(loadConfig({ LOG_LEVEL: 'silent', DEMO_SEED: 'true' }, {}), { database: tdb.database });
  try {
    await seedDemo(rt.core.db);
    const street: StaffPrincipal = { kind: 'staff', userId: 2, role: 'street', streetId: 1, communityId: null, pointId: null, companyId: null };
    const desk: StaffPrincipal = { kind: 'staff', userId: 5, role: 'agent', streetId: 1, communityId: 1, pointId: 1, companyId: 1 };
    const t0 = performance.now();
    for (let i = 0; i < MEETINGS; i++) {
      await rt.services.association.recordMeeting(street, `bench-${process.pid}-${i}`, {
        kind: i % 4 ? 'joint' : 'benchmark',
        heldOn: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
        title: `基准会议 ${i}`,
        place: '街道会议室',
        agenda: '议程一\n议程二',
        minutes: '纪要'.repeat(100),
        companyIds: [1, 2, 3],
        staffIds: [1, 2, 3],
        guests: ['来宾'],
        decisions: [{ text: '决议一', serviceItemIds: [1, 2] }, { text: '决议二', agreementIds: [1] }, { text: '决议三' }]
      });
    }
    const recordMs = (performance.now() - t0) / MEETINGS;
    for (const [who, p] of [['street (with form options)', street], ['member agent', desk]] as const) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < LOADS; i++) {
        const t = performance.now();
        const v = await rt.services.association.overview(p);
        times.push(performance.now() - t);
        bytes = JSON.stringify(v).length;
      }
      console.log(`${tdb.database.kind}: overview as ${who}, ${MEETINGS + 2} meetings: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KB JSON`);
    }
    console.log(`${tdb.database.kind}: recording one meeting (6 attendees, 3 decisions, 3 references): ${recordMs.toFixed(1)} ms mean`);
  } finally {
    await rt.close();
    await tdb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
