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
  const announce = () => {
    // A publish while the link is down is dropped (no offline queue); the 'ready' below makes up for it.
    if (redis.pub.isReady) io.serverSideEmit(NUDGE);
  };
  bus.setPeers(announce);
  const relay = new YjsRelay(redis, log);
  yjs.setRelay(relay);
  // After an outage, catch up on what other processes committed meanwhile (our subscriptions are back),
  // and tell them to look at what we committed while we could not say so (our publisher is back). The
  // Yjs state-vector exchange needs both connections, so whichever comes back last starts it.
  const resync = () => {
    if (redis.pub.isReady && redis.sub.isReady) relay.resync();
  };
  redis.sub.on('ready', () => {
    bus.nudge();
    resync();
  });
  redis.pub.on('ready', () => {
    announce();
    resync();
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
