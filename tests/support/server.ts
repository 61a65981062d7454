// A real Doorstep server on 127.0.0.1:0 over a test database, seeded with the demo street.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../src/lib/server/config';
import type { Database } from '../../src/lib/server/db/client';
import type { Sender } from '../../src/lib/server/runtime/notifier';
import { createRuntime, type Runtime } from '../../src/lib/server/runtime/runtime';
import { seedDemo } from '../../src/lib/server/seed/demo';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo-data';
import { SESSION_COOKIE } from '../../src/lib/protocol/http';
import { createTestDatabase, type TestDatabase } from './db';

/** A clock the test moves by hand. It never runs behind the real time of seeding, or seeded rows would lie in its future. */
export class TestClock {
  #t = Date.now();
  now = (): Date => new Date(this.#t);
  advance(ms: number): void {
    this.#t += ms;
  }
  catchUp(): void {
    this.#t = Math.max(this.#t, Date.now());
  }
}

export interface TestServerOptions {
  /** reuse this database (it is not dropped on close); otherwise a fresh one per server */
  database?: Database;
  config?: Partial<Config>;
  clock?: TestClock;
  /** where notifications go; default the runtime's log sender */
  sender?: Sender;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiOptions {
  cookie?: string;
  token?: string;
  body?: unknown;
  /** sent verbatim instead of JSON-encoding `body` */
  raw?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  origin: string;
  wsUrl: string;
  runtime: Runtime;
  app: App;
  http: HttpServer;
  database: Database;
  api<T = any>(method: string, path: string, o?: ApiOptions): Promise<ApiResponse<T>>;
  /** signs a demo user in and returns the `Cookie` header value */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  let owned: TestDatabase | undefined;
  const database = o.database ?? (owned = await createTestDatabase()).database;
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_SEED: 'true' }, o.config ?? {});
  const runtime = await createRuntime(config, { database, now: o.clock?.now, sender: o.sender });
  await seedDemo(runtime.core.db);
  o.clock?.catchUp();
  const http = createServer();
  const app = createApp(http, { runtime });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  async function api<T>(method: string, path: string, a: ApiOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { origin, ...a.headers };
    if (a.cookie) headers.cookie = a.cookie;
    if (a.token) headers.authorization = `Bearer ${a.token}`;
    let body: string | undefined = a.raw;
    if (body === undefined && a.body !== undefined) body = JSON.stringify(a.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(origin + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  async function login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password })
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return sessionCookie(res.headers);
  }

  let closed = false;
  return {
    url: origin,
    origin,
    wsUrl: `ws://127.0.0.1:${port}`,
    runtime,
    app,
    http,
    database,
    api,
    login,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await runtime.close();
      await owned?.drop();
    }
  };
}

/** `ds_session=<token>` from a response's Set-Cookie headers. */
export function sessionCookie(headers: Headers): string {
  const line = headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error('no session cookie was set');
  return line.split(';')[0];
}

let keyCounter = 0;
/** A fresh Idempotency-Key. */
export function newKey(): string {
  return `test-${process.pid}-${Date.now()}-${++keyCounter}`;
}
