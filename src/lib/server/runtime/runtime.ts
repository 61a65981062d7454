// Builds the one runtime of this process: database (migrated), dispatcher, services.
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { createServices, type Services } from '../services';
import { encryptIdNumbers } from '../services/pii.backfill';
import type { Core } from './core';
import { EventBus } from './event-bus';
import { countInstance, releaseInstance } from './instances';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { logSender, Notifier, type Sender } from './notifier';

/** Live connections to end when a session or a device is ended; wired by createApp. */
export interface Realtime {
  endSession(idHash: string): void;
  endKiosk(kioskId: number): void;
}

export interface Runtime {
  core: Core;
  services: Services;
  realtime: Realtime;
  notifier: Notifier;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** an already open database (tests); otherwise opened from config */
  database?: Database;
  log?: Logger;
  now?: () => Date;
  /** where notifications go (an SMS gateway); default: a log line without the message */
  sender?: Sender;
}

export async function createRuntime(config: Config, o: RuntimeOptions = {}): Promise<Runtime> {
  const log = o.log ?? createLogger(config.logLevel);
  const database = o.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  countInstance('db_pool');
  const metrics = createMetrics();
  metrics.dbPoolSize.set(database.poolStats().size);
  const bus = new EventBus(database, log, config.eventPollMs);
  await bus.start();
  const core: Core = { config, database, db: database.db, bus, log, metrics, now: o.now ?? (() => new Date()) };
  const services = createServices(core);
  // ID numbers still in clear (rows from before encryption) or under a retired key: sealed before serving.
  await encryptIdNumbers(core);
  const notifier = new Notifier(database, o.sender ?? logSender(log), log);
  notifier.start(bus);
  const retention = setInterval(() => services.retention.purge().catch((err) => log.error({ err }, 'retention run failed')), config.retentionSweepMs);
  retention.unref();
  return {
    core,
    services,
    notifier,
    realtime: { endSession: () => {}, endKiosk: () => {} },
    async close() {
      clearInterval(retention);
      await notifier.stop();
      await bus.stop();
      releaseInstance('db_pool');
      if (!o.database) await database.close();
    }
  };
}
