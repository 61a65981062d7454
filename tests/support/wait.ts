// Waiting without sleeping: for a condition to hold, or for an event, each with a deadline.

export interface Emitter {
  once(event: string, fn: (...args: any[]) => void): unknown;
  off(event: string, fn: (...args: any[]) => void): unknown;
}

const POLL_MS = 5;

/**
 * Resolves with the first truthy value of `predicate` (polled), or with the arguments of the next
 * `event` on `emitter` (its first argument). Rejects after `timeoutMs`.
 */
export function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs?: number): Promise<NonNullable<T>>;
export function waitFor<T = any>(target: [Emitter, string], timeoutMs?: number): Promise<T>;
export function waitFor(target: (() => unknown) | [Emitter, string], timeoutMs = 5_000): Promise<unknown> {
  return Array.isArray(target) ? nextEvent(target[0], target[1], timeoutMs) : poll(target, timeoutMs);
}

async function poll(predicate: () => unknown, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function nextEvent(emitter: Emitter, event: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const fn = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args[0]);
    };
    const timer = setTimeout(() => {
      emitter.off(event, fn);
      reject(new Error(`waitFor: no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.once(event, fn);
  });
}
