import { InvalidInput } from '../shared/domain-error';
import { assertNonEmptyText, assertNonNegativeInteger, assertInstant } from '../shared/validation';
import { CompleteRefund, RecordRefundFailure, RefundRequester, RequestRefund } from './order-commands';
import {
  OrderNotFound, OrderNotPaid, RefundExceedsPayment, RefundInProgress, RefundRequestNotFound, TicketAlreadyRefunded,
} from './order-errors';
import { OrderEvent } from './order-events';
import { ConfirmedOrder, ExistingOrder, OrderState, RefundRequestRecord } from './order-state';

/**
 * Refunds as a process with idempotent steps, recorded on the order: RefundRequested (what goes
 * back: money and tickets), then the provider's refund (PaymentRefunded, or RefundFailed — the
 * tickets stay valid and the order is flagged), the tickets voided and returned to the inventory,
 * and RefundCompleted. Whoever runs the steps after a crash finds the request open and continues
 * with the same ids; nothing is given back twice.
 */

const REQUESTERS: readonly RefundRequester[] = ['buyer', 'organizer', 'provider'];

export function requestRefund(command: RequestRefund, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { refundRequestId, amount, ticketIds, reason, requestedBy, now } = command.data;
  assertNonEmptyText('refundRequestId', refundRequestId, 100);
  assertInstant('now', now);
  if (order.payments.refundRequests.some((request) => request.refundRequestId === refundRequestId)) return [];
  assertNonNegativeInteger('amount', amount);
  assertNonEmptyText('reason', reason, 500);
  if (!REQUESTERS.includes(requestedBy)) throw new InvalidInput('requestedBy', `requestedBy must be one of ${REQUESTERS.join(', ')}`);
  if (!Array.isArray(ticketIds)) throw new InvalidInput('ticketIds', 'ticketIds must be a list');
  if (order.status !== 'Confirmed') throw new OrderNotPaid(order.orderId, order.status.toLowerCase());
  const open = openRefundRequest(order);
  if (open) throw new RefundInProgress(order.orderId, open.refundRequestId);
  if (amount === 0 && ticketIds.length === 0) throw new InvalidInput('amount', 'a refund gives back money, tickets, or both');
  const tickets = ticketsToRefund(order, ticketIds);
  const paid = order.payment.amount;
  if (order.payments.refunded + amount > paid.amount) throw new RefundExceedsPayment(order.orderId, paid, order.payments.refunded, amount);
  const items = new Map<string, number>();
  for (const ticket of tickets) if (!ticket.seatId) items.set(ticket.ticketTypeId, (items.get(ticket.ticketTypeId) ?? 0) + 1);
  return [{
    type: 'RefundRequested',
    data: {
      orderId: order.orderId, refundRequestId, amount, currency: paid.currency, ticketIds: tickets.map((ticket) => ticket.ticketId),
      items: [...items].map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })),
      seats: tickets.flatMap((ticket) => (ticket.seatId ? [ticket.seatId] : [])),
      reason, requestedBy, requestedAt: now,
    },
  }];
}

/** Each attempt's failure once; a failure for a refund already done changes nothing. */
export function recordRefundFailure(command: RecordRefundFailure, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { refundRequestId, attempt, code, message, now } = command.data;
  assertNonNegativeInteger('attempt', attempt);
  assertNonEmptyText('code', code, 100);
  assertNonEmptyText('message', message, 1_000);
  assertInstant('now', now);
  const request = refundRequestOf(order, refundRequestId);
  if (request.status === 'completed' || request.failures.some((failure) => failure.attempt === attempt)) return [];
  return [{ type: 'RefundFailed', data: { orderId: order.orderId, refundRequestId, attempt, code, message, failedAt: now } }];
}

export function completeRefund(command: CompleteRefund, state: OrderState): OrderEvent[] {
  const order = existing(state);
  const { refundRequestId, refundId, now } = command.data;
  assertInstant('now', now);
  if (refundId !== null) assertNonEmptyText('refundId', refundId);
  const request = refundRequestOf(order, refundRequestId);
  if (request.status === 'completed') return [];
  if (request.amount > 0 && refundId === null) throw new InvalidInput('refundId', `refund ${refundRequestId} gives back ${request.amount}: name the provider's refund`);
  return [{ type: 'RefundCompleted', data: { orderId: order.orderId, refundRequestId, refundId, amount: request.amount, ticketIds: request.ticketIds, completedAt: now } }];
}

/** The refund still under way (at most one), if any. */
export function openRefundRequest(order: ExistingOrder): RefundRequestRecord | undefined {
  return order.payments.refundRequests.find((request) => request.status === 'open');
}

/** Tickets given back by a refund, done or under way: they are not the order's to refund again. */
export function refundedTicketIds(order: ExistingOrder): Map<string, string> {
  return new Map(order.payments.refundRequests.flatMap((request) => request.ticketIds.map((ticketId) => [ticketId, request.refundRequestId] as const)));
}

/** Tickets of the order still valid as far as refunds go. */
export function unrefundedTickets(order: ConfirmedOrder): ConfirmedOrder['tickets'] {
  const refunded = refundedTicketIds(order);
  return order.tickets.filter((ticket) => !refunded.has(ticket.ticketId));
}

function ticketsToRefund(order: ConfirmedOrder, ticketIds: readonly string[]): ConfirmedOrder['tickets'] {
  const refunded = refundedTicketIds(order);
  const seen = new Set<string>();
  return ticketIds.map((ticketId, index) => {
    const field = `ticketIds[${index}]`;
    assertNonEmptyText(field, ticketId, 100);
    if (seen.has(ticketId)) throw new InvalidInput(field, `ticket ${ticketId} is named twice`);
    seen.add(ticketId);
    const ticket = order.tickets.find((candidate) => candidate.ticketId === ticketId);
    if (!ticket) throw new InvalidInput(field, `ticket ${ticketId} is not one of order ${order.orderId}'s tickets`);
    const by = refunded.get(ticketId);
    if (by !== undefined) throw new TicketAlreadyRefunded(order.orderId, ticketId, by);
    return ticket;
  });
}

function refundRequestOf(order: ExistingOrder, refundRequestId: string): RefundRequestRecord {
  assertNonEmptyText('refundRequestId', refundRequestId, 100);
  const request = order.payments.refundRequests.find((candidate) => candidate.refundRequestId === refundRequestId);
  if (!request) throw new RefundRequestNotFound(order.orderId, refundRequestId);
  return request;
}

function existing(state: OrderState): ExistingOrder {
  if (state.status === 'None') throw new OrderNotFound();
  return state;
}
