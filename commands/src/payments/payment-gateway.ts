/**
 * The payment-gateway port, shaped after Stripe's Payment Intents so the Stripe adapter (issue #5)
 * is a translation, not a redesign: an intent is created for an amount, confirmed with a payment
 * method, and ends succeeded or back at requires_payment_method with the decline reason.
 */
export type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'processing' | 'succeeded' | 'canceled';

export interface PaymentIntent {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: PaymentIntentStatus;
  readonly metadata: Readonly<Record<string, string>>;
  /** Set when the last confirmation was declined. */
  readonly lastPaymentError?: { readonly code: string; readonly message: string };
  readonly clientSecret: string;
}

export interface Refund {
  readonly id: string;
  readonly paymentIntentId: string;
  readonly amount: number;
  readonly status: 'succeeded' | 'pending' | 'failed';
}

export interface PaymentGateway {
  readonly name: string;
  /** Same idempotency key, same intent: a retried checkout never creates a second charge. */
  createIntent(input: { amount: number; currency: string; metadata: Record<string, string>; idempotencyKey: string }): Promise<PaymentIntent>;
  confirmIntent(intentId: string, input: { paymentMethod: string }): Promise<PaymentIntent>;
  cancelIntent(intentId: string): Promise<PaymentIntent>;
  refund(input: { paymentIntentId: string; amount?: number; reason: string; idempotencyKey: string }): Promise<Refund>;
}
