import { Money } from '../shared/money';
import { OrderPlaced, OrderEvent } from './order-events';
import { OrderTicket } from './order-commands';

/** What an order is, once placed; every later state keeps it whole. */
export type OrderDetails = OrderPlaced['data'];

export interface Payment {
  readonly reference: string;
  readonly amount: Money;
  readonly confirmedAt: string;
}

export interface PlacedOrder extends OrderDetails {
  readonly status: 'Placed';
}

/**
 * Paid for. Refund states (Refunded, PartiallyRefunded) will carry the same payment and tickets
 * plus what was given back, so they extend this shape rather than replace it.
 */
export interface ConfirmedOrder extends OrderDetails {
  readonly status: 'Confirmed';
  readonly payment: Payment;
  readonly tickets: readonly OrderTicket[];
  /** Null until tickets are issued: issuing follows payment as a separate step that may be retried. */
  readonly ticketsIssuedAt: string | null;
}

export interface CancelledOrder extends OrderDetails {
  readonly status: 'Cancelled';
  readonly reason: string;
  readonly cancelledAt: string;
}

export interface ExpiredOrder extends OrderDetails {
  readonly status: 'Expired';
  readonly expiredAt: string;
}

export type OrderState = { readonly status: 'None' } | PlacedOrder | ConfirmedOrder | CancelledOrder | ExpiredOrder;

export function initialState(): OrderState {
  return { status: 'None' };
}

export function ticketCount(order: OrderDetails): number {
  return order.items.reduce((count, item) => count + item.quantity, 0) + order.seats.length;
}

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return { status: 'Placed', ...event.data };
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
    default: {
      // An event type this version does not know (written by a newer one) leaves the state alone.
      const _exhaustive: never = event;
      return state;
    }
  }
}
