// Guess limits (login, kiosk pairing codes, the kiosk's 查询进度, pickup codes): how many misses a streak may
// hold before a lock, and how long the lock is.

export interface Limit {
  /** misses in a streak before the first lock */
  free: number;
  /** the lock: fixed, or doubling from a second up to `maxMs` with each further miss */
  fixedMs?: number;
  maxMs?: number;
}

/** The lock a streak of `failures` misses earns (null: none yet). */
export function lockFor(limit: Limit, failures: number): number | null {
  if (failures < limit.free) return null;
  return limit.fixedMs ?? Math.min(limit.maxMs ?? 15 * 60_000, 1000 * 2 ** Math.min(failures - limit.free, 20));
}

/** Whole seconds until a lock ends, at least one (Retry-After). */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
