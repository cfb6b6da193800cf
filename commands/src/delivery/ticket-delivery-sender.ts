import { Pool } from 'pg';
import { ticketDeliveryDecider, ticketDeliveryStreamName } from '@marquee/domain';
import { metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore } from '../event-store/event-store';
import { Mailer } from './mailer';
import { TicketDocument } from './ticket-document';
import { ticketEmail } from './ticket-email';

export interface TicketDeliverySenderOptions {
  /** The order's tickets as the buyer gets them; null while the read models have not caught up with it. */
  readonly documents: (orderId: string) => Promise<TicketDocument | null>;
  readonly mailer: Mailer;
  /** `Marquee <tickets@venue.example>` */
  readonly from: string;
  /** How long a claimed delivery is left to its sender before another may take it over. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly batchSize?: number;
  readonly clock?: () => Date;
  readonly onSent?: (delivery: { deliveryId: string; orderId: string; to: string }) => void;
  readonly onError?: (error: unknown, delivery: { deliveryId: string; orderId: string }) => void;
}

interface ClaimedDelivery {
  delivery_id: string;
  order_id: string;
  attempts: number;
  claim_token: string;
}

export interface SendResult {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/**
 * Sends what the schedule put in the outbox, each delivery once:
 * - a delivery is claimed with `FOR UPDATE SKIP LOCKED` for a lease, so two processes never send
 *   the same one at the same time;
 * - the e-mail is recorded in the order's delivery stream (TicketsEmailed) right after SMTP accepted
 *   it, then the row is marked sent; a sender that takes over an expired lease looks in the stream
 *   first, so a crash after recording sends nothing again.
 * What no outbox can close: a crash between SMTP's acceptance and that record sends the e-mail a
 * second time after the lease; it carries the same Message-ID, and that window is milliseconds.
 */
export class TicketDeliverySender {
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly clock: () => Date;

  constructor(private readonly store: EventStore, private readonly pool: Pool, private readonly options: TicketDeliverySenderOptions) {
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttempts ?? 12;
    this.clock = options.clock ?? (() => new Date());
  }

  async sendDue(): Promise<SendResult> {
    const claimed = await this.claim();
    const outcomes = await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return {
      sent: outcomes.filter((outcome) => outcome === 'sent').length,
      retried: outcomes.filter((outcome) => outcome === 'retry').length,
      failed: outcomes.filter((outcome) => outcome === 'failed').length,
    };
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query<ClaimedDelivery>(
      `UPDATE ticket_deliveries SET claimed_until = now() + $2 * interval '1 millisecond', claim_token = gen_random_uuid(), attempts = attempts + 1
       WHERE delivery_id IN (
         SELECT delivery_id FROM ticket_deliveries
         WHERE status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING delivery_id, order_id, attempts, claim_token`,
      [this.options.batchSize ?? 20, this.leaseMs]);
    return rows;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<'sent' | 'retry' | 'failed'> {
    const { delivery_id: deliveryId, order_id: orderId } = delivery;
    try {
      const stream = ticketDeliveryStreamName(orderId);
      const { state } = await loadAggregate(this.store, ticketDeliveryDecider, stream);
      if (state.status === 'Open' && state.emailed[deliveryId] !== undefined) {
        // Sent and recorded by a sender that stopped before marking its row.
        await this.finish(delivery, { status: 'sent', error: null });
        return 'sent';
      }
      const document = await this.options.documents(orderId);
      if (!document) return await this.retry(delivery, 'the order\'s tickets are not readable yet');
      if (document.tickets.length === 0) {
        await this.finish(delivery, { status: 'failed', error: 'the order has no valid tickets to send' });
        return 'failed';
      }
      const message = await ticketEmail(document, deliveryId, this.options.from);
      await this.options.mailer.send(message);
      await handleCommand(this.store, ticketDeliveryDecider, stream, {
        type: 'RecordTicketsEmailed',
        data: { orderId, deliveryId, to: message.to.address, messageId: message.messageId, now: this.clock().toISOString() },
      }, metadataFor({ actor: 'system:ticket-delivery', correlationId: deliveryId }, this.clock())).catch(async (error: unknown) => {
        // The e-mail is out: the row must say so even if the audit record could not be written.
        await this.finish(delivery, { status: 'sent', error: `sent, but not recorded in the log: ${(error as Error).message}`, to: message.to.address, messageId: message.messageId });
        throw error;
      });
      await this.finish(delivery, { status: 'sent', error: null, to: message.to.address, messageId: message.messageId });
      this.options.onSent?.({ deliveryId, orderId, to: message.to.address });
      return 'sent';
    } catch (error) {
      this.options.onError?.(error, { deliveryId, orderId });
      const stillPending = await this.pool.query('SELECT 1 FROM ticket_deliveries WHERE delivery_id = $1 AND status = $2', [deliveryId, 'pending']);
      if (stillPending.rowCount === 0) return 'sent';
      return this.retry(delivery, (error as Error).message ?? String(error));
    }
  }

  /** Backs off 1 s, 2 s, 4 s … up to 15 minutes; after the last attempt the delivery is failed (an organizer may resend). */
  private async retry(delivery: ClaimedDelivery, why: string): Promise<'retry' | 'failed'> {
    if (delivery.attempts >= this.maxAttempts) {
      await this.finish(delivery, { status: 'failed', error: why });
      return 'failed';
    }
    const delayMs = Math.min(1_000 * 2 ** (delivery.attempts - 1), 15 * 60_000);
    await this.pool.query(
      `UPDATE ticket_deliveries SET next_attempt_at = now() + $3 * interval '1 millisecond', claimed_until = NULL, claim_token = NULL, last_error = $4
       WHERE delivery_id = $1 AND claim_token = $2`,
      [delivery.delivery_id, delivery.claim_token, delayMs, why.slice(0, 1_000)]);
    return 'retry';
  }

  /** Only while the claim is still ours: a sender whose lease ran out leaves the row to its new owner. */
  private async finish(delivery: ClaimedDelivery, outcome: { status: 'sent' | 'failed'; error: string | null; to?: string; messageId?: string }): Promise<void> {
    await this.pool.query(
      `UPDATE ticket_deliveries SET status = $3, sent_at = CASE WHEN $3 = 'sent' THEN now() END, claimed_until = NULL, claim_token = NULL,
         last_error = $4, recipient = coalesce($5, recipient), message_id = coalesce($6, message_id)
       WHERE delivery_id = $1 AND claim_token = $2`,
      [delivery.delivery_id, delivery.claim_token, outcome.status, outcome.error, outcome.to ?? null, outcome.messageId ?? null]);
  }
}
