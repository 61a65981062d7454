// Counts the process-wide singletons as they are built. SvelteKit's bundle holds its own copy of
// $lib/server code, so the count lives on globalThis: if that copy ever built a second pool, /metrics
// would say 2 and a test would fail.
type Component = 'db_pool' | 'event_bus' | 'socket_io' | 'yjs_registry';
const KEY = Symbol.for('doorstep.instances');

function table(): Map<Component, number> {
  const g = globalThis as unknown as Record<symbol, Map<Component, number> | undefined>;
  return (g[KEY] ??= new Map());
}

export function countInstance(c: Component): void {
  table().set(c, (table().get(c) ?? 0) + 1);
}

export function releaseInstance(c: Component): void {
  table().set(c, Math.max(0, (table().get(c) ?? 0) - 1));
}

export function instanceCounts(): Record<Component, number> {
  const t = table();
  return { db_pool: t.get('db_pool') ?? 0, event_bus: t.get('event_bus') ?? 0, socket_io: t.get('socket_io') ?? 0, yjs_registry: t.get('yjs_registry') ?? 0 };
}
