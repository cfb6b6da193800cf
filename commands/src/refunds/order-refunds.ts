import {
  ConfirmedOrder, DomainError, eventDecider, EventNotFound, eventStreamName, NothingToRefund, openRefundRequest, orderDecider, OrderNotFound, OrderNotPaid,
  OrderState, orderStreamName, paymentIntentOf, quoteBuyerRefund, RefundQuote, RefundRequester, RefundRequestNotFound, RefundRequestRecord, ticketDecider,
  ticketStreamName, unrefundedTickets,
} from '@marquee/domain';
import { OneAtATime } from '../buying/one-at-a-time';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore } from '../event-store/event-store';
import { derivedId } from '../ids/derived-id';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { RefundRefused } from '../payments/payment-errors';
import { PaymentGateway } from '../payments/payment-gateway';
import { RefundFailed } from './refund-failed';

export interface RefundDependencies {
  readonly store: EventStore;
  readonly gates: InventoryGates;
  readonly gateway: PaymentGateway;
  readonly clock?: () => Date;
}

export interface RefundAsk {
  readonly refundRequestId: string;
  /** Minor units back to the buyer; 0 when the money went back already. */
  readonly amount: number;
  /** Tickets voided and put back on sale. */
  readonly ticketIds: readonly string[];
  readonly reason: string;
  readonly requestedBy: RefundRequester;
}

export interface RefundDone {
  readonly order: ConfirmedOrder;
  readonly request: RefundRequestRecord;
  /** For a buyer's request: how the policy split the order. */
  readonly quote?: RefundQuote;
}

/**
 * The refund process: one order's refund, step by step, each step idempotent and keyed by the
 * refund request's id, so a retry after a crash continues where it stopped and never gives
 * anything back twice:
 *
 *   1. RefundRequested on the order (what goes back; one open refund per order);
 *   2. the provider's refund, idempotency key `marquee-refund-<request>-<attempt>` — a refusal is
 *      recorded (RefundFailed: order flagged, tickets untouched) and ends the run; the attempt
 *      number moves on only with a recorded refusal, so a crash or a timeout retries the same key
 *      and Stripe answers with the refund it made, if it made one;
 *   3. PaymentRefunded on the order (by the provider's refund id: the webhook may get there first);
 *   4. each ticket voided (ticket streams; the revocations projection drops them from the scanner's valid list);
 *   5. the tickets returned to the inventory through the gate (`returnId` = the request: once);
 *   6. RefundCompleted.
 *
 * Money first, tickets after: a refusal leaves a paid order with valid tickets, never voided
 * tickets with the money kept.
 */
export class OrderRefunds {
  private readonly serial = new OneAtATime();
  private readonly clock: () => Date;

  constructor(private readonly deps: RefundDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** A buyer asks once per order: asking again (after a failure or a lost answer) continues the same refund. */
  static buyerRequestIdFor(orderId: string): string {
    return derivedId('marquee:buyer-refund', orderId);
  }

  /** The refund that follows money given back in the provider's dashboard. */
  static providerRequestIdFor(orderId: string): string {
    return derivedId('marquee:provider-refund', orderId);
  }

  async load(orderId: string): Promise<OrderState> {
    return (await loadAggregate(this.deps.store, orderDecider, orderStreamName(orderId))).state;
  }

  /**
   * The buyer's refund of every ticket still on the order, as the event's refund policy allows —
   * refused naming the rule (`refunds-not-offered`, `refund-window-closed`) otherwise. Decided on
   * the event's and the order's own streams, never on read models.
   */
  requestByBuyer(orderId: string, reason: string, context: CommandContext): Promise<RefundDone> {
    return this.serial.run(orderId, async () => {
      const order = await this.confirmed(orderId);
      const refundRequestId = OrderRefunds.buyerRequestIdFor(orderId);
      if (order.payments.refundRequests.some((request) => request.refundRequestId === refundRequestId)) return this.continue(orderId, refundRequestId, context);
      const { state: event } = await loadAggregate(this.deps.store, eventDecider, eventStreamName(order.eventId));
      if (event.status === 'None') throw new EventNotFound();
      const quote = quoteBuyerRefund({ eventId: event.eventId, policy: event.refundPolicy, startsAt: event.startsAt, now: this.now(), pricing: order.pricing });
      const tickets = unrefundedTickets(order);
      const left = order.payment.amount.amount - order.payments.refunded;
      if (tickets.length === 0) throw new NothingToRefund(orderId);
      // After an earlier refund by the organizer, never more than what is left of the payment.
      const amount = Math.min(quote.amount, left);
      await this.request(orderId, { refundRequestId, amount, ticketIds: tickets.map((ticket) => ticket.ticketId), reason, requestedBy: 'buyer' }, context);
      return { ...(await this.continue(orderId, refundRequestId, context)), quote };
    });
  }

  /** An organizer's (or the provider's) refund: any amount up to what is left, any of the order's tickets. */
  refund(orderId: string, ask: RefundAsk, context: CommandContext): Promise<RefundDone> {
    return this.serial.run(orderId, async () => {
      await this.request(orderId, ask, context);
      return this.continue(orderId, ask.refundRequestId, context);
    });
  }

  /** Another attempt at a refund that failed (or stopped half-way). */
  retry(orderId: string, refundRequestId: string, context: CommandContext): Promise<RefundDone> {
    return this.serial.run(orderId, () => this.continue(orderId, refundRequestId, context));
  }

  /**
   * After the provider reported refunds (`charge.refunded`): a refund of ours that stopped
   * half-way (a crash after Stripe refunded) is finished; money given back in full in the
   * dashboard voids the tickets still valid and puts them back on sale, as any refund does.
   * A partial dashboard refund names no tickets, so they stay valid. A refund that failed is left
   * for a person to retry: the webhook is no reason for a new attempt.
   */
  followProvider(orderId: string, context: CommandContext): Promise<string> {
    return this.serial.run(orderId, async () => {
      const order = await this.load(orderId);
      if (order.status !== 'Confirmed') return 'no paid order to follow';
      const open = openRefundRequest(order);
      if (open) {
        if (open.failures.length > 0) return `refund ${open.refundRequestId} failed before: left for a retry`;
        await this.continue(orderId, open.refundRequestId, context);
        return `refund ${open.refundRequestId} completed`;
      }
      const tickets = unrefundedTickets(order);
      if (order.payments.refunded < order.payment.amount.amount || tickets.length === 0 || order.payment.amount.amount === 0) return 'no tickets to void';
      const refundRequestId = OrderRefunds.providerRequestIdFor(orderId);
      await this.request(orderId, {
        refundRequestId, amount: 0, ticketIds: tickets.map((ticket) => ticket.ticketId), reason: 'refunded in full with the payment provider', requestedBy: 'provider',
      }, context);
      await this.continue(orderId, refundRequestId, context);
      return `${tickets.length} ticket(s) voided and returned after the provider's full refund`;
    });
  }

  private async request(orderId: string, ask: RefundAsk, context: CommandContext): Promise<void> {
    await this.order(orderId, { type: 'RequestRefund', data: { ...ask, now: this.now() } }, context);
  }

  private async continue(orderId: string, refundRequestId: string, context: CommandContext): Promise<RefundDone> {
    const order = await this.confirmed(orderId);
    const request = order.payments.refundRequests.find((candidate) => candidate.refundRequestId === refundRequestId);
    if (!request) throw new RefundRequestNotFound(orderId, refundRequestId);
    if (request.status === 'completed') return { order, request };
    const refundId = request.amount > 0 ? await this.giveMoneyBack(order, request, context) : null;
    const metadata = () => metadataFor(context, this.clock());
    for (const ticketId of request.ticketIds) {
      await handleCommand(this.deps.store, ticketDecider, ticketStreamName(ticketId), { type: 'VoidTicket', data: { reason: 'refund', now: this.now() } }, metadata());
    }
    if (request.items.length > 0 || request.seats.length > 0) {
      const returned = await this.deps.gates.forEvent(order.eventId).submit({
        type: 'ReturnTickets',
        data: { orderId, returnId: refundRequestId, reason: 'refund', now: this.now(), ...(request.items.length ? { items: request.items } : {}), ...(request.seats.length ? { seats: request.seats } : {}) },
      }, metadata());
      if (!returned.accepted) throw returned.error;
    }
    const completed = await this.order(orderId, { type: 'CompleteRefund', data: { refundRequestId, refundId, now: this.now() } }, context);
    if (completed.status !== 'Confirmed') throw new Error(`order ${orderId} is ${completed.status} after a refund`);
    const done = completed.payments.refundRequests.find((candidate) => candidate.refundRequestId === refundRequestId);
    if (!done) throw new RefundRequestNotFound(orderId, refundRequestId);
    return { order: completed, request: done };
  }

  /** Step 2 and 3: the provider's refund, recorded on the order; a refusal is recorded and thrown. */
  private async giveMoneyBack(order: ConfirmedOrder, request: RefundRequestRecord, context: CommandContext): Promise<string> {
    const paymentIntentId = paymentIntentOf(order);
    if (paymentIntentId === null) throw new DomainError('no-payment-to-refund', `order ${order.orderId} has no payment to refund`, { orderId: order.orderId });
    const attempt = request.failures.length;
    try {
      const refund = await this.deps.gateway.refund({
        paymentIntentId, amount: request.amount, reason: request.reason, idempotencyKey: `marquee-refund-${request.refundRequestId}-${attempt}`,
        // Connect: the organizer's transfer (and the platform's fee) come back with the money.
        reversePayout: Boolean(order.payments.intent?.payout),
      });
      await this.order(order.orderId, {
        type: 'RecordRefund',
        data: { paymentIntentId, refundId: refund.id, amount: refund.amount, currency: refund.currency.toUpperCase(), reason: request.reason, now: this.now() },
      }, context);
      return refund.id;
    } catch (error) {
      if (!(error instanceof RefundRefused)) throw error;
      await this.order(order.orderId, {
        type: 'RecordRefundFailure', data: { refundRequestId: request.refundRequestId, attempt, code: error.code, message: error.message.slice(0, 1_000) || error.code, now: this.now() },
      }, context);
      throw new RefundFailed(order.orderId, request.refundRequestId, error.code, error.message);
    }
  }

  private async confirmed(orderId: string): Promise<ConfirmedOrder> {
    const order = await this.load(orderId);
    if (order.status === 'None') throw new OrderNotFound();
    if (order.status !== 'Confirmed') throw new OrderNotPaid(orderId, order.status.toLowerCase());
    return order;
  }

  private async order(orderId: string, command: Parameters<typeof orderDecider.decide>[0], context: CommandContext): Promise<OrderState> {
    return (await handleCommand(this.deps.store, orderDecider, orderStreamName(orderId), command, metadataFor(context, this.clock()))).state;
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
