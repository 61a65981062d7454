// Several processes behind a load balancer (REDIS_URL set): socket.io's sharded Redis adapter carries
// room operations (ending a session's sockets on every process) and commit nudges; the Yjs relay keeps
// documents converged. Board events themselves are read from the event table by every process, so a
// lost Redis message costs latency (the 1 s poll), never an event.
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import type { BoardServer } from '../gateways/socket.gateway';
import { connectRedis } from './redis';
import { YjsRelay } from './yjs-relay';

export const NUDGE = 'outbox:nudge';

export function attachCluster(rt: Runtime, io: BoardServer, yjs: { setRelay(r: YjsRelay | undefined): void }) {
  const url = rt.core.config.redisUrl;
  if (!url) return undefined;
  const { bus, log } = rt.core;
  const redis = connectRedis(url, log);
  io.adapter(createShardedAdapter(redis.pub, redis.sub, { subscriptionMode: 'dynamic' }));
  io.on(NUDGE, () => bus.nudge());
  bus.setPeers(() => {
    try {
      io.serverSideEmit(NUDGE);
    } catch {
      /* Redis down: the other processes find the event on their next poll */
    }
  });
  const relay = new YjsRelay(redis, log);
  yjs.setRelay(relay);
  // After an outage, catch up on what other processes did meanwhile.
  redis.sub.on('ready', () => {
    bus.nudge();
    relay.resync();
  });
  return {
    async close() {
      bus.setPeers(undefined);
      yjs.setRelay(undefined);
      relay.close();
      await redis.close();
    }
  };
}
