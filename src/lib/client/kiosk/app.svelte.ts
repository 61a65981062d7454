// The kiosk, wired: device (token, heartbeat, revoke), outbox (durable submissions), pickup feed (live
// list), the resident's session and the idle timer that wipes it.
import type { ErrorCode } from '$lib/protocol/errors';
import type { PublicItem } from '$lib/protocol/catalogue';
import { KioskDevice } from './device.svelte';
import { IdleTimer } from './idle.svelte';
import { Outbox } from './outbox.svelte';
import { PickupFeed } from './pickups.svelte';
import { KioskSession, type Slot } from './session.svelte';
import { readAloud } from './speech';

export class KioskApp {
  readonly device = new KioskDevice();
  readonly outbox = new Outbox(this.device);
  readonly feed = new PickupFeed(this.device);
  readonly session = new KioskSession();
  readonly idle: IdleTimer;
  #online = $state(true);
  #cleanup: (() => void)[] = [];

  constructor(
    idleMs: number,
    private readonly items: PublicItem[]
  ) {
    this.idle = new IdleTimer(idleMs, () => this.finish());
  }

  /** The browser thinks it is connected and the server answered the last call. */
  get online() {
    return this.#online && this.device.reachable;
  }

  start(): () => void {
    const on = () => ((this.#online = true), void this.device.heartbeat().then(() => this.outbox.flush()));
    const off = () => (this.#online = false);
    this.#online = navigator.onLine;
    addEventListener('online', on);
    addEventListener('offline', off);
    this.#cleanup.push(() => (removeEventListener('online', on), removeEventListener('offline', off)));
    this.device.onReachable(() => void this.outbox.flush());
    this.device.onRevoked(() => this.#stopAll());
    // SvelteKit registers the worker too (by default on every page); registering here keeps the offline
    // shell working if that is switched off, and is a no-op when it is already registered.
    navigator.serviceWorker?.register('/service-worker.js').catch(() => {});
    this.device.init();
    if (this.device.state === 'active') this.#run();
    return () => this.stop();
  }

  async pair(code: string): Promise<ErrorCode | 'NETWORK' | null> {
    const failed = await this.device.pair(code);
    if (!failed) this.#run();
    return failed;
  }

  #run(): void {
    void this.outbox.start();
    if (this.device.pointId) this.feed.connect(this.device.pointId);
  }

  /** When the live link drops, ask the server at once: a revoke is seen now, not at the next heartbeat. */
  linkDropped(): void {
    if (this.device.state === 'active') void this.device.heartbeat();
  }

  async submit(): Promise<ErrorCode | null> {
    const s = this.session;
    const how = s.form.how;
    const item = this.items.find((i) => i.code === s.form.itemCode)!;
    const out = await this.outbox.submit(s.toBody());
    if (out.kind === 'refused') return out.code;
    s.receipt = out.kind === 'receipt' ? { kind: 'receipt', receipt: out.receipt, how } : { kind: 'queued', ref: out.key.slice(0, 8).toUpperCase(), item: item.name, how };
    // What was typed is no longer needed: the receipt is all that stays on screen.
    s.form = { ...s.form, name: '', phone: '', idNumber: '', address: '' };
    s.go('receipt');
    return null;
  }

  async slots(): Promise<Slot[]> {
    const r = await this.device.call<Slot[]>('GET', '/api/slots');
    return r.ok ? r.data : [];
  }

  post<T>(path: string, body: unknown) {
    return this.device.call<T>('POST', path, body);
  }

  speak(): void {
    readAloud(this.session.speech, this.session.lang);
  }

  /** Every "finish" and the idle timeout: the next resident starts from nothing. */
  finish(): void {
    this.session.wipe();
    this.idle.arm(false);
  }

  async #stopAll(): Promise<void> {
    this.feed.disconnect();
    this.finish();
    await this.outbox.discard();
  }

  stop(): void {
    this.device.stop();
    this.outbox.stop();
    this.feed.disconnect();
    this.idle.stop();
    for (const fn of this.#cleanup) fn();
  }
}
