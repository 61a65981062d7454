// Submissions go through the outbox, always: written to IndexedDB first, then sent in order, one at a
// time, each with the idempotency key it got when the resident pressed "submit". A retry after a timeout,
// a reload or a power cut reuses the key, so the server files each exactly once.
import type { ErrorCode } from '$lib/protocol/errors';
import type { KioskDevice } from './device.svelte';
import { outboxStore, type IntakeBody, type QueuedSubmission, type SurveyAnswersBody } from './queue';

export interface Receipt {
  caseId: number;
  caseNo: string;
  state: string;
  dueAt: string;
  item: { zh: string; en: string };
  applicant: string;
  slot: { startsAt: string; endsAt: string } | null;
}

export type SubmitOutcome = { kind: 'receipt'; receipt: Receipt } | { kind: 'queued'; key: string } | { kind: 'refused'; code: ErrorCode };

/** Answers that mean "try again later"; anything else from the server is final for that request. */
const RETRY = new Set(['NETWORK', 'UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE']);
const LOCK = 'doorstep-kiosk-outbox';
export const RETRY_MS = 15_000;

type Waiter = { resolve: (o: SubmitOutcome) => void };

/** Refusals of a queued booking's slot, not of the application: full, gone, or begun (CONFLICT slot_past) while offline. */
const SLOT_GONE: ReadonlySet<string> = new Set(['CAPACITY_FULL', 'NOT_FOUND', 'CONFLICT']);

export class Outbox {
  #pending = $state(0);
  #failed = $state(0);
  #running: Promise<void> | null = null;
  #waiters = new Map<string, Waiter>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly device: KioskDevice) {}

  get pending() {
    return this.#pending;
  }
  /** entries the server refused after their resident had left: deleted, counted here only */
  get failed() {
    return this.#failed;
  }

  async start(): Promise<void> {
    this.#pending = await outboxStore.count();
    this.#timer = setInterval(() => this.#pending > 0 && void this.flush(), RETRY_MS);
    void this.flush();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /**
   * Queues the submission durably, then sends the queue. Resolves with the receipt when it lands within
   * `waitMs`, with `refused` when the server says no while the resident is still here to correct it,
   * and otherwise with `queued` (a provisional receipt; it will be sent later).
   */
  submit(body: IntakeBody, waitMs = 8_000): Promise<SubmitOutcome> {
    return this.#enqueue({ body }, waitMs);
  }

  /** An anonymous survey answer, through the same durable line: it lands once, even after a power cut. */
  submitSurvey(surveyId: number, body: SurveyAnswersBody, waitMs = 8_000): Promise<SubmitOutcome> {
    return this.#enqueue({ path: `/api/surveys/${surveyId}/responses`, body }, waitMs);
  }

  async #enqueue(entry: Pick<QueuedSubmission, 'path' | 'body'>, waitMs: number): Promise<SubmitOutcome> {
    const key = crypto.randomUUID();
    const outcome = new Promise<SubmitOutcome>((resolve) => this.#waiters.set(key, { resolve }));
    await outboxStore.add({ ...entry, key, queuedAt: new Date().toISOString() } as QueuedSubmission);
    this.#pending++;
    void this.flush();
    const timeout = new Promise<SubmitOutcome>((r) => setTimeout(() => r({ kind: 'queued', key }), waitMs));
    const out = await Promise.race([outcome, timeout]);
    this.#waiters.delete(key);
    return out;
  }

  /** One sender at a time, across tabs too (Web Locks); concurrent callers share the running pass. */
  flush(): Promise<void> {
    if (!this.#running) {
      const pass: Promise<void> = navigator.locks ? navigator.locks.request(LOCK, () => this.#drain()).then(() => undefined) : this.#drain();
      this.#running = pass.finally(() => (this.#running = null));
    }
    return this.#running;
  }

  /** A revoked kiosk may be in the wrong hands: what it still holds is deleted, not sent. */
  async discard(): Promise<void> {
    this.stop();
    await outboxStore.clear();
    this.#pending = 0;
  }

  async #drain(): Promise<void> {
    for (;;) {
      // Re-read every time: entries queued while sending join the end of the line.
      const [next] = await outboxStore.all();
      this.#pending = await outboxStore.count();
      if (!next || this.device.state !== 'active') return this.#releaseWaiters();
      const r = await this.device.call<Receipt>('POST', next.path ?? '/api/cases', next.body, next.key);
      if (r.ok) {
        await this.#done(next, { kind: 'receipt', receipt: r.data });
        continue;
      }
      if (RETRY.has(r.code) || r.status === 401) return this.#releaseWaiters();
      const waiter = this.#waiters.get(next.key);
      if (waiter) {
        // The resident is still at the screen: give the form back rather than file something else.
        await this.#done(next, { kind: 'refused', code: r.code === 'NETWORK' ? 'UNAVAILABLE' : r.code });
      } else if (next.path === undefined && next.body.slotId && SLOT_GONE.has(r.code)) {
        await this.#withoutSlot(next);
      } else {
        this.#failed++;
        // The code only: the entry holds personal data and is not logged.
        console.warn(`kiosk outbox: a queued submission was refused (${r.code}) and deleted`);
        await this.#done(next, null);
      }
    }
  }

  /** The booked time went while the kiosk was offline (taken, removed, or begun): file it without one; the desk will call. */
  async #withoutSlot(e: QueuedSubmission & { path?: undefined }): Promise<void> {
    const body: IntakeBody = { ...e.body, slotId: undefined, channel: e.body.channel === 'appointment' ? 'kiosk' : e.body.channel };
    // A new key for a new payload; derived, so a second pass derives the same one.
    await outboxStore.put({ ...e, key: `${e.key}-noslot`, body });
  }

  /** Nothing more will be sent now: whoever waits gets the provisional receipt at once. */
  #releaseWaiters(): void {
    for (const [key, w] of this.#waiters) w.resolve({ kind: 'queued', key });
  }

  async #done(e: QueuedSubmission, outcome: SubmitOutcome | null): Promise<void> {
    await outboxStore.remove(e.seq!);
    this.#pending = await outboxStore.count();
    if (outcome) this.#waiters.get(e.key)?.resolve(outcome);
  }
}
