// server/index.ts builds the runtime; SvelteKit's bundle (a separate copy of $lib/server) must use
// that same one, never build its own. The hand-off is a well-known global slot.
import type { Runtime } from './runtime';

const KEY = Symbol.for('doorstep.runtime');
type Slot = { [KEY]?: Runtime };

export function publishRuntime(rt: Runtime | undefined): void {
  (globalThis as Slot)[KEY] = rt;
}

export function currentRuntime(): Runtime {
  const rt = (globalThis as Slot)[KEY];
  if (!rt) throw new Error('Doorstep runtime not started: run through server/index.ts or `npm run dev`');
  return rt;
}
