import { Pool, PoolClient } from 'pg';
import { firstDeliveryId, resendDeliveryId, TicketsIssued, TicketsResendRequested } from '@marquee/domain';
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { LogFollower } from '../processes/log-follower';

/**
 * Turns the log into the outbox: an order's TicketsIssued is its first e-mail, each
 * TicketsResendRequested another. Rows and the checkpoint commit together and a row's key is its
 * delivery id, so replays and a second process add nothing. It starts at the head of the log the
 * first time it runs: orders sold before ticket delivery existed are not mailed out of the blue.
 */
export class TicketDeliverySchedule {
  private readonly follower: LogFollower;

  constructor(store: EventStore, pool: Pool, options: { onScheduled?: () => void; onError?: (error: unknown) => void } = {}) {
    this.follower = new LogFollower(store, pool, {
      name: 'ticket-delivery',
      streamNamePrefixes: ['order-', 'delivery-'],
      firstStart: 'head',
      apply: scheduleDeliveries,
      ...(options.onScheduled ? { onApplied: () => options.onScheduled?.() } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  get position() {
    return this.follower.position;
  }
}

async function scheduleDeliveries(client: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const rows = { id: [] as string[], order: [] as string[], reason: [] as string[], at: [] as string[] };
  for (const event of events) {
    if (event.type === 'TicketsIssued' && event.streamId.startsWith('order-')) {
      const { orderId, issuedAt } = event.data as TicketsIssued['data'];
      rows.id.push(firstDeliveryId(orderId));
      rows.order.push(orderId);
      rows.reason.push('issued');
      rows.at.push(issuedAt);
    } else if (event.type === 'TicketsResendRequested' && event.streamId.startsWith('delivery-')) {
      const { orderId, requestId, requestedAt } = event.data as TicketsResendRequested['data'];
      rows.id.push(resendDeliveryId(orderId, requestId));
      rows.order.push(orderId);
      rows.reason.push('resend');
      rows.at.push(requestedAt);
    }
  }
  if (rows.id.length === 0) return;
  await client.query(
    `INSERT INTO ticket_deliveries (delivery_id, order_id, reason, requested_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) ON CONFLICT (delivery_id) DO NOTHING`,
    [rows.id, rows.order, rows.reason, rows.at]);
}
