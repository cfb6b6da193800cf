import { Pool } from 'pg';
import { EventStore } from '../event-store/event-store';
import { migrate } from '../postgres/migrator';
import { TICKET_DELIVERY_COMPONENT, ticketDeliveryMigrations } from './ticket-delivery-migrations';
import { TicketDeliverySchedule } from './ticket-delivery-schedule';
import { SendResult, TicketDeliverySender, TicketDeliverySenderOptions } from './ticket-delivery-sender';

export interface TicketDeliveryProcessOptions extends TicketDeliverySenderOptions {
  /** How often the outbox is looked at besides being woken by new deliveries (another process's, retries). */
  readonly sendEveryMs?: number;
  readonly onSend?: (result: SendResult) => void;
  readonly onProcessError?: (error: unknown) => void;
}

/** Tickets go out by e-mail once they are issued: the schedule follows the log, the sender empties the outbox. */
export class TicketDeliveryProcess {
  private readonly schedule: TicketDeliverySchedule;
  private readonly sender: TicketDeliverySender;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  private constructor(store: EventStore, pool: Pool, private readonly options: TicketDeliveryProcessOptions) {
    this.schedule = new TicketDeliverySchedule(store, pool, { onScheduled: () => this.wake(), ...(options.onProcessError ? { onError: options.onProcessError } : {}) });
    this.sender = new TicketDeliverySender(store, pool, options);
  }

  static async start(store: EventStore, pool: Pool, options: TicketDeliveryProcessOptions): Promise<TicketDeliveryProcess> {
    await migrate(pool, TICKET_DELIVERY_COMPONENT, ticketDeliveryMigrations);
    const process = new TicketDeliveryProcess(store, pool, options);
    await process.schedule.start();
    process.wake();
    return process;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.schedule.stop();
    await this.sending;
    await this.options.mailer.close();
  }

  /** Looks at the outbox now (and again right after, if woken while sending). */
  wake(): void {
    if (this.stopped) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sending = this.sender.sendDue()
      .then((result) => {
        if (result.sent + result.retried + result.failed > 0) {
          this.options.onSend?.(result);
          // A full batch may have left more behind.
          this.again = true;
        }
      })
      .catch((error: unknown) => this.options.onProcessError?.(error))
      .finally(() => {
        this.sending = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          setImmediate(() => this.wake());
        } else {
          this.timer = setTimeout(() => this.wake(), this.options.sendEveryMs ?? 1_000);
        }
      });
  }
}
