// Configuration from the environment, parsed once at start. Nothing else reads process.env.
import { createHash } from 'node:crypto';
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
  /** when the demo street is first seeded, play two weeks' cases through the services, back-dated */
  DEMO_ACTIVITY: z.enum(['true', 'false']).default('true'),
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
  RETENTION_SWEEP_MS: z.coerce.number().int().positive().default(3_600_000),
  /** "production" makes the PII keys below mandatory (no development default) */
  NODE_ENV: z.string().optional(),
  /** HMAC key of the searchable hashes of ID numbers (grid duplicate keys, proxy_case.applicant_id_hash) */
  PII_KEY: z.string().min(16).optional(),
  /** AES-256-GCM keys for ID numbers at rest: "kid:base64(32 bytes)[,kid:base64…]"; the first encrypts, all decrypt */
  PII_ENC_KEYS: z.string().optional(),
  /** bearer token for /metrics; without it /metrics answers loopback callers only */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** public Open311 reads per client IP per minute, per process */
  OPEN311_READS_PER_MINUTE: z.coerce.number().int().positive().default(120)
});

/** One AES-256 key of the ID-number cipher; `id` is written into every ciphertext it makes. */
export interface EncKey {
  id: string;
  key: Buffer;
}

/** Development only (the demo street); refused when NODE_ENV=production. */
export const DEV_PII_KEY = 'doorstep-dev-pii-key-change-me';
export const DEV_ENC_KEYS: EncKey[] = [{ id: 'dev', key: createHash('sha256').update('doorstep-dev-pii-enc-key').digest() }];

export function parseEncKeys(raw: string): EncKey[] {
  const keys = raw.split(',').map((part, i) => {
    const m = /^([a-z0-9]{1,16}):([A-Za-z0-9+/_=-]+)$/.exec(part.trim());
    if (!m) throw new Error(`PII_ENC_KEYS entry ${i + 1} must look like "k1:<base64 of 32 bytes>"`);
    const key = Buffer.from(m[2], 'base64');
    if (key.length !== 32) throw new Error(`PII_ENC_KEYS key "${m[1]}" must be 32 bytes (base64), got ${key.length}`);
    return { id: m[1], key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('PII_ENC_KEYS has a key id twice');
  return keys;
}

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
  demoActivity: boolean;
  yjsCompactAfter: number;
  maxMessageBytes: number;
  sendBufferBytes: number;
  eventPollMs: number;
  sessionSweepMs: number;
  retentionDays: number;
  retentionSweepMs: number;
  piiKey: string;
  /** first = current (encrypts); the rest only decrypt, until the startup pass re-encrypted their rows */
  piiEncKeys: EncKey[];
  metricsToken: string | undefined;
  open311ReadsPerMinute: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = Env.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (e.NODE_ENV === 'production') {
    const missing = (['PII_KEY', 'PII_ENC_KEYS'] as const).filter((k) => !e[k]);
    if (missing.length) throw new Error(`NODE_ENV=production needs ${missing.join(' and ')} (see docs/SECURITY.md); the development defaults are public`);
  }
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
    demoActivity: e.DEMO_ACTIVITY === 'true',
    yjsCompactAfter: e.YJS_COMPACT_AFTER,
    maxMessageBytes: e.SOCKET_MAX_BUFFER_BYTES,
    sendBufferBytes: e.SOCKET_SEND_BUFFER_BYTES,
    eventPollMs: e.EVENT_POLL_MS,
    sessionSweepMs: e.SESSION_SWEEP_MS,
    retentionDays: e.RETENTION_DAYS,
    retentionSweepMs: e.RETENTION_SWEEP_MS,
    piiKey: e.PII_KEY ?? DEV_PII_KEY,
    piiEncKeys: e.PII_ENC_KEYS ? parseEncKeys(e.PII_ENC_KEYS) : DEV_ENC_KEYS,
    metricsToken: e.METRICS_TOKEN,
    open311ReadsPerMinute: e.OPEN311_READS_PER_MINUTE,
    ...overrides
  };
}
