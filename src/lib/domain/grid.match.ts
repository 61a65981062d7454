// Duplicate matching: an incoming record is a possible duplicate of something the community already
// knows, or of another record still waiting on the board. Known wins over pending (it answers "is
// this new?"); among pending ones the oldest is shown, since it is the one that will be decided first.

export interface Match {
  source: 'known' | 'pending';
  id: number;
  label: string;
}

export function pickMatch(selfId: number | null, known: readonly Match[], pending: readonly Match[]): Match | null {
  if (known.length) return [...known].sort((a, b) => a.id - b.id)[0];
  const others = pending.filter((p) => p.id !== selfId).sort((a, b) => a.id - b.id);
  return others[0] ?? null;
}

/** An in-memory index of keys, for checking an import file against itself and the register. */
export class KeyIndex {
  #known = new Map<string, Match>();
  #pending = new Map<string, Match[]>();

  addKnown(key: string, m: Omit<Match, 'source'>): boolean {
    if (this.#known.has(key)) return false;
    this.#known.set(key, { ...m, source: 'known' });
    return true;
  }

  addPending(key: string, m: Omit<Match, 'source'>): void {
    this.#pending.set(key, [...(this.#pending.get(key) ?? []), { ...m, source: 'pending' }]);
  }

  check(key: string, selfId: number | null = null): Match | null {
    const k = this.#known.get(key);
    return pickMatch(selfId, k ? [k] : [], this.#pending.get(key) ?? []);
  }

  get size(): number {
    return this.#known.size;
  }
}
