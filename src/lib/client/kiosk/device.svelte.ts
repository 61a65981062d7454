// The kiosk as an enrolled device: its token (the device credential, not personal data, so it survives
// the idle wipe), calls to the API with it, the 30 s heartbeat, the daily token rotation, and the end of
// it all when revoked.
import type { ErrorCode } from '$lib/protocol/errors';
import { IDEMPOTENCY_HEADER } from '$lib/protocol/http';

export type DeviceState = 'loading' | 'unpaired' | 'active' | 'revoked';
export type Call<T> = { ok: true; data: T; status: number } | { ok: false; code: ErrorCode | 'NETWORK'; status: number; details?: unknown };

const TOKEN_KEY = 'doorstep.kiosk.token';
const POINT_KEY = 'doorstep.kiosk.point';
const ROTATED_KEY = 'doorstep.kiosk.rotatedAt';
export const HEARTBEAT_MS = 30_000;
/** A token older than this is exchanged for a new one: a copied token dies within a day of the copy. */
export const ROTATE_EVERY_MS = 24 * 60 * 60_000;
const TIMEOUT_MS = 10_000;

export class KioskDevice {
  #state = $state<DeviceState>('loading');
  #pointId = $state<number | null>(null);
  /** the server answered the last call (any HTTP answer counts; only a network failure does not) */
  #reachable = $state(true);
  #token: string | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #revokedHandlers = new Set<() => void>();
  #reachableHandlers = new Set<() => void>();
  #rotatedHandlers = new Set<() => void>();
  #rotating = false;

  get state() {
    return this.#state;
  }
  get pointId() {
    return this.#pointId;
  }
  get reachable() {
    return this.#reachable;
  }

  onRevoked(fn: () => void) {
    this.#revokedHandlers.add(fn);
  }
  /** called each time the server answers after it did not */
  onReachable(fn: () => void) {
    this.#reachableHandlers.add(fn);
  }

  /** called after the token was exchanged (live connections opened with the old one are ended by the server) */
  onRotated(fn: () => void) {
    this.#rotatedHandlers.add(fn);
  }

  /** After a reload, even offline: the stored token and point are enough to run until the server says otherwise. */
  init(): void {
    clearInterval(this.#timer);
    this.#token = localStorage.getItem(TOKEN_KEY);
    const point = Number(localStorage.getItem(POINT_KEY));
    if (!this.#token || !point) {
      this.#state = 'unpaired';
      return;
    }
    this.#pointId = point;
    this.#state = 'active';
    // A device paired before rotation existed starts its clock now.
    if (!localStorage.getItem(ROTATED_KEY)) localStorage.setItem(ROTATED_KEY, String(Date.now()));
    const beat = () => void this.heartbeat().then((r) => (r.ok ? this.rotateIfDue() : false));
    beat();
    this.#timer = setInterval(beat, HEARTBEAT_MS);
  }

  /**
   * Exchanges the token when it is older than ROTATE_EVERY_MS. The server offers a new token and keeps the
   * old one until the new one's first use (the heartbeat right after), so a lost answer or a power cut at
   * any point leaves a token that works; the next heartbeat simply tries again.
   */
  async rotateIfDue(now = Date.now()): Promise<boolean> {
    if (this.#state !== 'active' || this.#rotating || now - Number(localStorage.getItem(ROTATED_KEY)) < ROTATE_EVERY_MS) return false;
    this.#rotating = true;
    try {
      const r = await this.call<{ token: string }>('POST', '/api/kiosk/rotate-token', {});
      if (!r.ok) return false;
      this.#token = r.data.token;
      localStorage.setItem(TOKEN_KEY, r.data.token);
      if (!(await this.heartbeat()).ok) return false; // the new token is stored; its first use happens later
      localStorage.setItem(ROTATED_KEY, String(now));
      for (const fn of this.#rotatedHandlers) fn();
      return true;
    } finally {
      this.#rotating = false;
    }
  }

  async pair(code: string): Promise<ErrorCode | 'NETWORK' | null> {
    const r = await this.#fetch<{ token: string; kiosk: { pointId: number } }>('POST', '/api/kiosk/pair', { code }, undefined, false);
    if (!r.ok) return r.code;
    localStorage.setItem(TOKEN_KEY, r.data.token);
    localStorage.setItem(POINT_KEY, String(r.data.kiosk.pointId));
    localStorage.setItem(ROTATED_KEY, String(Date.now()));
    this.init();
    return null;
  }

  heartbeat(): Promise<Call<unknown>> {
    return this.call('POST', '/api/kiosk/heartbeat', {});
  }

  get token(): string | null {
    return this.#token;
  }

  call<T>(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<Call<T>> {
    if (this.#state === 'revoked') return Promise.resolve({ ok: false, code: 'DEVICE_REVOKED', status: 401 });
    return this.#fetch<T>(method, path, body, idempotencyKey, true);
  }

  async #fetch<T>(method: string, path: string, body: unknown, key: string | undefined, auth: boolean): Promise<Call<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const sent = auth ? this.#token : null;
    if (sent) headers.authorization = `Bearer ${sent}`;
    if (key) headers[IDEMPOTENCY_HEADER] = key;
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      this.#reachable = false;
      return { ok: false, code: 'NETWORK', status: 0 };
    }
    const json = (await res.json().catch(() => null)) as { data?: T; error?: { code?: ErrorCode; details?: unknown } } | null;
    // A proxy or captive portal answering for a server that is down is not the server.
    const fromServer = !!json && ('data' in json || 'error' in json);
    if (fromServer && !this.#reachable) {
      this.#reachable = true;
      for (const fn of this.#reachableHandlers) fn();
    } else if (!fromServer) this.#reachable = false;
    if (res.ok && json && 'data' in json) return { ok: true, data: json.data as T, status: res.status };
    const code = json?.error?.code ?? (res.status >= 500 ? 'UNAVAILABLE' : 'NETWORK');
    // A call sent with the token a rotation just replaced is refused; that is not a revoke.
    if (auth && res.status === 401 && fromServer && sent === this.#token) this.revoke();
    return { ok: false, code, status: res.status, details: json?.error?.details };
  }

  /** Revoked (or its token no longer known): forget the credential and stop calling home. */
  revoke(): void {
    if (this.#state === 'revoked') return;
    clearInterval(this.#timer);
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(POINT_KEY);
    localStorage.removeItem(ROTATED_KEY);
    this.#token = null;
    this.#state = 'revoked';
    for (const fn of this.#revokedHandlers) fn();
  }

  /** After a revoke, an administrator may enrol the device again with a new pairing code. */
  unpair(): void {
    this.#state = 'unpaired';
    this.#pointId = null;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
