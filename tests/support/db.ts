// One database per test file: a fresh PGlite (a copy of the run's template, pglite-template.ts) or, with
// TEST_DB=postgres, a throw-away database created on TEST_DATABASE_URL and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { seedDataDir } from './pglite-template';

export interface TestDatabase {
  database: Database;
  /** the postgres URL of the throw-away database (TEST_DB=postgres) */
  url?: string;
  /** the PGlite data directory (PGlite) */
  dataDir?: string;
  drop(): Promise<void>;
}

export const onPostgres = process.env.TEST_DB === 'postgres';

export function tempDir(prefix = 'ds-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Closes a database that a test may already have closed itself. */
async function closeQuietly(database: Database): Promise<void> {
  try {
    await database.close();
  } catch {
    /* already closed */
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) return createPostgresDatabase();
  // A copy of the run's migrated template on disk opens in under a second; initdb in memory takes seven.
  const dataDir = tempDir();
  seedDataDir(dataDir);
  const database = await openDatabase({ dataDir });
  return {
    database,
    dataDir,
    async drop() {
      await closeQuietly(database);
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `ds_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.href });
  return {
    database,
    url: url.href,
    async drop() {
      await closeQuietly(database);
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    }
  };
}
