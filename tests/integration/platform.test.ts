// The platform under the features: the append-only access log, the PGlite data-directory lock,
// hostile input at the JSON and socket doors, health and metrics.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../src/lib/server/db/client';
import { DataDirLockedError } from '../../src/lib/server/db/lock';
import { appendAccess } from '../../src/lib/server/repositories/access-log.repository';
import { createTestDatabase, onPostgres, tempDir } from '../support/db';
import { newKey, startTestServer, type TestServer } from '../support/server';
import { connectSocket, subscribe } from '../support/socket';
import { waitFor } from '../support/wait';

const OPENER = fileURLToPath(new URL('../support/open-data-dir.ts', import.meta.url));

/** Opens `dir` from another Node process; resolves with its exit code and stderr. */
function openFromAnotherProcess(dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', OPENER, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('platform', () => {
  let s: TestServer;
  let desk: string;

  beforeAll(async () => {
    s = await startTestServer();
    desk = await s.login('desk');
  });
  afterAll(() => s?.close());

  async function eventCount(): Promise<number> {
    const [row] = rowsOf<{ n: number }>(await s.runtime.core.db.execute(sql`select count(*)::int as n from event`));
    return Number(row.n);
  }

  it('refuses UPDATE and DELETE on access_log', async () => {
    const db = s.runtime.core.db;
    await appendAccess(db, { actor: 'user:1', action: 'read.full', subjectType: 'case', subjectId: '42', fields: ['idNumber'] });
    for (const statement of [sql`update access_log set actor = 'someone else'`, sql`delete from access_log`, sql`truncate access_log`]) {
      type DbError = Error & { code?: string; cause?: DbError };
      const err = await db.execute(statement).then(
        () => undefined,
        (e: DbError) => e.cause ?? e // drizzle wraps the driver's error
      );
      expect(err?.message).toMatch(/append-only table access_log/);
      expect(err?.code).toBe('42501'); // insufficient_privilege
    }
    const rows = rowsOf<{ actor: string; subject_id: string }>(await db.execute(sql`select actor, subject_id from access_log`));
    expect(rows).toEqual([{ actor: 'user:1', subject_id: '42' }]);
  });

  describe('the JSON API refuses bad input and writes nothing', () => {
    const notice = (o: Parameters<TestServer['api']>[2]) =>
      s.api('POST', '/api/board/notices', { cookie: desk, ...o, headers: { 'Idempotency-Key': newKey(), ...o?.headers } });

    it('malformed JSON → 400 BAD_REQUEST', async () => {
      const before = await eventCount();
      const res = await notice({ raw: '{"scope": "point:1", "text": ' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
      expect(await eventCount()).toBe(before);
    });

    it('a body over 64 KB → 413 PAYLOAD_TOO_LARGE', async () => {
      const before = await eventCount();
      const res = await notice({ body: { scope: 'point:1', text: 'x'.repeat(70 * 1024) } });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await eventCount()).toBe(before);
    });

    it('wrong types or an unknown scope → 400 VALIDATION', async () => {
      const before = await eventCount();
      for (const body of [{ scope: 'point:1', text: 42 }, { scope: 'planet:1', text: 'hi' }, { scope: ['point:1'], text: 'hi' }, { text: 'hi' }]) {
        const res = await notice({ body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION');
      }
      expect(await eventCount()).toBe(before);
    });

    it('a cross-origin or origin-less POST → 403 BAD_ORIGIN', async () => {
      const before = await eventCount();
      for (const origin of ['http://evil.example', 'null']) {
        const res = await notice({ body: { scope: 'point:1', text: 'from elsewhere' }, headers: { origin } });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('BAD_ORIGIN');
      }
      expect(await eventCount()).toBe(before);
      // The same request from the right origin does write: the refusals above were about the origin.
      expect((await notice({ body: { scope: 'point:1', text: 'from here' } })).status).toBe(201);
      expect(await eventCount()).toBe(before + 1);
    });
  });

  it('a socket message over 64 KB disconnects that socket', async () => {
    const socket = await connectSocket(s, { cookie: desk });
    try {
      const gone = waitFor<string>([socket as never, 'disconnect']);
      socket.emit('board:subscribe', { scope: 'x'.repeat(70 * 1024) }, () => {});
      expect(await gone).toMatch(/transport (close|error)/);
    } finally {
      socket.close();
    }
    // The server itself is unharmed.
    const next = await connectSocket(s, { cookie: desk });
    expect(await subscribe(next, 'point:1')).toMatchObject({ data: { scope: 'point:1' } });
    next.close();
  });

  it('/metrics shows exactly one of each process-wide singleton', async () => {
    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const c of ['db_pool', 'event_bus', 'socket_io', 'yjs_registry']) expect(text).toContain(`doorstep_runtime_instances{component="${c}"} 1`);
    expect(text).toMatch(/^doorstep_db_pool_size \d+$/m);
    expect(text).toContain('doorstep_http_request_duration_seconds_bucket');
  });

  it('/healthz is 200, and 503 once the database is gone', async () => {
    const ok = await fetch(`${s.url}/healthz`);
    expect(ok.status).toBe(200);
    expect((await ok.json()).data).toMatchObject({ status: 'ok', db: onPostgres ? 'postgres' : 'pglite' });

    const other = await startTestServer();
    try {
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
      await other.database.close();
      const down = await fetch(`${other.url}/healthz`);
      expect(down.status).toBe(503);
      expect((await down.json()).error.code).toBe('UNAVAILABLE');
    } finally {
      await other.close();
    }
  });
});

// One PGlite directory, one process: a property of the embedded database only.
if (!onPostgres) {
  describe('PGlite data directory lock', () => {
    it('refuses a second open of the same directory, in this process and from another', async () => {
      const tdb = await createTestDatabase();
      const dir = tdb.dataDir!;
      try {
        const second = openDatabase({ dataDir: dir });
        await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
        await expect(second).rejects.toThrow(/is in use by process/);

        const refused = await openFromAnotherProcess(dir);
        expect(refused.code).toBe(3);
        expect(refused.stderr).toContain(`DataDirLockedError: data directory ${dir} is in use by process ${process.pid}`);

        // Once the owner has closed it, the other process may open it: the refusal was the lock.
        await tdb.database.close();
        expect(existsSync(join(dir, 'doorstep.lock'))).toBe(false);
        expect((await openFromAnotherProcess(dir)).code).toBe(0);
      } finally {
        await tdb.drop();
      }
    });

    it('takes over a lock left by a process that is gone', async () => {
      const dir = tempDir();
      try {
        const dead = spawnSync(process.execPath, ['-e', '']).pid;
        expect(dead).toBeGreaterThan(0);
        writeFileSync(join(dir, 'doorstep.lock'), String(dead));
        const database = await openDatabase({ dataDir: dir });
        expect(readFileSync(join(dir, 'doorstep.lock'), 'utf8')).toBe(String(process.pid));
        await database.close();
        expect(existsSync(join(dir, 'doorstep.lock'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
