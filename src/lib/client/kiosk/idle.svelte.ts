// The idle reset: after `timeoutMs` without a touch the kiosk wipes the resident's session. The last
// `warnMs` show a countdown so someone still reading can keep going.
import { WARN_MS } from './config';

export class IdleTimer {
  #left = $state(0);
  #armed = $state(false);
  #deadline = 0;
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly timeoutMs: number,
    private readonly onExpire: () => void,
    readonly warnMs = Math.min(WARN_MS, timeoutMs / 2)
  ) {}

  /** whole seconds left, shown in the countdown */
  get secondsLeft() {
    return Math.ceil(this.#left / 1000);
  }
  get warning() {
    return this.#armed && this.#left <= this.warnMs;
  }
  get armed() {
    return this.#armed;
  }

  /** Armed while a resident's session holds anything; disarmed on the untouched home screen. */
  arm(on: boolean): void {
    if (on === this.#armed) return;
    this.#armed = on;
    clearInterval(this.#tick);
    if (!on) return;
    this.poke();
    this.#tick = setInterval(() => this.#check(), 250);
  }

  /** Any touch, key or input: start the wait again. */
  poke(): void {
    this.#deadline = Date.now() + this.timeoutMs;
    this.#left = this.timeoutMs;
  }

  stop(): void {
    this.arm(false);
  }

  #check() {
    this.#left = Math.max(0, this.#deadline - Date.now());
    if (this.#left > 0) return;
    this.arm(false);
    this.onExpire();
  }
}
