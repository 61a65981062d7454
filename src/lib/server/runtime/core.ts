// What every service needs: the one database, the one bus, the clock, logs and metrics of this process.
import type { Config } from '../config';
import type { Database, Db } from '../db/client';
import type { EventBus } from './event-bus';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export interface Core {
  config: Config;
  database: Database;
  db: Db;
  bus: EventBus;
  log: Logger;
  metrics: Metrics;
  now(): Date;
}
