import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { instanceCounts } from './instances';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  socketsConnected: Gauge;
  eventsPublished: Counter;
  socketsCutSlow: Counter<'door'>;
  dbInFlight: Gauge;
  /** commands per group-committed transaction (case.batch.ts) */
  batchSize: Histogram<'command'>;
  /** group-committed transactions the database refused, whose commands then ran one by one */
  batchesRefused: Counter<'command'>;
  dbPoolSize: Gauge;
  yjsDocs: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'doorstep_' });
  const instances = new Gauge({
    name: 'doorstep_runtime_instances',
    help: 'Process-wide singletons built (must be 1 each)',
    labelNames: ['component'],
    registers: [registry],
    collect() {
      for (const [component, n] of Object.entries(instanceCounts())) this.set({ component }, n);
    }
  });
  void instances;
  return {
    registry,
    httpDuration: new Histogram({
      name: 'doorstep_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry]
    }),
    socketsConnected: new Gauge({ name: 'doorstep_sockets_connected', help: 'Open socket.io connections', registers: [registry] }),
    eventsPublished: new Counter({ name: 'doorstep_events_published_total', help: 'Board events dispatched to rooms', registers: [registry] }),
    socketsCutSlow: new Counter({
      name: 'doorstep_sockets_cut_slow_total',
      help: 'Connections cut because their client stopped reading (outgoing buffer past SOCKET_SEND_BUFFER_BYTES)',
      labelNames: ['door'],
      registers: [registry]
    }),
    dbInFlight: new Gauge({ name: 'doorstep_db_transactions_in_flight', help: 'Open service transactions', registers: [registry] }),
    batchSize: new Histogram({
      name: 'doorstep_batch_commands',
      help: 'Commands committed together in one transaction (group commit)',
      labelNames: ['command'],
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry]
    }),
    batchesRefused: new Counter({
      name: 'doorstep_batches_refused_total',
      help: 'Group commits the database refused as a whole; their commands then ran one at a time',
      labelNames: ['command'],
      registers: [registry]
    }),
    dbPoolSize: new Gauge({ name: 'doorstep_db_pool_size', help: 'Connections the pool may open', registers: [registry] }),
    yjsDocs: new Gauge({ name: 'doorstep_yjs_docs_loaded', help: 'Yjs documents in memory', registers: [registry] })
  };
}
