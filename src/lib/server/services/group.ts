// Grouping many small requests of one kind into fewer trips to the database (group commit, coalesced
// reads). One trip is out at a time (a second one would mostly carry the one request that arrived just after
// the first left; docs/BENCHMARKS.md, fourth pass). What arrives while a trip is out waits and goes with the
// next one; at low load a trip carries one request and leaves at the end of the event loop's turn, so nothing
// waits for company — only for a trip already on its way.

export interface Grouping<T> {
  /** requests per trip */
  max: number;
  /** requests sharing a tag never travel together: the later one waits for the next trip */
  tags?: (item: T) => string[];
  /** carries the requests and settles each of them; must not reject */
  trip(items: T[]): Promise<void>;
}

export function grouped<T>(g: Grouping<T>): (item: T) => void {
  const queue: T[] = [];
  let out = false;

  /** The oldest requests that may travel together; the rest keep their place. */
  function take(): T[] {
    if (!g.tags) return queue.splice(0, g.max);
    const seen = new Set<string>();
    const taken: T[] = [];
    const left: T[] = [];
    for (const item of queue) {
      const tags = g.tags(item);
      if (taken.length < g.max && !tags.some((t) => seen.has(t))) {
        for (const t of tags) seen.add(t);
        taken.push(item);
      } else left.push(item);
    }
    queue.splice(0, queue.length, ...left);
    return taken;
  }

  function pump() {
    if (out || !queue.length) return;
    out = true;
    void g.trip(take()).finally(() => {
      out = false;
      pump();
    });
  }

  // Requests that arrive in the same turn of the event loop (say, several answers read from one socket)
  // leave together: the first one waits for the end of the turn, no longer.
  let soon = false;
  return (item) => {
    queue.push(item);
    if (soon) return;
    soon = true;
    setImmediate(() => {
      soon = false;
      pump();
    });
  };
}

/** Lookups by key, many per trip: `load` answers a set of keys with what it found for each. */
export function coalesced<K, V>(max: number, load: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  type Ask = { key: K; resolve(v: V | undefined): void; reject(e: unknown): void };
  const send = grouped<Ask>({
    max,
    async trip(asks) {
      try {
        const found = await load([...new Set(asks.map((a) => a.key))]);
        for (const a of asks) a.resolve(found.get(a.key));
      } catch (err) {
        for (const a of asks) a.reject(err);
      }
    }
  });
  return (key) => new Promise((resolve, reject) => send({ key, resolve, reject }));
}
