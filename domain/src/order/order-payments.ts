import { assertCurrency, assertMinorUnits } from '../shared/money';
import { InvalidInput } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText, assertPositiveInteger } from '../shared/validation';
import { AttachPaymentIntent, FlagDispute, RecordPaymentFailure, RecordRefund, RecordRehold } from './order-commands';
import { OrderNotFound, OrderNotPlaced, PaymentAmountMismatch, PaymentIntentExists, PaymentIntentMismatch, RefundExceedsPayment } from './order-errors';
import { OrderEvent } from './order-events';
import { ExistingOrder, OrderState, paymentIntentOf } from './order-state';

/**
 * The payment provider's side of an order. Providers deliver their news at least once and in any
 * order, so every command here is idempotent by the provider's own id (intent, attempt, refund,
 * dispute), and news about an order that has moved on is kept or ignored, never refused.
 */

/** One intent per order, for exactly the price fixed when the order was placed. */
export function attachPaymentIntent(command: AttachPaymentIntent, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { paymentIntentId, provider, amount, currency, payout, now } = command.data;
  assertNonEmptyText('paymentIntentId', paymentIntentId);
  assertNonEmptyText('provider', provider, 50);
  assertInstant('now', now);
  const current = order.payments.intent?.id;
  if (current === paymentIntentId) return [];
  if (current !== undefined) throw new PaymentIntentExists(order.orderId, current, paymentIntentId);
  if (order.status !== 'Placed') throw new OrderNotPlaced(order.orderId, order.status);
  const { total, currency: expectedCurrency } = order.pricing;
  if (amount !== total || currency !== expectedCurrency) {
    throw new PaymentAmountMismatch(order.orderId, { amount: total, currency: expectedCurrency }, { amount, currency });
  }
  if (payout !== undefined) {
    assertNonEmptyText('payout.accountId', payout.accountId, 100);
    assertMinorUnits('payout.platformFee', payout.platformFee);
    if (payout.platformFee > amount) throw new InvalidInput('payout.platformFee', `the platform's fee (${payout.platformFee}) cannot exceed the payment (${amount})`);
  }
  return [{
    type: 'PaymentIntentCreated',
    data: { orderId: order.orderId, paymentIntentId, provider, amount, currency, ...(payout ? { payout: { accountId: payout.accountId, platformFee: payout.platformFee } } : {}), createdAt: now },
  }];
}

/** Kept while the order awaits payment; a failure reported after it was paid (or ended) changes nothing. */
export function recordPaymentFailure(command: RecordPaymentFailure, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { paymentIntentId, attemptId, code, message, now } = command.data;
  assertNonEmptyText('attemptId', attemptId);
  assertNonEmptyText('code', code, 100);
  assertNonEmptyText('message', message, 1_000);
  assertInstant('now', now);
  assertSamePayment(order, paymentIntentId);
  if (order.status !== 'Placed') return [];
  if (order.payments.failures.some((failure) => failure.attemptId === attemptId)) return [];
  return [{ type: 'PaymentFailed', data: { orderId: order.orderId, paymentIntentId, attemptId, code, message, failedAt: now } }];
}

/** Only an unpaid order moves to a new hold: the sale that follows uses it. */
export function recordRehold(command: RecordRehold, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { holdId, now } = command.data;
  assertNonEmptyText('holdId', holdId, 100);
  assertInstant('now', now);
  if (order.payments.reheld?.holdId === holdId) return [];
  if (holdId === order.holdId) throw new InvalidInput('holdId', `order ${order.orderId} was placed from hold ${holdId}; a rehold is a new hold`);
  if (order.status !== 'Placed') throw new OrderNotPlaced(order.orderId, order.status);
  return [{ type: 'OrderReheld', data: { orderId: order.orderId, holdId, previousHoldId: order.payments.reheld?.holdId ?? order.holdId, reheldAt: now } }];
}

/** Never more back than was paid; the same refund reported again is recorded once. */
export function recordRefund(command: RecordRefund, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { paymentIntentId, refundId, amount, currency, reason, now } = command.data;
  assertNonEmptyText('refundId', refundId);
  assertPositiveInteger('amount', amount);
  assertCurrency('currency', currency);
  assertNonEmptyText('reason', reason, 500);
  assertInstant('now', now);
  assertSamePayment(order, paymentIntentId);
  if (order.payments.refunds.some((refund) => refund.refundId === refundId)) return [];
  const paid = { amount: order.pricing.total, currency: order.pricing.currency };
  if (currency !== paid.currency) throw new PaymentAmountMismatch(order.orderId, paid, { amount, currency });
  if (order.payments.refunded + amount > paid.amount) throw new RefundExceedsPayment(order.orderId, paid, order.payments.refunded, amount);
  return [{ type: 'PaymentRefunded', data: { orderId: order.orderId, paymentIntentId, refundId, amount, currency, reason, refundedAt: now } }];
}

/** A flag for the organizer, whatever the order's status; each dispute once. */
export function flagDispute(command: FlagDispute, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { paymentIntentId, disputeId, amount, currency, reason, now } = command.data;
  assertNonEmptyText('disputeId', disputeId);
  assertMinorUnits('amount', amount);
  assertCurrency('currency', currency);
  assertNonEmptyText('reason', reason, 200);
  assertInstant('now', now);
  assertSamePayment(order, paymentIntentId);
  if (order.payments.disputes.some((dispute) => dispute.disputeId === disputeId)) return [];
  return [{ type: 'PaymentDisputed', data: { orderId: order.orderId, paymentIntentId, disputeId, amount, currency, reason, disputedAt: now } }];
}

function existing(state: OrderState): ExistingOrder {
  if (state.status === 'None') throw new OrderNotFound();
  return state;
}

/** News about another payment than this order's is a wiring mistake, not something to record. */
function assertSamePayment(order: ExistingOrder, paymentIntentId: string): void {
  assertNonEmptyText('paymentIntentId', paymentIntentId);
  const expected = paymentIntentOf(order);
  if (expected !== paymentIntentId) throw new PaymentIntentMismatch(order.orderId, expected, paymentIntentId);
}
