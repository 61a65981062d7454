// One intended write from a form: no second send while one is out (a double click), and the same
// idempotency key until it succeeds, so a retry after a lost answer is answered with the first result
// instead of writing twice. A success starts the next write with a new key.
import type { Result } from './api';

export class OneWrite {
  #key = crypto.randomUUID();
  busy = $state(false);

  /** `send` gets the key to pass on; null when a send is already out. */
  async run<T>(send: (key: string) => Promise<Result<T>>): Promise<Result<T> | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const r = await send(this.#key);
      if (r.ok) this.#key = crypto.randomUUID();
      return r;
    } finally {
      this.busy = false;
    }
  }
}
