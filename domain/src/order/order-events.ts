import { Message } from '../shared/decider';
import { PriceBreakdown } from '../pricing/pricing-types';
import { Buyer, OrderItem, OrderSeat, OrderTicket, Payout, RefundRequester } from './order-commands';

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

export type PaymentIntentCreated = Message<'PaymentIntentCreated', {
  readonly orderId: string;
  readonly paymentIntentId: string;
  readonly provider: string;
  readonly amount: number;
  readonly currency: string;
  readonly payout?: Payout;
  readonly createdAt: string;
}>;

export type PaymentFailed = Message<'PaymentFailed', {
  readonly orderId: string;
  readonly paymentIntentId: string;
  readonly attemptId: string;
  readonly code: string;
  readonly message: string;
  readonly failedAt: string;
}>;

export type OrderReheld = Message<'OrderReheld', { readonly orderId: string; readonly holdId: string; readonly previousHoldId: string; readonly reheldAt: string }>;

export type PaymentRefunded = Message<'PaymentRefunded', {
  readonly orderId: string;
  readonly paymentIntentId: string;
  readonly refundId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly refundedAt: string;
}>;

export type PaymentDisputed = Message<'PaymentDisputed', {
  readonly orderId: string;
  readonly paymentIntentId: string;
  readonly disputeId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly disputedAt: string;
}>;

export type RefundRequested = Message<'RefundRequested', {
  readonly orderId: string;
  readonly refundRequestId: string;
  readonly amount: number;
  readonly currency: string;
  readonly ticketIds: readonly string[];
  /** The tickets as the inventory counts them, so the return needs nothing but this event. */
  readonly items: readonly { readonly ticketTypeId: string; readonly quantity: number }[];
  readonly seats: readonly string[];
  readonly reason: string;
  readonly requestedBy: RefundRequester;
  readonly requestedAt: string;
}>;

export type RefundFailed = Message<'RefundFailed', {
  readonly orderId: string;
  readonly refundRequestId: string;
  readonly attempt: number;
  readonly code: string;
  readonly message: string;
  readonly failedAt: string;
}>;

export type RefundCompleted = Message<'RefundCompleted', {
  readonly orderId: string;
  readonly refundRequestId: string;
  readonly refundId: string | null;
  readonly amount: number;
  readonly ticketIds: readonly string[];
  readonly completedAt: string;
}>;

export type OrderEvent =
  | OrderPlaced
  | OrderConfirmed
  | TicketsIssued
  | OrderCancelled
  | OrderExpired
  | PaymentIntentCreated
  | PaymentFailed
  | OrderReheld
  | PaymentRefunded
  | PaymentDisputed
  | RefundRequested
  | RefundFailed
  | RefundCompleted;
