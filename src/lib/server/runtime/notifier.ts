// Sends what the notification outbox holds, after the commit that wrote it. The sender is pluggable
// (an SMS gateway in production); the default only logs that a message went out — never its text,
// which carries a pickup code, nor the phone number.
import type { Database } from '../db/client';
import { claimPending, markFailed, markSent, type NotificationRow } from '../repositories/notification.repository';
import type { EventBus } from './event-bus';
import type { Logger } from './logger';

export interface Sender {
  send(n: NotificationRow): Promise<void>;
}

export function logSender(log: Logger): Sender {
  return {
    async send(n) {
      log.info({ notificationId: n.id, caseId: n.caseId, channel: n.channel, template: n.template }, 'notification sent');
    }
  };
}

export class Notifier {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #off: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    private readonly sender: Sender,
    private readonly log: Logger,
    private readonly pollMs = 5000
  ) {}

  start(bus: EventBus): void {
    // A pickup notice, a refusal, and the case number for a request made at a kiosk: their events are the
    // cue, the poll the safety net.
    this.#off = bus.on((events) => {
      if (events.some((e) => e.type === 'pickup.ready.v1' || e.type === 'case.submitted.v1' || (e.type === 'case.updated.v1' && (e.payload as { to?: string }).to === 'rejected'))) this.kick();
    });
    this.#timer = setInterval(() => this.kick(), this.pollMs);
    this.#timer.unref();
  }

  kick(): Promise<void> {
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#off?.();
    await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        const n = await this.database.db.transaction(async (tx) => {
          const batch = await claimPending(tx);
          for (const row of batch) {
            try {
              await this.sender.send(row);
              await markSent(tx, row.id, new Date());
            } catch (err) {
              this.log.warn({ err, notificationId: row.id }, 'notification not sent; will retry');
              await markFailed(tx, row.id);
            }
          }
          return batch.length;
        });
        if (n === 0) return;
      }
    } catch (err) {
      this.log.error({ err }, 'notification drain failed');
    }
  }
}
