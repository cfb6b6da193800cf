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

export type OrderCommand = PlaceOrder | ConfirmOrder | IssueTickets | CancelOrder | ExpireOrder;
