// A PGlite data directory made once per test run: initdb and every migration, then closed. PGlite's
// initdb takes ≈ 6 s of CPU and the migrations ≈ 1 s; a copy of this directory opens in under one. Test
// databases and e2e servers start from a copy, so each gets a fresh, fully migrated database exactly as
// a restarted server finds its own directory; the first-start path (an empty directory) runs here, once.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/lib/server/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** vitest globalSetup: builds the template and hands its path to the test files. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'ds-pglite-template-'));
  const database = await openDatabase({ dataDir: dir });
  await database.close();
  project.provide('pgliteTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * Fills the data directory `dir` (as DATA_DIR names it) with a copy of the template, when there is one: under
 * vitest with this globalSetup. Elsewhere (a benchmark using the test helpers) the directory stays empty.
 */
export function seedDataDir(dir: string): void {
  const template = process.env.VITEST ? inject('pgliteTemplate') : undefined;
  if (template) cpSync(join(template, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
}
