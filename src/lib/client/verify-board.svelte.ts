// The verification board's state in the browser: the masked cards from the server, refreshed when a
// board event says something changed, plus the commands (claim, release, decide) as results.
import { deleteJson, getJson, postJson, type Result } from '$lib/client/api';
import type { Outcome } from '$lib/domain/grid.kinds';
import type { VerifyBoardData } from '$lib/protocol/grid';

export class VerifyBoard {
  #data = $state<VerifyBoardData>() as VerifyBoardData;
  #now = $state(Date.now());
  #query: string;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(initial: VerifyBoardData, query: string) {
    this.#data = initial;
    this.#query = query;
  }

  get data() {
    return this.#data;
  }
  /** Ticks so a claim whose time ran out stops showing its holder without a reload. */
  get now() {
    return this.#now;
  }
  tick(): void {
    this.#now = Date.now();
  }

  /** Coalesces bursts of events into one read: the server masks, the browser never patches cards. */
  refresh(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(async () => {
      const r = await getJson<VerifyBoardData>(`/api/grid/board${this.#query}`);
      if (r.ok) this.#data = r.data;
      this.#now = Date.now();
    }, 40);
  }

  async claim(subject: 'record' | 'case', id: number): Promise<Result<unknown>> {
    const r = await postJson(`/api/grid/claims/${subject}/${id}`, {});
    this.refresh();
    return r;
  }

  async release(subject: 'record' | 'case', id: number): Promise<Result<unknown>> {
    const r = await deleteJson(`/api/grid/claims/${subject}/${id}`);
    this.refresh();
    return r;
  }

  async decide(id: number, outcome: Outcome, reason?: string): Promise<Result<unknown>> {
    const r = await postJson(`/api/grid/records/${id}/decision`, { outcome, ...(reason ? { reason } : {}) });
    this.refresh();
    return r;
  }
}
