// Redis connections for running several processes: the socket.io sharded adapter (room operations and
// commit nudges across processes) and the Yjs relay. Redis being down never stops this process: boards
// keep working from the event table, and cross-process delivery resumes when Redis returns.
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../../src/lib/server/runtime/logger';

export interface RedisPair {
  pub: RedisClientType;
  sub: RedisClientType;
  close(): Promise<void>;
}

export function connectRedis(url: string, log: Logger): RedisPair {
  const options = {
    url,
    // Retry forever, never faster than every 2 s; errors are logged, not thrown.
    socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000), connectTimeout: 2000 },
    // A publish while Redis is down fails at once instead of piling up in memory.
    disableOfflineQueue: true
  };
  const pub = createClient(options) as RedisClientType;
  // Subscriptions are queued until connected, and re-made after a reconnect.
  const sub = createClient({ ...options, disableOfflineQueue: false }) as RedisClientType;
  for (const [name, c] of [['pub', pub], ['sub', sub]] as const) {
    let warned = false;
    c.on('error', (err: Error) => {
      if (!warned) log.warn({ err: err.message, client: name }, 'redis unavailable; running without cross-process fan-out until it returns');
      warned = true;
    });
    c.on('ready', () => {
      if (warned) log.info({ client: name }, 'redis connected');
      warned = false;
    });
    c.connect().catch(() => {});
  }
  // The adapter fires (un)subscribes and publishes without awaiting them; a connection reset would turn
  // each one in flight into an unhandled rejection, which ends a Node process. Mark them handled.
  for (const c of [pub, sub]) markHandled(c, ['sSubscribe', 'sUnsubscribe', 'subscribe', 'unsubscribe', 'sPublish', 'publish']);
  return {
    pub,
    sub,
    async close() {
      await Promise.allSettled([pub.close(), sub.close()]);
    }
  };
}

function markHandled(client: RedisClientType, methods: string[]): void {
  const c = client as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of methods) {
    const original = c[m]?.bind(client);
    if (!original) continue;
    c[m] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) result.catch(() => {});
      return result;
    };
  }
}
