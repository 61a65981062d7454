// The always-on pickup list: case numbers and masked names only, refreshed whenever the point's kiosk
// room reports a pickup event (and when the link comes back).
import { LiveBoard } from '$lib/client/live-board.svelte';
import type { KioskDevice } from './device.svelte';

export interface PickupNotice {
  caseNo: string;
  applicant: string;
  item: { zh: string; en: string };
}

export class PickupFeed {
  #list = $state<PickupNotice[]>([]);
  #board = $state<LiveBoard | undefined>();

  constructor(private readonly device: KioskDevice) {}

  get list() {
    return this.#list;
  }
  get status() {
    return this.#board?.status ?? 'connecting';
  }

  async refresh(): Promise<void> {
    const r = await this.device.call<PickupNotice[]>('GET', '/api/kiosk/pickups');
    if (r.ok) this.#list = r.data;
  }

  connect(pointId: number): void {
    this.#board?.disconnect();
    const board = new LiveBoard(`kiosk:${pointId}`, [], 0, 20);
    board.onEvent(() => void this.refresh());
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
