import type { OrderItem, OrderSeat, OrderTicket, PriceBreakdown } from '@marquee/domain';
import type { Queryable } from '../projection';
import { iso, isoOrNull } from '../read-models/db-values';
import type { DisputeRow, OrderStatus, PaymentFailureRow, RefundRequestRow, RefundRow, TicketStatus } from '../read-models/orders/order-tables';

export interface OrderTicketView {
  readonly ticketId: string;
  readonly ticketTypeId: string;
  readonly seatId: string | null;
  readonly seatLabel: string | null;
  readonly holderName: string | null;
  /** `pending` until the ticket's own stream (holder, seat label) has been projected. */
  readonly status: TicketStatus | 'pending';
  readonly issuedAt: string | null;
}

export interface OrderSummary {
  readonly orderId: string;
  readonly eventId: string;
  readonly holdId: string;
  readonly status: OrderStatus;
  readonly buyer: { readonly email: string; readonly name: string; readonly country: string | null };
  readonly total: number;
  readonly currency: string;
  readonly ticketCount: number;
  readonly paymentReference: string | null;
  readonly placedAt: string;
  readonly expiresAt: string;
  readonly confirmedAt: string | null;
  readonly cancelledAt: string | null;
  readonly expiredAt: string | null;
  /** Minor units given back so far. */
  readonly refundedAmount: number;
  /** The buyer's bank disputes the payment: the organizer must look at this order. */
  readonly disputed: boolean;
  /** A refund the payment provider refused is still open: the organizer must retry it. */
  readonly refundFailed: boolean;
}

export interface OrderView extends OrderSummary {
  readonly items: readonly OrderItem[];
  readonly seats: readonly OrderSeat[];
  readonly pricing: PriceBreakdown;
  readonly amountPaid: number | null;
  readonly cancellationReason: string | null;
  readonly ticketsIssuedAt: string | null;
  readonly tickets: readonly OrderTicketView[];
  readonly payment: {
    readonly intentId: string | null;
    readonly failures: readonly PaymentFailureRow[];
    readonly refunds: readonly RefundRow[];
    readonly disputes: readonly DisputeRow[];
    /** When the payment came after the hold ended and the tickets were held again. */
    readonly reheldAs: string | null;
  };
  /** Refunds Marquee gives (the buyer's, the organizer's, or following the provider's dashboard). */
  readonly refundRequests: readonly RefundRequestRow[];
}

interface OrderRecord {
  order_id: string; event_id: string; hold_id: string; status: OrderStatus; buyer_email: string; buyer_name: string;
  buyer_country: string | null; items: OrderItem[]; seats: OrderSeat[]; pricing: PriceBreakdown; total: string; currency: string;
  payment_reference: string | null; amount_paid: string | null; placed_at: Date; expires_at: Date; confirmed_at: Date | null;
  cancelled_at: Date | null; cancellation_reason: string | null; expired_at: Date | null; tickets: OrderTicket[];
  tickets_issued_at: Date | null; payment_intent_id: string | null; payment_failures: PaymentFailureRow[]; refunds: RefundRow[];
  refunded_amount: string; disputes: DisputeRow[]; reheld_hold_id: string | null; refund_requests: RefundRequestRow[];
}

interface TicketRecord {
  ticket_id: string; ticket_type_id: string; seat_id: string | null; seat_label: string | null; holder_name: string;
  status: TicketStatus; issued_at: Date;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** An order with its tickets; null when unknown. */
export async function order(db: Queryable, orderId: string): Promise<OrderView | null> {
  const { rows } = await db.query<OrderRecord>('SELECT * FROM rm_orders WHERE order_id = $1', [orderId]);
  const row = rows[0];
  if (!row) return null;
  const { rows: tickets } = await db.query<TicketRecord>(
    `SELECT ticket_id, ticket_type_id, seat_id, seat_label, holder_name, status, issued_at
     FROM rm_tickets WHERE order_id = $1 ORDER BY ticket_id`, [orderId]);
  return {
    ...summaryOf(row),
    items: row.items,
    seats: row.seats,
    pricing: row.pricing,
    amountPaid: row.amount_paid === null ? null : Number(row.amount_paid),
    cancellationReason: row.cancellation_reason,
    ticketsIssuedAt: isoOrNull(row.tickets_issued_at),
    tickets: ticketsOf(row.tickets, tickets),
    payment: { intentId: row.payment_intent_id, failures: row.payment_failures, refunds: row.refunds, disputes: row.disputes, reheldAs: row.reheld_hold_id },
    refundRequests: row.refund_requests,
  };
}

/**
 * An event's orders, newest first. `search` matches part of the buyer's e-mail or name, or the
 * start of the order id, ignoring case.
 */
export async function ordersOfEvent(db: Queryable, eventId: string, options: { search?: string; limit?: number } = {}): Promise<OrderSummary[]> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const search = options.search?.trim();
  const params: unknown[] = [eventId, limit];
  let condition = '';
  if (search) {
    const escaped = search.replace(/[\\%_]/g, (character) => `\\${character}`);
    params.push(`%${escaped}%`, `${escaped}%`);
    condition = 'AND (buyer_email ILIKE $3 OR buyer_name ILIKE $3 OR order_id ILIKE $4)';
  }
  const { rows } = await db.query<OrderRecord>(
    `SELECT * FROM rm_orders WHERE event_id = $1 ${condition} ORDER BY placed_at DESC, order_id LIMIT $2`, params);
  return rows.map(summaryOf);
}

function summaryOf(row: OrderRecord): OrderSummary {
  return {
    orderId: row.order_id,
    eventId: row.event_id,
    holdId: row.hold_id,
    status: row.status,
    buyer: { email: row.buyer_email, name: row.buyer_name, country: row.buyer_country },
    total: Number(row.total),
    currency: row.currency,
    ticketCount: row.items.reduce((count, item) => count + item.quantity, 0) + row.seats.length,
    paymentReference: row.payment_reference,
    placedAt: iso(row.placed_at),
    expiresAt: iso(row.expires_at),
    confirmedAt: isoOrNull(row.confirmed_at),
    cancelledAt: isoOrNull(row.cancelled_at),
    expiredAt: isoOrNull(row.expired_at),
    refundedAmount: Number(row.refunded_amount),
    disputed: row.disputes.length > 0,
    refundFailed: row.refund_requests.some((request) => request.status === 'open' && request.failures.length > 0),
  };
}

/** The order's list of tickets, each completed by its own stream's row once that has been projected. */
function ticketsOf(issued: readonly OrderTicket[], projected: readonly TicketRecord[]): OrderTicketView[] {
  const byId = new Map(projected.map((ticket) => [ticket.ticket_id, ticket]));
  const listed = issued.map((ticket): OrderTicketView => {
    const row = byId.get(ticket.ticketId);
    byId.delete(ticket.ticketId);
    return row ? viewOf(row) : {
      ticketId: ticket.ticketId, ticketTypeId: ticket.ticketTypeId, seatId: ticket.seatId ?? null, seatLabel: null, holderName: null,
      status: 'pending', issuedAt: null,
    };
  });
  return [...listed, ...[...byId.values()].map(viewOf)];
}

function viewOf(row: TicketRecord): OrderTicketView {
  return {
    ticketId: row.ticket_id, ticketTypeId: row.ticket_type_id, seatId: row.seat_id, seatLabel: row.seat_label,
    holderName: row.holder_name, status: row.status, issuedAt: iso(row.issued_at),
  };
}
