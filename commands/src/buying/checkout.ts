import {
  DomainError, HoldExpired, HoldNotActive, InventoryState, orderDecider, OrderNotPlaced, OrderState, orderStreamName, OrderTicket, PlacedOrder, UnknownHold,
} from '@marquee/domain';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
import { EventStore } from '../event-store/event-store';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { IntentPayout, PaymentGateway, PaymentIntent, PaymentIntentStatus } from '../payments/payment-gateway';
import { PayoutAccounts } from '../payments/payout-accounts';
import { AwaitingPayments } from './awaiting-payments';
import { EventTerms, pricingTermsOf } from './event-terms';
import { orderIdForHold } from './order-ids';
import { LatePaymentRefunded, OrderFulfilment, paymentOf, Settlement } from './order-fulfilment';

export class PaymentDeclined extends DomainError {
  constructor(orderId: string, code: string, message: string) {
    super('payment-declined', message, { orderId, code });
  }
}

export type CheckoutResult =
  | {
    readonly orderId: string;
    readonly status: 'confirmed';
    /** Null for a free order. */
    readonly paymentIntentId: string | null;
    readonly total: number;
    readonly currency: string;
    readonly tickets: readonly OrderTicket[];
  }
  | {
    readonly orderId: string;
    /** The buyer confirms in the browser (Stripe.js); the order completes when the provider says it was paid. */
    readonly status: 'awaiting_payment';
    readonly paymentIntentId: string;
    readonly intentStatus: PaymentIntentStatus;
    readonly clientSecret: string;
    readonly publishableKey: string | null;
    readonly total: number;
    readonly currency: string;
    /** Pay before this, when the hold ends. */
    readonly expiresAt: string;
  };

export interface CheckoutDependencies {
  readonly store: EventStore;
  readonly gates: InventoryGates;
  readonly gateway: PaymentGateway;
  readonly terms: EventTerms;
  readonly payouts: PayoutAccounts;
  readonly awaiting: AwaitingPayments;
  readonly fulfilment: OrderFulfilment;
  readonly clock?: () => Date;
}

/**
 * Hold → order → payment intent → (confirmation) → sale → tickets. The order and the intent are
 * made here, when the buyer checks out, never at hold time: an on-sale holds thousands a second
 * and Stripe takes about a hundred writes a second. The intent is for the price fixed when the
 * tickets were held, in the event's currency. With a payment method the server can confirm (the
 * simulated gateway, Stripe's test methods) it is confirmed at once; otherwise the buyer confirms
 * in the browser with the client secret and the webhook completes the order. Ids derive from the
 * hold, so a retried checkout resumes where it stopped and charges nothing twice.
 */
export class Checkout {
  private readonly clock: () => Date;

  constructor(private readonly deps: CheckoutDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  static orderIdFor(holdId: string): string {
    return orderIdForHold(holdId);
  }

  async checkout(eventId: string, holdId: string, payment: { paymentMethod?: string }, context: CommandContext): Promise<CheckoutResult> {
    const orderId = Checkout.orderIdFor(holdId);
    const inventory = (await this.deps.gates.forEvent(eventId).currentState()).state;
    let order = await this.deps.fulfilment.load(orderId);
    if (order.status === 'None') order = await this.placeOrder(eventId, holdId, orderId, inventory, context);
    if (order.status === 'Confirmed') return resultOf(await this.deps.fulfilment.completeConfirmed(order, context));
    if (order.status !== 'Placed') throw new HoldNotActive(holdId, `order ${order.status.toLowerCase()}`);
    if (order.pricing.total === 0) return resultOf(await this.deps.fulfilment.settle(orderId, { intentId: null, amount: 0, currency: order.pricing.currency }, context));
    const method = payment.paymentMethod ?? this.deps.gateway.defaultPaymentMethod;
    if (order.payments.intent) {
      // Read afresh from the provider: the buyer's browser may have paid it meanwhile.
      const intent = await this.deps.gateway.retrieveIntent(order.payments.intent.id);
      if (intent.status === 'succeeded') return resultOf(await this.deps.fulfilment.settle(orderId, paymentOf(intent), context));
      if (intent.status === 'canceled') throw new HoldNotActive(holdId, 'its payment was canceled');
      return this.proceed(order, intent, method, await this.openHoldExpiry(order), context);
    }
    // Nothing is asked of the provider for a hold that has ended.
    const expiresAt = await this.openHoldExpiry(order);
    return this.proceed(order, await this.createIntent(order, expiresAt, context), method, expiresAt, context);
  }

  /** The order fixes the price once; a retry finds it placed (or further) already. */
  private async placeOrder(eventId: string, holdId: string, orderId: string, inventory: InventoryState, context: CommandContext): Promise<Exclude<OrderState, { status: 'None' }>> {
    if (inventory.status === 'NotOpened') throw new UnknownHold(holdId);
    const hold = inventory.holds.get(holdId);
    if (!hold) {
      const ended = inventory.endedHolds.get(holdId);
      if (!ended) throw new UnknownHold(holdId);
      if (ended.outcome === 'released') throw new HoldNotActive(holdId, ended.reason);
      throw new HoldNotActive(holdId, `sold to order ${ended.orderId}`);
    }
    if (this.clock().getTime() >= hold.expiresAtMs) throw new HoldExpired(holdId, hold.expiresAt);
    const event = await this.deps.terms.of(eventId);
    const { fees, tax } = pricingTermsOf(event);
    const { state } = await handleCommand(this.deps.store, orderDecider, orderStreamName(orderId), {
      type: 'PlaceOrder',
      data: { orderId, eventId, holdId, buyer: hold.buyer, items: hold.items, seats: hold.seats, currency: inventory.currency, fees, tax, expiresAt: hold.expiresAt, now: this.now() },
    }, metadataFor(context, this.clock()));
    if (state.status === 'None') throw new Error(`order ${orderId} was not placed`);
    // From now on a payment may come: the abandoned-checkout sweep looks at the order when its hold ends.
    await this.deps.awaiting.add(orderId, eventId, holdId, new Date(hold.expiresAtMs));
    return state;
  }

  /**
   * A new intent for the order's total, attached to the order at once. The awaiting row comes
   * first (again, for an order placed before a crash), so no intent exists that the
   * abandoned-checkout sweep does not know of.
   */
  private async createIntent(order: PlacedOrder, expiresAt: Date, context: CommandContext): Promise<PaymentIntent> {
    const event = await this.deps.terms.of(order.eventId);
    const organizerId = event.status === 'None' ? null : event.organizerId;
    const account = organizerId ? await this.deps.payouts.of(organizerId) : null;
    // Connect: the organizer's account gets the payment, the platform keeps the service fee.
    const payout: IntentPayout | undefined = account ? { accountId: account.accountId, platformFee: order.pricing.fees } : undefined;
    await this.deps.awaiting.add(order.orderId, order.eventId, order.holdId, expiresAt);
    const intent = await this.deps.gateway.createIntent({
      amount: order.pricing.total,
      currency: order.pricing.currency,
      metadata: { order_id: order.orderId, event_id: order.eventId, reservation_id: order.holdId, ...(organizerId ? { organizer_id: organizerId } : {}) },
      idempotencyKey: `marquee-checkout-${order.holdId}`,
      ...(payout ? { payout } : {}),
      deadline: expiresAt,
    });
    try {
      await this.deps.fulfilment.attachIntent(order, intent, payout, context);
    } catch (error) {
      // The order ended while the intent was made (its hold was released): the intent must not be paid.
      if (!(error instanceof OrderNotPlaced)) throw error;
      await this.deps.gateway.cancelIntent(intent.id);
      throw new HoldNotActive(order.holdId, 'its order ended');
    }
    return intent;
  }

  private proceed(order: PlacedOrder, intent: PaymentIntent, method: string | null, expiresAt: Date, context: CommandContext): Promise<CheckoutResult> | CheckoutResult {
    if (method && (intent.status === 'requires_payment_method' || intent.status === 'requires_confirmation')) {
      return this.confirm(order, intent, method, expiresAt, context);
    }
    return this.awaiting(order, intent);
  }

  private async confirm(order: PlacedOrder, intent: PaymentIntent, paymentMethod: string, expiresAt: Date, context: CommandContext): Promise<CheckoutResult> {
    const confirmed = await this.deps.gateway.confirmIntent(intent.id, {
      paymentMethod,
      // A new key per attempt: a declined attempt's key would replay the decline.
      idempotencyKey: `marquee-confirm-${order.orderId}-${order.payments.failures.length}-${paymentMethod}`,
      deadline: expiresAt,
    });
    if (confirmed.status === 'succeeded') return resultOf(await this.deps.fulfilment.settle(order.orderId, paymentOf(confirmed), context));
    const error = confirmed.lastPaymentError;
    if (confirmed.status === 'requires_payment_method' && error) {
      // The hold stays: the buyer may try another card until it expires.
      await this.deps.fulfilment.recordFailure(order.orderId, confirmed.id, error, context);
      throw new PaymentDeclined(order.orderId, error.declineCode ?? error.code, error.message);
    }
    // 3D Secure and the like: the buyer finishes in the browser.
    return this.awaiting(order, confirmed);
  }

  /** When the order's hold ends; throws if it has ended already (nothing is charged for a lost hold). */
  private async openHoldExpiry(order: PlacedOrder): Promise<Date> {
    const { state } = await this.deps.gates.forEvent(order.eventId).currentState();
    if (state.status === 'NotOpened') throw new UnknownHold(order.holdId);
    const holdId = order.payments.reheld?.holdId ?? order.holdId;
    const hold = state.holds.get(holdId);
    if (!hold) {
      const ended = state.endedHolds.get(holdId);
      throw new HoldNotActive(holdId, ended?.outcome === 'released' ? ended.reason : 'it has ended');
    }
    if (this.clock().getTime() >= hold.expiresAtMs) throw new HoldExpired(holdId, hold.expiresAt);
    return new Date(hold.expiresAtMs);
  }

  private awaiting(order: PlacedOrder, intent: PaymentIntent): CheckoutResult {
    return {
      orderId: order.orderId, status: 'awaiting_payment', paymentIntentId: intent.id, intentStatus: intent.status, clientSecret: intent.clientSecret,
      publishableKey: this.deps.gateway.publishableKey, total: order.pricing.total, currency: order.pricing.currency, expiresAt: order.expiresAt,
    };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

function resultOf(settlement: Settlement): CheckoutResult {
  switch (settlement.outcome) {
    case 'confirmed': {
      const { order, tickets } = settlement;
      const reference = order.payment.reference;
      return {
        orderId: order.orderId, status: 'confirmed', paymentIntentId: reference.startsWith('free:') ? null : reference,
        total: order.pricing.total, currency: order.pricing.currency, tickets,
      };
    }
    case 'refunded':
      throw new LatePaymentRefunded(settlement.orderId, settlement.why, settlement.refundId);
    case 'ignored':
      throw new Error(`the payment was not applied: ${settlement.why}`);
  }
}
