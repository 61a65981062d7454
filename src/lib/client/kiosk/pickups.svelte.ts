// The always-on pickup list: case numbers and surnames only, refreshed whenever the point's kiosk room
// reports a pickup event and whenever the live link is (re)established — a kiosk started offline fills
// its list as soon as the server answers.
import { LiveBoard } from '$lib/client/live-board.svelte';
import type { KioskDevice } from './device.svelte';

export interface PickupNotice {
  caseNo: string;
  /** surname only: 张** */
  applicant: string;
}

export class PickupFeed {
  #list = $state<PickupNotice[]>([]);
  #board = $state<LiveBoard | undefined>();
  /** whether the list has been read from the server since this page loaded: an empty list means "none" only then */
  #known = $state(false);

  constructor(private readonly device: KioskDevice) {}

  get list() {
    return this.#list;
  }
  get known() {
    return this.#known;
  }
  get status() {
    return this.#board?.status ?? 'connecting';
  }

  async refresh(): Promise<void> {
    const r = await this.device.call<PickupNotice[]>('GET', '/api/kiosk/pickups');
    if (!r.ok) return;
    this.#list = r.data;
    this.#known = true;
  }

  connect(pointId: number): void {
    this.#board?.disconnect();
    const board = new LiveBoard(`kiosk:${pointId}`, [], 0, 20);
    board.onEvent(() => void this.refresh());
    board.onLive(() => void this.refresh());
    board.connect({ token: this.device.token ?? undefined });
    this.#board = board;
    void this.refresh();
  }

  disconnect(): void {
    this.#board?.disconnect();
    this.#board = undefined;
    this.#list = [];
  }
}
