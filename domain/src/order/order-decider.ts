import { Decider } from '../shared/decider';
import { InvalidInput } from '../shared/domain-error';
import { assertCurrency, assertMinorUnits } from '../shared/money';
import { assertInstant, assertNonEmptyText, instantMs } from '../shared/validation';
import { CancelOrder, ConfirmOrder, ExpireOrder, OrderCommand } from './order-commands';
import { OrderAlreadyConfirmed, OrderNotExpired, OrderNotFound, OrderNotPlaced, PaymentAmountMismatch, PaymentIntentMismatch } from './order-errors';
import { OrderEvent } from './order-events';
import { evolve, initialState, OrderState } from './order-state';
import { issueTickets } from './issue-tickets';
import { attachPaymentIntent, flagDispute, recordPaymentFailure, recordRefund, recordRehold } from './order-payments';
import { placeOrder } from './place-order';
import { completeRefund, recordRefundFailure, requestRefund } from './order-refunds';

/**
 * Confirming does not look at the clock: once the provider has taken the money, a payment that
 * lands a moment after expiresAt (but before the order was expired) still buys the tickets.
 */
function confirmOrder(command: ConfirmOrder, state: OrderState): OrderEvent[] {
  if (state.status === 'None') throw new OrderNotFound();
  const { paymentReference, amountPaid, currency, now } = command.data;
  assertNonEmptyText('paymentReference', paymentReference);
  assertMinorUnits('amountPaid', amountPaid);
  assertCurrency('currency', currency);
  assertInstant('now', now);
  // Payment webhooks are delivered at least once.
  if (state.status === 'Confirmed' && state.payment.reference === paymentReference) return [];
  if (state.status !== 'Placed') throw new OrderNotPlaced(state.orderId, state.status);
  // Once an intent is attached, only its success pays for the order.
  const intent = state.payments.intent?.id;
  if (intent !== undefined && intent !== paymentReference) throw new PaymentIntentMismatch(state.orderId, intent, paymentReference);
  const { total, currency: expectedCurrency } = state.pricing;
  if (amountPaid !== total || currency !== expectedCurrency) {
    throw new PaymentAmountMismatch(state.orderId, { amount: total, currency: expectedCurrency }, { amount: amountPaid, currency });
  }
  return [{ type: 'OrderConfirmed', data: { orderId: state.orderId, paymentReference, amountPaid, currency, confirmedAt: now } }];
}

function cancelOrder(command: CancelOrder, state: OrderState): OrderEvent[] {
  if (state.status === 'None') throw new OrderNotFound();
  assertNonEmptyText('reason', command.data.reason);
  assertInstant('now', command.data.now);
  switch (state.status) {
    case 'Placed':
      return [{ type: 'OrderCancelled', data: { orderId: state.orderId, reason: command.data.reason, cancelledAt: command.data.now } }];
    // Either way the order is void and its hold released, which is all a cancel asks for.
    case 'Cancelled':
    case 'Expired':
      return [];
    case 'Confirmed':
      throw new OrderAlreadyConfirmed(state.orderId);
    default: {
      const _exhaustive: never = state;
      throw new Error(`unhandled order status ${JSON.stringify((_exhaustive as OrderState).status)}`);
    }
  }
}

function expireOrder(command: ExpireOrder, state: OrderState): OrderEvent[] {
  if (state.status === 'None') throw new OrderNotFound();
  const { now } = command.data;
  assertInstant('now', now);
  switch (state.status) {
    case 'Placed':
      if (instantMs(now) < instantMs(state.expiresAt)) throw new OrderNotExpired(state.orderId, state.expiresAt, now);
      return [{ type: 'OrderExpired', data: { orderId: state.orderId, expiredAt: now } }];
    // The expiry sweep may race a cancel or run twice.
    case 'Expired':
    case 'Cancelled':
      return [];
    case 'Confirmed':
      throw new OrderAlreadyConfirmed(state.orderId);
    default: {
      const _exhaustive: never = state;
      throw new Error(`unhandled order status ${JSON.stringify((_exhaustive as OrderState).status)}`);
    }
  }
}

function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'PlaceOrder':
      return placeOrder(command, state);
    case 'ConfirmOrder':
      return confirmOrder(command, state);
    case 'IssueTickets':
      return issueTickets(command, state);
    case 'CancelOrder':
      return cancelOrder(command, state);
    case 'ExpireOrder':
      return expireOrder(command, state);
    case 'AttachPaymentIntent':
      return attachPaymentIntent(command, state);
    case 'RecordPaymentFailure':
      return recordPaymentFailure(command, state);
    case 'RecordRehold':
      return recordRehold(command, state);
    case 'RecordRefund':
      return recordRefund(command, state);
    case 'FlagDispute':
      return flagDispute(command, state);
    case 'RequestRefund':
      return requestRefund(command, state);
    case 'RecordRefundFailure':
      return recordRefundFailure(command, state);
    case 'CompleteRefund':
      return completeRefund(command, state);
    default: {
      const _exhaustive: never = command;
      throw new InvalidInput('type', `unknown order command ${JSON.stringify((_exhaustive as { type?: unknown }).type)}`);
    }
  }
}

/** Stream `order-<orderId>`: one order from placement to payment, tickets, or its end. */
export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = { initialState, evolve, decide };
