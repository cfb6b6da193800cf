import { CommandContext } from '../command-handling/command-context';
import { OrderFulfilment, paymentOf } from '../buying/order-fulfilment';
import type { OrderRefunds } from '../refunds/order-refunds';
import { PaymentGateway, PaymentIntent, PaymentNotification } from './payment-gateway';

/**
 * The provider's news, applied to orders (the payment → order process manager). Each message is
 * a prompt, not a source of truth: the intent is read afresh from the provider, so deliveries
 * that arrive late, twice or out of order (a failure after the success, a dispute before it)
 * act on how the payment is now, and every step they take is idempotent. The order is the one
 * named in the intent's metadata; payments Marquee did not create are acknowledged and left alone.
 */
export class PaymentNotifications {
  /** `refunds`: refunds made in the dashboard void the tickets and return them, as Marquee's own refunds do. */
  constructor(private readonly gateway: PaymentGateway, private readonly fulfilment: OrderFulfilment, private readonly refunds?: OrderRefunds) {}

  /** What was done, in a few words (kept with the event in the webhook inbox). */
  async apply(notification: PaymentNotification, context: CommandContext): Promise<string> {
    if (notification.kind === 'ignored') return `ignored: Marquee does not act on ${notification.type}`;
    const intent = await this.gateway.retrieveIntent(notification.paymentIntentId);
    const orderId = intent.metadata['order_id'];
    if (!orderId) return `ignored: payment ${intent.id} is not a Marquee order's`;
    switch (notification.kind) {
      case 'payment-succeeded':
        return this.settled(orderId, intent, context);
      case 'payment-failed':
        // A failure reported after the payment succeeded (deliveries come in any order) changes nothing.
        if (intent.status === 'succeeded') return this.settled(orderId, intent, context);
        await this.fulfilment.recordFailure(orderId, intent.id, notification.error, context);
        return `payment failure ${notification.error.code} recorded on order ${orderId}; the hold stays until it expires`;
      case 'payment-refunded': {
        const recorded = await this.fulfilment.recordRefunds(orderId, intent.id, await this.gateway.refundsOf(intent.id), context);
        const followed = this.refunds ? `; ${await this.refunds.followProvider(orderId, context)}` : '';
        return `${recorded} refund(s) recorded on order ${orderId}${followed}`;
      }
      case 'payment-disputed': {
        const { disputeId, amount, currency, reason } = notification;
        await this.fulfilment.flagDispute(orderId, { paymentIntentId: intent.id, disputeId, amount, currency, reason }, context);
        return `order ${orderId} flagged for its organizer: dispute ${disputeId} (${reason})`;
      }
      default: {
        const _exhaustive: never = notification;
        throw new Error(`unhandled payment notification ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  private async settled(orderId: string, intent: PaymentIntent, context: CommandContext): Promise<string> {
    if (intent.status !== 'succeeded') return `ignored: payment ${intent.id} is ${intent.status}`;
    const settlement = await this.fulfilment.settle(orderId, paymentOf(intent), context);
    switch (settlement.outcome) {
      case 'confirmed':
        return `order ${orderId} confirmed with ${settlement.tickets.length} ticket(s)`;
      case 'refunded':
        return `order ${orderId} refunded (${settlement.refundId ?? 'nothing to refund'}): ${settlement.why.message}`;
      case 'ignored':
        return `ignored: ${settlement.why}`;
    }
  }
}
