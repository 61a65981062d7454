import { defineConfig } from 'vitest/config';

// Three tiers. Integration runs once on a fresh PGlite per file and, when TEST_DATABASE_URL is set,
// a second time on real Postgres (a fresh database per file): one contract suite, two factories.
const pg = process.env.TEST_DATABASE_URL;
// PGlite test databases and e2e servers start from a copy of one migrated data directory per run.
const TEMPLATE = 'tests/support/pglite-template.ts';

export default defineConfig({
  test: {
    // Two files at a time (vitest's default is one less than the cores: one, on this 2-core machine).
    // Integration files wait mostly on servers, sockets and restarts, and share nothing: a fresh database
    // each, port 0, their own Redis and nginx when they need one. Browser files stay one at a time.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: [TEMPLATE],
          env: { TEST_DB: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000
        }
      },
      ...(pg
        ? [
            {
              test: {
                name: 'integration-pg',
                include: ['tests/integration/**/*.test.ts'],
                env: { TEST_DB: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000
              }
            }
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: [TEMPLATE],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
});
