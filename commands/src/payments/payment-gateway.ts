/**
 * The payment-gateway port, shaped after Stripe's Payment Intents so the Stripe adapter is a
 * translation, not a redesign: an intent is created for an amount when the buyer starts checkout,
 * confirmed with a payment method (by our server with a test method, or by the buyer's browser
 * with Stripe.js), and ends succeeded, back at requires_payment_method with the decline reason, or
 * canceled. Two adapters: `simulated` (the embedded default) and `stripe`; one conformance suite
 * (payment-gateway-conformance.ts) that both pass.
 */
export type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';

/** Stripe Connect: a destination charge to the organizer's account, the platform keeping its fee. */
export interface IntentPayout {
  readonly accountId: string;
  readonly platformFee: number;
}

export interface PaymentError {
  readonly code: string;
  /** The issuer's reason (`insufficient_funds`, `generic_decline`…), when a card was declined. */
  readonly declineCode?: string;
  readonly message: string;
  /** The failed attempt (a charge id, else the payment method's), so a failure is recorded once. */
  readonly attemptId: string;
}

export interface PaymentIntent {
  readonly id: string;
  readonly amount: number;
  /** Lower case, as Stripe writes it. */
  readonly currency: string;
  readonly status: PaymentIntentStatus;
  readonly metadata: Readonly<Record<string, string>>;
  /** Set when the last confirmation was declined. */
  readonly lastPaymentError?: PaymentError;
  /** The attempt (charge) that paid, once succeeded. */
  readonly latestAttemptId?: string;
  readonly payout?: IntentPayout;
  /** What the buyer's browser needs to confirm it (Stripe.js); never logged. */
  readonly clientSecret: string;
}

export interface Refund {
  readonly id: string;
  readonly paymentIntentId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: 'succeeded' | 'pending' | 'failed' | 'requires_action' | 'canceled';
  readonly reason: string | null;
}

export interface CreateIntentInput {
  readonly amount: number;
  /** ISO 4217, any case. */
  readonly currency: string;
  readonly metadata: Record<string, string>;
  /** Same key, same intent: a retried checkout never creates a second charge. */
  readonly idempotencyKey: string;
  readonly payout?: IntentPayout;
  /** Retries of a busy provider stop here (the hold's expiry): better a clear failure than a payment for a lost hold. */
  readonly deadline?: Date;
}

export interface ConfirmIntentInput {
  readonly paymentMethod: string;
  readonly idempotencyKey?: string;
  readonly deadline?: Date;
}

export interface RefundInput {
  readonly paymentIntentId: string;
  /** Minor units; the rest of the payment when absent. */
  readonly amount?: number;
  /** Why, in Marquee's words (kept with the refund at the provider). */
  readonly reason: string;
  readonly idempotencyKey: string;
  /** Take the organizer's share back from their connected account (and the platform's fee), as for a payment that bought nothing. */
  readonly reversePayout?: boolean;
}

export interface PaymentGateway {
  readonly name: string;
  /** What Stripe.js needs in the buyer's browser; null when there is no browser step. */
  readonly publishableKey: string | null;
  /**
   * The method the server confirms with when a checkout names none: the simulated gateway's
   * stand-in for a storefront. Null for Stripe, where the buyer confirms in the browser.
   */
  readonly defaultPaymentMethod: string | null;
  createIntent(input: CreateIntentInput): Promise<PaymentIntent>;
  retrieveIntent(intentId: string): Promise<PaymentIntent>;
  /** A decline is not an error: the intent comes back at requires_payment_method with `lastPaymentError`. */
  confirmIntent(intentId: string, input: ConfirmIntentInput): Promise<PaymentIntent>;
  /**
   * Cancels an intent that can still be canceled and answers it as it then is: canceled, or
   * succeeded (or processing) when the payment won the race. Canceling twice is harmless.
   */
  cancelIntent(intentId: string): Promise<PaymentIntent>;
  refund(input: RefundInput): Promise<Refund>;
  refundsOf(paymentIntentId: string): Promise<Refund[]>;
}

/**
 * A provider's news about a payment, in Marquee's words (the Stripe adapter reads them from
 * signed webhooks). Each carries the provider's event id: the inbox handles each once.
 */
export type PaymentNotification =
  | { readonly kind: 'payment-succeeded'; readonly eventId: string; readonly type: string; readonly paymentIntentId: string }
  | { readonly kind: 'payment-failed'; readonly eventId: string; readonly type: string; readonly paymentIntentId: string; readonly error: PaymentError }
  | { readonly kind: 'payment-refunded'; readonly eventId: string; readonly type: string; readonly paymentIntentId: string }
  | {
    readonly kind: 'payment-disputed'; readonly eventId: string; readonly type: string; readonly paymentIntentId: string;
    readonly disputeId: string; readonly amount: number; readonly currency: string; readonly reason: string;
  }
  | { readonly kind: 'ignored'; readonly eventId: string; readonly type: string };
