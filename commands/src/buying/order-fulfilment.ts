import {
  ConfirmedOrder, DomainError, ExistingOrder, HoldExists, HoldExpired, HoldNotActive, InventoryState, orderDecider, OrderState, orderStreamName,
  OrderTicket, PaymentAmountMismatch, paymentIntentOf, PaymentIntentMismatch, PlacedOrder, ticketDecider, ticketStreamName,
} from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore } from '../event-store/event-store';
import { derivedId } from '../ids/derived-id';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { IntentPayout, PaymentError, PaymentGateway, PaymentIntent, Refund } from '../payments/payment-gateway';
import { AwaitingPayments } from './awaiting-payments';
import { OneAtATime } from './one-at-a-time';

/** Money that has arrived for an order. */
export interface SucceededPayment {
  /** The provider's intent; null for a free order, which needs no payment. */
  readonly intentId: string | null;
  readonly amount: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
}

export type Settlement =
  | { readonly outcome: 'confirmed'; readonly order: ConfirmedOrder; readonly tickets: readonly OrderTicket[] }
  | { readonly outcome: 'refunded'; readonly orderId: string; readonly why: DomainError; readonly refundId: string | null }
  | { readonly outcome: 'ignored'; readonly why: string };

/** The payment arrived after the hold ended and the tickets could not be held again: the money went back. */
export class LatePaymentRefunded extends DomainError {
  constructor(orderId: string, why: DomainError, refundId: string | null) {
    super('payment-refunded', `the hold ended before the payment completed and ${why.message}; the payment was refunded`, { orderId, refundId, cause: why.rule });
  }
}

export interface FulfilmentDependencies {
  readonly store: EventStore;
  readonly gates: InventoryGates;
  readonly gateway: PaymentGateway;
  readonly awaiting: AwaitingPayments;
  readonly clock?: () => Date;
}

/** Why a late payment's refund is kept constant: Stripe refuses one idempotency key with other parameters. */
const UNSOLD_REFUND_REASON = 'the tickets could not be sold to this payment (its hold had ended)';

export const paymentOf = (intent: PaymentIntent): SucceededPayment => ({ intentId: intent.id, amount: intent.amount, currency: intent.currency.toUpperCase() });

/**
 * Payment → order, the one path every successful payment takes — the server's own confirmation
 * at checkout, Stripe's webhook, the abandoned-checkout sweep finding an intent that succeeded —
 * and each step idempotent, so whichever comes first completes the order and the others change
 * nothing. The tickets are secured before the order is confirmed: the hold is sold; if it ended
 * meanwhile (the payment was late), the same tickets are held again through the gate and sold; if
 * they are gone, the payment is refunded and the order cancelled with the reason. Never money
 * without a ticket, never a ticket without a seat.
 */
export class OrderFulfilment {
  private readonly serial = new OneAtATime();
  private readonly clock: () => Date;

  constructor(private readonly deps: FulfilmentDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** A re-hold's id derives from the order, so a retried settlement finds the hold it made. */
  static reholdIdFor(orderId: string): string {
    return derivedId('marquee:rehold', orderId);
  }

  async load(orderId: string): Promise<OrderState> {
    return (await loadAggregate(this.deps.store, orderDecider, orderStreamName(orderId))).state;
  }

  settle(orderId: string, payment: SucceededPayment, context: CommandContext): Promise<Settlement> {
    return this.serial.run(orderId, async () => {
      const order = await this.load(orderId);
      switch (order.status) {
        case 'None':
          return { outcome: 'ignored', why: `there is no order ${orderId}` };
        case 'Confirmed':
          if (order.payment.reference === referenceOf(orderId, payment)) return this.completeConfirmed(order, context);
          return this.refundStray(order, payment);
        case 'Cancelled':
        case 'Expired':
          return this.refundUnsold(order, payment, new HoldNotActive(order.holdId, `its order was ${order.status.toLowerCase()}`), context);
        case 'Placed':
          return this.settlePlaced(order, payment, context);
        default: {
          const _exhaustive: never = order;
          throw new Error(`unhandled order ${JSON.stringify(_exhaustive)}`);
        }
      }
    });
  }

  /** Tickets for a paid order whose issuing was interrupted; the awaiting row goes. */
  async completeConfirmed(order: ConfirmedOrder, context: CommandContext): Promise<Settlement> {
    const tickets = order.ticketsIssuedAt !== null ? order.tickets : await this.issueTickets(order, context);
    await this.deps.awaiting.remove(order.orderId);
    return { outcome: 'confirmed', order, tickets };
  }

  attachIntent(order: PlacedOrder, intent: PaymentIntent, payout: IntentPayout | undefined, context: CommandContext): Promise<OrderState> {
    return this.serial.run(order.orderId, () => this.order(order.orderId, {
      type: 'AttachPaymentIntent',
      data: { paymentIntentId: intent.id, provider: this.deps.gateway.name, amount: intent.amount, currency: intent.currency.toUpperCase(), ...(payout ? { payout } : {}), now: this.now() },
    }, context));
  }

  recordFailure(orderId: string, paymentIntentId: string, error: PaymentError, context: CommandContext): Promise<OrderState> {
    return this.serial.run(orderId, () => this.order(orderId, {
      type: 'RecordPaymentFailure', data: { paymentIntentId, attemptId: error.attemptId, code: error.declineCode ?? error.code, message: error.message, now: this.now() },
    }, context));
  }

  /** Every refund the provider lists that the order has not recorded (given back in Stripe's dashboard, say). */
  recordRefunds(orderId: string, paymentIntentId: string, refunds: readonly Refund[], context: CommandContext): Promise<number> {
    return this.serial.run(orderId, async () => {
      let recorded = 0;
      for (const refund of refunds) {
        if (refund.status !== 'succeeded' && refund.status !== 'pending') continue;
        const { events } = await handleCommand(this.deps.store, orderDecider, orderStreamName(orderId), {
          type: 'RecordRefund',
          data: { paymentIntentId, refundId: refund.id, amount: refund.amount, currency: refund.currency.toUpperCase(), reason: refund.reason ?? 'refunded with the payment provider', now: this.now() },
        }, metadataFor(context, this.clock()));
        recorded += events.length;
      }
      return recorded;
    });
  }

  flagDispute(orderId: string, dispute: { paymentIntentId: string; disputeId: string; amount: number; currency: string; reason: string }, context: CommandContext): Promise<OrderState> {
    return this.serial.run(orderId, () => this.order(orderId, { type: 'FlagDispute', data: { ...dispute, now: this.now() } }, context));
  }

  /** An order whose hold ended with no payment: expired with it, or cancelled when the buyer let it go. */
  endUnpaid(orderId: string, releasedBecause: string, context: CommandContext): Promise<OrderState> {
    return this.serial.run(orderId, async () => {
      const order = await this.load(orderId);
      if (order.status !== 'Placed') return order;
      const now = this.now();
      const state = releasedBecause === 'expired' && Date.parse(now) >= Date.parse(order.expiresAt)
        ? await this.order(orderId, { type: 'ExpireOrder', data: { now } }, context)
        : await this.order(orderId, { type: 'CancelOrder', data: { reason: `the hold was released (${releasedBecause}) before it was paid for`, now } }, context);
      await this.deps.awaiting.remove(orderId);
      return state;
    });
  }

  private async settlePlaced(order: PlacedOrder, payment: SucceededPayment, context: CommandContext): Promise<Settlement> {
    const attached = order.payments.intent?.id;
    if (payment.intentId !== null && attached !== undefined && attached !== payment.intentId) return this.refundStray(order, payment);
    const { total, currency } = order.pricing;
    if (payment.amount !== total || payment.currency !== currency) {
      return this.refundUnsold(order, payment, new PaymentAmountMismatch(order.orderId, { amount: total, currency }, { amount: payment.amount, currency: payment.currency }), context);
    }
    const sale = await this.secureTickets(order, context);
    if (!sale.sold) return this.refundUnsold(order, payment, sale.refusal, context);
    const confirmed = await this.order(order.orderId, {
      type: 'ConfirmOrder', data: { paymentReference: referenceOf(order.orderId, payment), amountPaid: payment.amount, currency: payment.currency, now: this.now() },
    }, context);
    if (confirmed.status !== 'Confirmed') throw new Error(`order ${order.orderId} is ${confirmed.status} after confirming it`);
    return this.completeConfirmed(confirmed, context);
  }

  /**
   * Sells the order's hold; if that hold has ended, holds the same tickets again (if they are
   * still free and on sale) and sells that. What the inventory refuses is why the money goes back.
   */
  private async secureTickets(order: PlacedOrder, context: CommandContext): Promise<{ sold: true } | { sold: false; refusal: DomainError }> {
    const gate = this.deps.gates.forEvent(order.eventId);
    const metadata = () => metadataFor(context, this.clock());
    const holdId = order.payments.reheld?.holdId ?? order.holdId;
    const sold = await gate.submit({ type: 'SellHold', data: { holdId, orderId: order.orderId, now: this.now() } }, metadata());
    if (sold.accepted) return { sold: true };
    const refusal = sold.error;
    if (refusal instanceof HoldExpired) {
      // Due but not yet swept: release it first, so its tickets can be held again at once.
      await gate.submit({ type: 'ReleaseHold', data: { holdId, reason: 'expired', now: this.now() } }, metadata());
    } else if (!(refusal instanceof HoldNotActive)) {
      return { sold: false, refusal };
    }
    const reholdId = OrderFulfilment.reholdIdFor(order.orderId);
    if (holdId === reholdId) return { sold: false, refusal };
    const held = await gate.submit({
      type: 'HoldTickets',
      data: {
        holdId: reholdId, buyer: order.buyer, now: this.now(),
        ...(order.items.length > 0 ? { items: order.items.map(({ ticketTypeId, quantity }) => ({ ticketTypeId, quantity })) } : {}),
        ...(order.seats.length > 0 ? { seats: order.seats.map(({ seatId }) => seatId) } : {}),
      },
    }, metadata());
    // HoldExists: an earlier try of this settlement held them already.
    if (!held.accepted && !(held.error instanceof HoldExists)) return { sold: false, refusal: held.error };
    await this.order(order.orderId, { type: 'RecordRehold', data: { holdId: reholdId, now: this.now() } }, context);
    const resold = await gate.submit({ type: 'SellHold', data: { holdId: reholdId, orderId: order.orderId, now: this.now() } }, metadata());
    return resold.accepted ? { sold: true } : { sold: false, refusal: resold.error };
  }

  /** The payment bought nothing: all of it goes back (with the organizer's share and the platform fee), recorded on the order, which is cancelled. */
  private async refundUnsold(order: ExistingOrder, payment: SucceededPayment, why: DomainError, context: CommandContext): Promise<Settlement> {
    let refundId: string | null = null;
    if (payment.intentId !== null) {
      const refund = await this.refundWhole(payment.intentId, payment.amount, Boolean(order.payments.intent?.payout));
      refundId = refund.id;
      if (paymentIntentOf(order) === payment.intentId) {
        await this.order(order.orderId, {
          type: 'RecordRefund',
          data: { paymentIntentId: payment.intentId, refundId: refund.id, amount: refund.amount, currency: refund.currency.toUpperCase(), reason: `${why.message}: the payment was refunded`, now: this.now() },
        }, context).catch((error: unknown) => {
          if (!(error instanceof PaymentIntentMismatch)) throw error;
        });
      }
    }
    if (order.status === 'Placed') {
      await this.order(order.orderId, { type: 'CancelOrder', data: { reason: `${why.message}; the payment was refunded`, now: this.now() } }, context);
    }
    await this.deps.awaiting.remove(order.orderId);
    return { outcome: 'refunded', orderId: order.orderId, why, refundId };
  }

  /** A second payment for an order paid through another: not ours to keep. */
  private async refundStray(order: ExistingOrder, payment: SucceededPayment): Promise<Settlement> {
    if (payment.intentId === null) return { outcome: 'ignored', why: `order ${order.orderId} needs no payment` };
    const refund = await this.refundWhole(payment.intentId, payment.amount, false);
    return { outcome: 'refunded', orderId: order.orderId, why: new PaymentIntentMismatch(order.orderId, paymentIntentOf(order), payment.intentId), refundId: refund.id };
  }

  private async refundWhole(paymentIntentId: string, amount: number, reversePayout: boolean): Promise<Refund> {
    try {
      return await this.deps.gateway.refund({ paymentIntentId, reason: UNSOLD_REFUND_REASON, idempotencyKey: `marquee-refund-unsold-${paymentIntentId}`, reversePayout });
    } catch (error) {
      // Refunded already some other way (in the dashboard, say): then it is done.
      const refunds = await this.deps.gateway.refundsOf(paymentIntentId);
      const given = refunds.filter((refund) => refund.status === 'succeeded' || refund.status === 'pending');
      const first = given[0];
      if (first && given.reduce((sum, refund) => sum + refund.amount, 0) >= amount) return first;
      throw error;
    }
  }

  /** Ticket ids derive from the order, so a retry issues the same tickets, not new ones. */
  private async issueTickets(order: ConfirmedOrder, context: CommandContext): Promise<OrderTicket[]> {
    const inventory: InventoryState = (await this.deps.gates.forEvent(order.eventId).currentState()).state;
    const seatLabel = (seatId: string) => (inventory.status === 'NotOpened' ? undefined : inventory.seats.get(seatId)?.label);
    const tickets: (OrderTicket & { seatLabel?: string })[] = [
      ...order.items.flatMap((item) => Array.from({ length: item.quantity }, (_, i) => ({ ticketId: derivedId('marquee:ticket', order.orderId, item.ticketTypeId, String(i)), ticketTypeId: item.ticketTypeId }))),
      ...order.seats.map((seat) => ({ ticketId: derivedId('marquee:ticket', order.orderId, seat.seatId), ticketTypeId: seat.ticketTypeId, seatId: seat.seatId, seatLabel: seatLabel(seat.seatId) ?? seat.seatId })),
    ];
    const now = this.now();
    await Promise.all(tickets.map(({ ticketId, ticketTypeId, seatId, seatLabel: label }) => handleCommand(this.deps.store, ticketDecider, ticketStreamName(ticketId), {
      type: 'IssueTicket',
      data: { ticketId, orderId: order.orderId, eventId: order.eventId, ticketTypeId, holderName: order.buyer.name, now, ...(seatId ? { seatId } : {}), ...(label ? { seatLabel: label } : {}) },
    }, metadataFor(context, this.clock()))));
    const issued = tickets.map(({ ticketId, ticketTypeId, seatId }) => ({ ticketId, ticketTypeId, ...(seatId ? { seatId } : {}) }));
    await this.order(order.orderId, { type: 'IssueTickets', data: { tickets: issued, now } }, context);
    return issued;
  }

  private async order(orderId: string, command: Parameters<typeof orderDecider.decide>[0], context: CommandContext): Promise<OrderState> {
    return (await handleCommand(this.deps.store, orderDecider, orderStreamName(orderId), command, metadataFor(context, this.clock()))).state;
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/** What confirms the order: the intent's id, or for a free order a reference of its own. */
function referenceOf(orderId: string, payment: SucceededPayment): string {
  return payment.intentId ?? `free:${orderId}`;
}
