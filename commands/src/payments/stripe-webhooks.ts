import Stripe from 'stripe';
import { PaymentNotification } from './payment-gateway';
import { WebhookSignatureInvalid } from './payment-errors';
import { paymentErrorOf } from './stripe-payment-gateway';

/**
 * Stripe's webhook deliveries, checked and read. The signature is verified by the library
 * (`stripe.webhooks.constructEvent`) over the raw bytes received, with the endpoint's secret;
 * one older than `toleranceSeconds` (default 300, Stripe's) is refused as a possible replay.
 * Only the event types Marquee acts on are translated; every other type is acknowledged and ignored.
 */
export class StripeWebhooks {
  constructor(private readonly secret: string, private readonly toleranceSeconds = Stripe.webhooks.DEFAULT_TOLERANCE) {}

  read(payload: Buffer, signature: string | undefined): PaymentNotification {
    if (!signature) throw new WebhookSignatureInvalid('the request has no Stripe-Signature header');
    let event: Stripe.Event;
    try {
      // Wall-clock time on purpose: staleness is about the delivery, not the business clock.
      event = Stripe.webhooks.constructEvent(payload, signature, this.secret, this.toleranceSeconds);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureInvalid(firstLine(error.message));
      throw new WebhookSignatureInvalid('the payload is not a Stripe event');
    }
    return notificationOf(event);
  }
}

function notificationOf(event: Stripe.Event): PaymentNotification {
  const base = { eventId: event.id, type: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { ...base, kind: 'payment-succeeded', paymentIntentId: event.data.object.id };
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const error = intent.last_payment_error;
      const fallback = { code: 'payment_failed', message: 'The payment did not go through.', attemptId: event.id };
      return { ...base, kind: 'payment-failed', paymentIntentId: intent.id, error: error ? paymentErrorOf(error, event.id) : fallback };
    }
    case 'charge.refunded': {
      const intentId = idOf(event.data.object.payment_intent);
      return intentId ? { ...base, kind: 'payment-refunded', paymentIntentId: intentId } : { ...base, kind: 'ignored' };
    }
    case 'charge.dispute.created': {
      const dispute = event.data.object;
      const intentId = idOf(dispute.payment_intent);
      if (!intentId) return { ...base, kind: 'ignored' };
      return { ...base, kind: 'payment-disputed', paymentIntentId: intentId, disputeId: dispute.id, amount: dispute.amount, currency: dispute.currency.toUpperCase(), reason: dispute.reason };
    }
    default:
      return { ...base, kind: 'ignored' };
  }
}

const idOf = (value: string | { id: string } | null): string | null => (typeof value === 'string' ? value : value?.id ?? null);
const firstLine = (message: string) => message.split('\n')[0]?.trim() ?? message;
