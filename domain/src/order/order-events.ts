import { Message } from '../shared/decider';
import { PriceBreakdown } from '../pricing/pricing-types';
import { Buyer, OrderItem, OrderSeat, OrderTicket } from './order-commands';

export function orderStreamName(orderId: string): string {
  return `order-${orderId}`;
}

export type OrderPlaced = Message<'OrderPlaced', {
  readonly orderId: string;
  readonly eventId: string;
  readonly holdId: string;
  readonly buyer: Buyer;
  readonly items: readonly OrderItem[];
  readonly seats: readonly OrderSeat[];
  /** Stored, not recomputed on replay: a later change to the fee or tax rules must not reprice old orders. */
  readonly pricing: PriceBreakdown;
  readonly expiresAt: string;
  readonly placedAt: string;
}>;

export type OrderConfirmed = Message<'OrderConfirmed', {
  readonly orderId: string;
  readonly paymentReference: string;
  readonly amountPaid: number;
  readonly currency: string;
  readonly confirmedAt: string;
}>;

export type TicketsIssued = Message<'TicketsIssued', {
  readonly orderId: string;
  readonly tickets: readonly OrderTicket[];
  readonly issuedAt: string;
}>;

export type OrderCancelled = Message<'OrderCancelled', { readonly orderId: string; readonly reason: string; readonly cancelledAt: string }>;
export type OrderExpired = Message<'OrderExpired', { readonly orderId: string; readonly expiredAt: string }>;

export type OrderEvent = OrderPlaced | OrderConfirmed | TicketsIssued | OrderCancelled | OrderExpired;
