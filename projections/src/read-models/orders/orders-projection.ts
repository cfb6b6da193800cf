import type { PoolClient } from 'pg';
import type { OrderEvent, TicketEvent } from '@marquee/domain';
import type { RecordedEvent } from '../../event-source';
import type { Notification, Projection } from '../../projection';
import { idInStream } from '../stream-names';
import { upsertRows } from '../upsert-rows';
import type { OrderRow, TicketRow } from './order-tables';
import { orderMigrations, orderTable, ticketTable } from './order-tables';

/** Orders from `order-<orderId>` and their tickets from `ticket-<ticketId>`: what a buyer's order page shows. */
export const ordersProjection: Projection = {
  name: 'orders',
  streamPrefixes: ['order-', 'ticket-'],
  migrations: orderMigrations,
  tables: ['rm_orders', 'rm_tickets'],
  apply: applyOrders,
};

async function applyOrders(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const orderEvents = events.filter((event) => event.streamId.startsWith('order-'));
  const ticketEvents = events.filter((event) => event.streamId.startsWith('ticket-'));
  const orders = await applyStreamRows(client, orderEvents, 'order', 'rm_orders', 'order_id', foldOrderEvent);
  const tickets = await applyStreamRows(client, ticketEvents, 'ticket', 'rm_tickets', 'ticket_id', foldTicketEvent);
  await upsertRows(client, orderTable, orders);
  await upsertRows(client, ticketTable, tickets);
  return [
    ...orders.map((order): Notification => ({ kind: 'order', eventId: order.event_id, orderId: order.order_id })),
    ...tickets.map((ticket): Notification => ({ kind: 'order', eventId: ticket.event_id, orderId: ticket.order_id })),
  ];
}

/** One row per stream, guarded by the stream's revision; returns the rows that changed. */
async function applyStreamRows<Row extends { last_revision: number }>(
  client: PoolClient,
  events: readonly RecordedEvent[],
  category: string,
  table: string,
  key: string,
  fold: (row: Row | undefined, event: RecordedEvent) => Row | undefined,
): Promise<Row[]> {
  if (events.length === 0) return [];
  const ids = [...new Set(events.map((event) => idInStream(event.streamId, category)))];
  const { rows } = await client.query<{ id: string; row: Row }>(
    `SELECT ${key} AS id, to_jsonb(t) AS row FROM ${table} t WHERE ${key} = ANY ($1::text[]) FOR UPDATE`, [ids]);
  const current = new Map(rows.map(({ id, row }) => [id, row]));
  const touched = new Set<string>();
  for (const event of events) {
    const id = idInStream(event.streamId, category);
    const before = current.get(id);
    if (before && event.revision <= BigInt(before.last_revision)) continue;
    const after = fold(before, event);
    if (!after) continue;
    current.set(id, after);
    touched.add(id);
  }
  return [...touched].map((id) => current.get(id)).filter((row): row is Row => row !== undefined);
}

export function foldOrderEvent(row: OrderRow | undefined, recorded: RecordedEvent): OrderRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as OrderEvent;
  const last_revision = Number(recorded.revision);
  if (event.type === 'OrderPlaced') {
    if (row) return undefined;
    const { orderId, eventId, holdId, buyer, items, seats, pricing, expiresAt, placedAt } = event.data;
    return {
      order_id: orderId, event_id: eventId, hold_id: holdId, status: 'placed', buyer_email: buyer.email, buyer_name: buyer.name,
      buyer_country: buyer.country ?? null, items: [...items], seats: [...seats], pricing, total: pricing.total, currency: pricing.currency,
      payment_reference: null, amount_paid: null, placed_at: placedAt, expires_at: expiresAt, confirmed_at: null, cancelled_at: null,
      cancellation_reason: null, expired_at: null, tickets: [], tickets_issued_at: null, payment_intent_id: null, payment_failures: [],
      refunds: [], refunded_amount: 0, disputes: [], reheld_hold_id: null, refund_requests: [], last_revision,
    };
  }
  if (!row) return undefined;
  // Mirrors the order's evolve: only a placed order is confirmed, cancelled or expired.
  switch (event.type) {
    case 'OrderConfirmed':
      if (row.status !== 'placed') return { ...row, last_revision };
      return { ...row, status: 'confirmed', payment_reference: event.data.paymentReference, amount_paid: event.data.amountPaid, confirmed_at: event.data.confirmedAt, last_revision };
    case 'TicketsIssued':
      if (row.status !== 'confirmed') return { ...row, last_revision };
      return { ...row, tickets: [...event.data.tickets], tickets_issued_at: event.data.issuedAt, last_revision };
    case 'OrderCancelled':
      if (row.status !== 'placed') return { ...row, last_revision };
      return { ...row, status: 'cancelled', cancelled_at: event.data.cancelledAt, cancellation_reason: event.data.reason, last_revision };
    case 'OrderExpired':
      if (row.status !== 'placed') return { ...row, last_revision };
      return { ...row, status: 'expired', expired_at: event.data.expiredAt, last_revision };
    // The order's payments, in any status (as its evolve keeps them).
    case 'PaymentIntentCreated':
      return { ...row, payment_intent_id: event.data.paymentIntentId, last_revision };
    case 'PaymentFailed': {
      const { attemptId, code, message, failedAt } = event.data;
      return { ...row, payment_failures: [...row.payment_failures, { attemptId, code, message, failedAt }], last_revision };
    }
    case 'OrderReheld':
      return { ...row, reheld_hold_id: event.data.holdId, last_revision };
    case 'PaymentRefunded': {
      const { refundId, amount, reason, refundedAt } = event.data;
      return { ...row, refunds: [...row.refunds, { refundId, amount, reason, refundedAt }], refunded_amount: Number(row.refunded_amount) + amount, last_revision };
    }
    case 'PaymentDisputed': {
      const { disputeId, amount, reason, disputedAt } = event.data;
      return { ...row, disputes: [...row.disputes, { disputeId, amount, reason, disputedAt }], last_revision };
    }
    case 'RefundRequested': {
      const { refundRequestId, amount, ticketIds, reason, requestedBy, requestedAt } = event.data;
      return {
        ...row, last_revision,
        refund_requests: [...row.refund_requests, { refundRequestId, amount, ticketIds, reason, requestedBy, requestedAt, status: 'open', failures: [], refundId: null, completedAt: null }],
      };
    }
    case 'RefundFailed': {
      const { refundRequestId, attempt, code, message, failedAt } = event.data;
      return { ...row, last_revision, refund_requests: row.refund_requests.map((r) => (r.refundRequestId === refundRequestId ? { ...r, failures: [...r.failures, { attempt, code, message, failedAt }] } : r)) };
    }
    case 'RefundCompleted': {
      const { refundRequestId, refundId, completedAt } = event.data;
      return { ...row, last_revision, refund_requests: row.refund_requests.map((r) => (r.refundRequestId === refundRequestId ? { ...r, status: 'completed', refundId, completedAt } : r)) };
    }
    default:
      return undefined;
  }
}

export function foldTicketEvent(row: TicketRow | undefined, recorded: RecordedEvent): TicketRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as TicketEvent;
  const last_revision = Number(recorded.revision);
  switch (event.type) {
    case 'TicketIssued': {
      if (row) return undefined;
      const { ticketId, orderId, eventId, ticketTypeId, seatId, seatLabel, holderName, issuedAt } = event.data;
      return {
        ticket_id: ticketId, order_id: orderId, event_id: eventId, ticket_type_id: ticketTypeId, seat_id: seatId ?? null,
        seat_label: seatLabel ?? null, holder_name: holderName, status: 'valid', issued_at: issuedAt, voided_at: null, void_reason: null,
        last_revision,
      };
    }
    case 'TicketVoided':
      if (!row || row.status === 'voided') return undefined;
      return { ...row, status: 'voided', voided_at: event.data.voidedAt, void_reason: event.data.reason, last_revision };
    default:
      return undefined;
  }
}
