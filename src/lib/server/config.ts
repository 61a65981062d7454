// Configuration from the environment, parsed once at start. Nothing else reads process.env.
import { z } from 'zod';

const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ORIGIN: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  /** set to "true" behind TLS so cookies get Secure and responses HSTS */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  DEMO_SEED: z.enum(['true', 'false']).default('true'),
  YJS_COMPACT_AFTER: z.coerce.number().int().positive().default(200),
  SOCKET_MAX_BUFFER_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  /** outgoing bytes a socket.io / Yjs connection may hold for a client that stops reading; past it, cut
   *  (the client resumes from its seq). Well above one dispatch of events, so a reading client never hits it. */
  SOCKET_SEND_BUFFER_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** safety-net poll of the event table; commits here and (with Redis) elsewhere nudge it at once */
  EVENT_POLL_MS: z.coerce.number().int().positive().default(1000),
  /** how often live sockets of timed-out or disabled sessions are looked for (logout ends them at once) */
  SESSION_SWEEP_MS: z.coerce.number().int().positive().default(10_000),
  /** personal data of cases closed / records decided longer ago than this is anonymised */
  RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  RETENTION_SWEEP_MS: z.coerce.number().int().positive().default(3_600_000)
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  port: number;
  host: string;
  origin: string | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  secureCookies: boolean;
  demoSeed: boolean;
  yjsCompactAfter: number;
  maxMessageBytes: number;
  sendBufferBytes: number;
  eventPollMs: number;
  sessionSweepMs: number;
  retentionDays: number;
  retentionSweepMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = Env.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    host: e.HOST,
    origin: e.ORIGIN,
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : (e.ORIGIN ?? '').startsWith('https:'),
    demoSeed: e.DEMO_SEED === 'true',
    yjsCompactAfter: e.YJS_COMPACT_AFTER,
    maxMessageBytes: e.SOCKET_MAX_BUFFER_BYTES,
    sendBufferBytes: e.SOCKET_SEND_BUFFER_BYTES,
    eventPollMs: e.EVENT_POLL_MS,
    sessionSweepMs: e.SESSION_SWEEP_MS,
    retentionDays: e.RETENTION_DAYS,
    retentionSweepMs: e.RETENTION_SWEEP_MS,
    ...overrides
  };
}
