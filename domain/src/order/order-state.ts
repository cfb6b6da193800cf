import { Money } from '../shared/money';
import { OrderPlaced, OrderEvent } from './order-events';
import { OrderTicket, Payout, RefundRequester } from './order-commands';

/** What an order is, once placed; every later state keeps it whole. */
export type OrderDetails = OrderPlaced['data'];

export interface Payment {
  readonly reference: string;
  readonly amount: Money;
  readonly confirmedAt: string;
}

export interface PaymentIntentRecord {
  readonly id: string;
  readonly provider: string;
  readonly payout: Payout | null;
  readonly createdAt: string;
}

export interface PaymentFailure {
  readonly attemptId: string;
  readonly code: string;
  readonly message: string;
  readonly failedAt: string;
}

export interface RecordedRefund {
  readonly refundId: string;
  readonly amount: number;
  readonly reason: string;
  readonly refundedAt: string;
}

export interface Dispute {
  readonly disputeId: string;
  readonly amount: number;
  readonly reason: string;
  readonly disputedAt: string;
}

export interface RefundRequestRecord {
  readonly refundRequestId: string;
  readonly amount: number;
  readonly ticketIds: readonly string[];
  readonly items: readonly { readonly ticketTypeId: string; readonly quantity: number }[];
  readonly seats: readonly string[];
  readonly reason: string;
  readonly requestedBy: RefundRequester;
  readonly requestedAt: string;
  /** Open until the money is back and the tickets voided and returned. */
  readonly status: 'open' | 'completed';
  readonly failures: readonly { readonly attempt: number; readonly code: string; readonly message: string; readonly failedAt: string }[];
  readonly refundId: string | null;
  readonly completedAt: string | null;
}

/**
 * Everything the provider told us about the order's money, in every state: a refund or a dispute
 * may arrive for an order that was cancelled, and a failed attempt for one already paid.
 */
export interface OrderPayments {
  readonly intent: PaymentIntentRecord | null;
  readonly failures: readonly PaymentFailure[];
  readonly refunds: readonly RecordedRefund[];
  /** Minor units given back so far. */
  readonly refunded: number;
  readonly disputes: readonly Dispute[];
  /** Set when the payment landed after the hold ended and the tickets were held again. */
  readonly reheld: { readonly holdId: string; readonly reheldAt: string } | null;
  /** Refunds Marquee gives (buyer's request, organizer's, or following the provider's dashboard), in order. */
  readonly refundRequests: readonly RefundRequestRecord[];
}

interface Placed extends OrderDetails {
  readonly payments: OrderPayments;
}

export interface PlacedOrder extends Placed {
  readonly status: 'Placed';
}

/**
 * Paid for. Refunds are recorded in `payments` and leave the order confirmed: who gives back what
 * (and whether the tickets go back on sale) is the refund policy's business, a later step.
 */
export interface ConfirmedOrder extends Placed {
  readonly status: 'Confirmed';
  readonly payment: Payment;
  readonly tickets: readonly OrderTicket[];
  /** Null until tickets are issued: issuing follows payment as a separate step that may be retried. */
  readonly ticketsIssuedAt: string | null;
}

export interface CancelledOrder extends Placed {
  readonly status: 'Cancelled';
  readonly reason: string;
  readonly cancelledAt: string;
}

export interface ExpiredOrder extends Placed {
  readonly status: 'Expired';
  readonly expiredAt: string;
}

export type ExistingOrder = PlacedOrder | ConfirmedOrder | CancelledOrder | ExpiredOrder;
export type OrderState = { readonly status: 'None' } | ExistingOrder;

export const noPayments: OrderPayments = { intent: null, failures: [], refunds: [], refunded: 0, disputes: [], reheld: null, refundRequests: [] };

export function initialState(): OrderState {
  return { status: 'None' };
}

export function ticketCount(order: OrderDetails): number {
  return order.items.reduce((count, item) => count + item.quantity, 0) + order.seats.length;
}

/** The payment the provider's messages must be about: the intent, or (orders paid before intents were recorded) the confirmed payment. */
export function paymentIntentOf(order: ExistingOrder): string | null {
  return order.payments.intent?.id ?? (order.status === 'Confirmed' ? order.payment.reference : null);
}

function withPayments(state: OrderState, change: (payments: OrderPayments) => OrderPayments): OrderState {
  if (state.status === 'None') return state;
  return { ...state, payments: change(state.payments) };
}

function withRefundRequest(state: OrderState, refundRequestId: string, change: (request: RefundRequestRecord) => RefundRequestRecord): OrderState {
  return withPayments(state, (payments) => ({
    ...payments,
    refundRequests: payments.refundRequests.map((request) => (request.refundRequestId === refundRequestId ? change(request) : request)),
  }));
}

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { status: 'Placed', ...event.data, payments: noPayments };
    case 'OrderConfirmed': {
      if (state.status !== 'Placed') return state;
      const { paymentReference, amountPaid, currency, confirmedAt } = event.data;
      return { ...state, status: 'Confirmed', payment: { reference: paymentReference, amount: { amount: amountPaid, currency }, confirmedAt }, tickets: [], ticketsIssuedAt: null };
    }
    case 'TicketsIssued':
      if (state.status !== 'Confirmed') return state;
      return { ...state, tickets: event.data.tickets, ticketsIssuedAt: event.data.issuedAt };
    case 'OrderCancelled':
      if (state.status !== 'Placed') return state;
      return { ...state, status: 'Cancelled', reason: event.data.reason, cancelledAt: event.data.cancelledAt };
    case 'OrderExpired':
      if (state.status !== 'Placed') return state;
      return { ...state, status: 'Expired', expiredAt: event.data.expiredAt };
    case 'PaymentIntentCreated': {
      const { paymentIntentId, provider, payout, createdAt } = event.data;
      return withPayments(state, (payments) => ({ ...payments, intent: { id: paymentIntentId, provider, payout: payout ?? null, createdAt } }));
    }
    case 'PaymentFailed': {
      const { attemptId, code, message, failedAt } = event.data;
      return withPayments(state, (payments) => ({ ...payments, failures: [...payments.failures, { attemptId, code, message, failedAt }] }));
    }
    case 'OrderReheld':
      return withPayments(state, (payments) => ({ ...payments, reheld: { holdId: event.data.holdId, reheldAt: event.data.reheldAt } }));
    case 'PaymentRefunded': {
      const { refundId, amount, reason, refundedAt } = event.data;
      return withPayments(state, (payments) => ({
        ...payments, refunds: [...payments.refunds, { refundId, amount, reason, refundedAt }], refunded: payments.refunded + amount,
      }));
    }
    case 'PaymentDisputed': {
      const { disputeId, amount, reason, disputedAt } = event.data;
      return withPayments(state, (payments) => ({ ...payments, disputes: [...payments.disputes, { disputeId, amount, reason, disputedAt }] }));
    }
    case 'RefundRequested': {
      const { refundRequestId, amount, ticketIds, items, seats, reason, requestedBy, requestedAt } = event.data;
      return withPayments(state, (payments) => ({
        ...payments,
        refundRequests: [...payments.refundRequests, { refundRequestId, amount, ticketIds, items, seats, reason, requestedBy, requestedAt, status: 'open', failures: [], refundId: null, completedAt: null }],
      }));
    }
    case 'RefundFailed': {
      const { refundRequestId, attempt, code, message, failedAt } = event.data;
      return withRefundRequest(state, refundRequestId, (request) => ({ ...request, failures: [...request.failures, { attempt, code, message, failedAt }] }));
    }
    case 'RefundCompleted': {
      const { refundRequestId, refundId, completedAt } = event.data;
      return withRefundRequest(state, refundRequestId, (request) => ({ ...request, status: 'completed', refundId, completedAt }));
    }
    default: {
      // An event type this version does not know (written by a newer one) leaves the state alone.
      const _exhaustive: never = event;
      return state;
    }
  }
}
