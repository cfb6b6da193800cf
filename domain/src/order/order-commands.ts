import { Message } from '../shared/decider';
import { Buyer } from '../shared/buyer';
import { FeeRule, TaxRule } from '../pricing/pricing-types';

export type { Buyer };

/** General-admission tickets of one type, at the price snapshot taken when they were held. */
export interface OrderItem {
  readonly ticketTypeId: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** One reserved seat: one ticket of its type. */
export interface OrderSeat {
  readonly seatId: string;
  readonly ticketTypeId: string;
  readonly unitPrice: number;
}

export interface OrderTicket {
  readonly ticketId: string;
  readonly ticketTypeId: string;
  readonly seatId?: string;
}

/** Turns a hold into an order awaiting payment; the price is fixed here, once, for good. */
export type PlaceOrder = Message<'PlaceOrder', {
  readonly orderId: string;
  readonly eventId: string;
  readonly holdId: string;
  readonly buyer: Buyer;
  readonly items?: readonly OrderItem[];
  readonly seats?: readonly OrderSeat[];
  readonly currency: string;
  readonly fees: FeeRule;
  readonly tax: TaxRule;
  readonly expiresAt: string;
  readonly now: string;
}>;

export type ConfirmOrder = Message<'ConfirmOrder', {
  readonly paymentReference: string;
  /** Minor units actually captured by the payment provider. */
  readonly amountPaid: number;
  readonly currency: string;
  readonly now: string;
}>;

export type IssueTickets = Message<'IssueTickets', { readonly tickets: readonly OrderTicket[]; readonly now: string }>;
export type CancelOrder = Message<'CancelOrder', { readonly reason: string; readonly now: string }>;
export type ExpireOrder = Message<'ExpireOrder', { readonly now: string }>;

/** Stripe Connect: the organizer's connected account receives the payment, less the platform's fee. */
export interface Payout {
  readonly accountId: string;
  /** Minor units the platform keeps (Stripe's `application_fee_amount`). */
  readonly platformFee: number;
}

/** The provider's payment intent for the order's total, created when the buyer starts checkout. */
export type AttachPaymentIntent = Message<'AttachPaymentIntent', {
  readonly paymentIntentId: string;
  readonly provider: string;
  readonly amount: number;
  readonly currency: string;
  readonly payout?: Payout;
  readonly now: string;
}>;

/** A declined or failed attempt; the order stays open so the buyer can try again while the hold lasts. */
export type RecordPaymentFailure = Message<'RecordPaymentFailure', {
  readonly paymentIntentId: string;
  /** The provider's id of the attempt (a charge id): the same failure reported twice is recorded once. */
  readonly attemptId: string;
  readonly code: string;
  readonly message: string;
  readonly now: string;
}>;

/** A payment landed after the order's hold ended and the same tickets were held again under a new hold. */
export type RecordRehold = Message<'RecordRehold', { readonly holdId: string; readonly now: string }>;

/** Money given back through the provider (in full or in part). */
export type RecordRefund = Message<'RecordRefund', {
  readonly paymentIntentId: string;
  readonly refundId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly now: string;
}>;

/** The buyer's bank disputes the payment: the organizer must look at the order. */
export type FlagDispute = Message<'FlagDispute', {
  readonly paymentIntentId: string;
  readonly disputeId: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly now: string;
}>;

/** Who asked for a refund: the buyer under the event's policy, the organizer by hand, or the provider (given back in Stripe's dashboard). */
export type RefundRequester = 'buyer' | 'organizer' | 'provider';

/**
 * Starts a refund: `amount` back to the buyer (0 when the money went back already, as from the
 * dashboard) and `ticketIds` voided and put back on sale. The id makes every later step of the
 * refund idempotent: the provider's idempotency key, the inventory's return, the completion.
 */
export type RequestRefund = Message<'RequestRefund', {
  readonly refundRequestId: string;
  readonly amount: number;
  readonly ticketIds: readonly string[];
  readonly reason: string;
  readonly requestedBy: RefundRequester;
  readonly now: string;
}>;

/** The provider refused the refund: the tickets stay valid and the order is flagged until a retry succeeds. `attempt` numbers the try (0, 1, …). */
export type RecordRefundFailure = Message<'RecordRefundFailure', {
  readonly refundRequestId: string;
  readonly attempt: number;
  readonly code: string;
  readonly message: string;
  readonly now: string;
}>;

/** Money back (or none due), tickets voided and returned to the inventory: the refund is done. */
export type CompleteRefund = Message<'CompleteRefund', { readonly refundRequestId: string; readonly refundId: string | null; readonly now: string }>;

export type OrderCommand =
  | PlaceOrder
  | ConfirmOrder
  | IssueTickets
  | CancelOrder
  | ExpireOrder
  | AttachPaymentIntent
  | RecordPaymentFailure
  | RecordRehold
  | RecordRefund
  | FlagDispute
  | RequestRefund
  | RecordRefundFailure
  | CompleteRefund;
