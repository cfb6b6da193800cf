import {
  DomainError, HoldNotActive, HoldExpired, InventoryState, orderDecider, OrderDetails, OrderState, orderStreamName, OrderTicket,
  ticketDecider, ticketStreamName, UnknownHold,
} from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { loadAggregate } from '../command-handling/load-aggregate';
import { EventStore } from '../event-store/event-store';
import { derivedId } from '../ids/derived-id';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { PaymentGateway } from '../payments/payment-gateway';
import { EventTerms, pricingTermsOf } from './event-terms';

export class PaymentDeclined extends DomainError {
  constructor(orderId: string, code: string, message: string) {
    super('payment-declined', message, { orderId, code });
  }
}

export interface CheckoutResult {
  readonly orderId: string;
  readonly status: 'confirmed';
  readonly paymentIntentId: string;
  readonly total: number;
  readonly currency: string;
  readonly tickets: readonly OrderTicket[];
}

/**
 * Hold → order → payment → sale → tickets. Every step is idempotent and the ids are derived from
 * the hold, so a checkout retried after any failure resumes where it stopped. The order of steps
 * keeps rule 3: the payment is taken before the hold is sold, and if the hold ended meanwhile the
 * money goes straight back — never money without a ticket, never a ticket without a seat.
 */
export class Checkout {
  constructor(
    private readonly store: EventStore,
    private readonly gates: InventoryGates,
    private readonly gateway: PaymentGateway,
    private readonly terms: EventTerms,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  static orderIdFor(holdId: string): string {
    return derivedId('marquee:order', holdId);
  }

  async checkout(eventId: string, holdId: string, payment: { paymentMethod: string }, context: CommandContext): Promise<CheckoutResult> {
    const orderId = Checkout.orderIdFor(holdId);
    const gate = this.gates.forEvent(eventId);
    const inventory = (await gate.currentState()).state;
    const order = await this.placeOrder(eventId, holdId, orderId, inventory, context);

    let paymentIntentId: string;
    if (order.status === 'Confirmed') {
      paymentIntentId = order.payment.reference;
    } else if (order.status === 'Placed') {
      paymentIntentId = await this.takePayment(order, payment.paymentMethod);
      const sold = await gate.submit({ type: 'SellHold', data: { holdId, orderId, now: this.now() } }, metadataFor(context, this.clock()));
      if (!sold.accepted) {
        await this.giveMoneyBack(order, paymentIntentId, sold.error, context);
        throw sold.error;
      }
      await this.order(orderId, { type: 'ConfirmOrder', data: { paymentReference: paymentIntentId, amountPaid: order.pricing.total, currency: order.pricing.currency, now: this.now() } }, context);
    } else {
      throw new HoldNotActive(holdId, `order ${order.status.toLowerCase()}`);
    }
    const tickets = await this.issueTickets(order, inventory, context);
    return { orderId, status: 'confirmed', paymentIntentId, total: order.pricing.total, currency: order.pricing.currency, tickets };
  }

  /** The order fixes the price once; a retry finds it placed (or further) already. */
  private async placeOrder(eventId: string, holdId: string, orderId: string, inventory: InventoryState, context: CommandContext): Promise<Exclude<OrderState, { status: 'None' }>> {
    if (inventory.status === 'NotOpened') throw new UnknownHold(holdId);
    const hold = inventory.holds.get(holdId);
    if (!hold) {
      const ended = inventory.endedHolds.get(holdId);
      if (!ended) throw new UnknownHold(holdId);
      if (ended.outcome === 'released') throw new HoldNotActive(holdId, ended.reason);
      // Sold already: this is a retry of a checkout that got that far.
      const existing = await this.order(orderId, null, context);
      if (existing.status === 'None') throw new UnknownHold(holdId);
      return existing;
    }
    if (this.clock().getTime() >= hold.expiresAtMs) throw new HoldExpired(holdId, hold.expiresAt);
    const event = await this.terms.of(eventId);
    const { fees, tax } = pricingTermsOf(event);
    const placed = await this.order(orderId, {
      type: 'PlaceOrder',
      data: { orderId, eventId, holdId, buyer: hold.buyer, items: hold.items, seats: hold.seats, currency: inventory.currency, fees, tax, expiresAt: hold.expiresAt, now: this.now() },
    }, context);
    if (placed.status === 'None') throw new Error(`order ${orderId} was not placed`);
    return placed;
  }

  private async takePayment(order: OrderDetails, paymentMethod: string): Promise<string> {
    const intent = await this.gateway.createIntent({
      amount: order.pricing.total, currency: order.pricing.currency, idempotencyKey: `marquee-order-${order.orderId}`,
      metadata: { orderId: order.orderId, eventId: order.eventId, holdId: order.holdId },
    });
    const confirmed = intent.status === 'succeeded' ? intent : await this.gateway.confirmIntent(intent.id, { paymentMethod });
    if (confirmed.status !== 'succeeded') {
      // The hold stays: the buyer may try another card until it expires.
      throw new PaymentDeclined(order.orderId, confirmed.lastPaymentError?.code ?? confirmed.status, confirmed.lastPaymentError?.message ?? 'the payment did not go through');
    }
    return confirmed.id;
  }

  private async giveMoneyBack(order: OrderDetails, paymentIntentId: string, why: DomainError, context: CommandContext): Promise<void> {
    await this.gateway.refund({ paymentIntentId, reason: why.rule, idempotencyKey: `marquee-refund-${order.orderId}` });
    await this.order(order.orderId, { type: 'CancelOrder', data: { reason: `${why.message}; payment refunded`, now: this.now() } }, context);
  }

  /** Ticket ids derive from the order, so a retry issues the same tickets, not new ones. */
  private async issueTickets(order: OrderDetails, inventory: InventoryState, context: CommandContext): Promise<OrderTicket[]> {
    const seatLabel = (seatId: string) => (inventory.status === 'NotOpened' ? undefined : inventory.seats.get(seatId)?.label);
    const tickets: (OrderTicket & { seatLabel?: string })[] = [
      ...order.items.flatMap((item) => Array.from({ length: item.quantity }, (_, i) => ({ ticketId: derivedId('marquee:ticket', order.orderId, item.ticketTypeId, String(i)), ticketTypeId: item.ticketTypeId }))),
      ...order.seats.map((seat) => ({ ticketId: derivedId('marquee:ticket', order.orderId, seat.seatId), ticketTypeId: seat.ticketTypeId, seatId: seat.seatId, seatLabel: seatLabel(seat.seatId) ?? seat.seatId })),
    ];
    const now = this.now();
    await Promise.all(tickets.map(({ ticketId, ticketTypeId, seatId, seatLabel: label }) => handleCommand(this.store, ticketDecider, ticketStreamName(ticketId), {
      type: 'IssueTicket',
      data: { ticketId, orderId: order.orderId, eventId: order.eventId, ticketTypeId, holderName: order.buyer.name, now, ...(seatId ? { seatId } : {}), ...(label ? { seatLabel: label } : {}) },
    }, metadataFor(context, this.clock()))));
    const issued = tickets.map(({ ticketId, ticketTypeId, seatId }) => ({ ticketId, ticketTypeId, ...(seatId ? { seatId } : {}) }));
    await this.order(order.orderId, { type: 'IssueTickets', data: { tickets: issued, now } }, context);
    return issued;
  }

  private async order(orderId: string, command: Parameters<typeof orderDecider.decide>[0] | null, context: CommandContext): Promise<OrderState> {
    if (!command) return (await loadAggregate(this.store, orderDecider, orderStreamName(orderId))).state;
    return (await handleCommand(this.store, orderDecider, orderStreamName(orderId), command, metadataFor(context, this.clock()))).state;
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

