import { randomBytes } from 'node:crypto';
import { RefundRefused } from './payment-errors';
import { ConfirmIntentInput, CreateIntentInput, PaymentGateway, PaymentIntent, Refund, RefundInput } from './payment-gateway';

/**
 * Stripe's test payment methods that decline (docs.stripe.com/testing), with Stripe's error code
 * and the issuer's decline code, so buyers and tests walk the same failure paths as with Stripe.
 */
const DECLINING: Readonly<Record<string, { code: string; declineCode: string; message: string }>> = {
  pm_card_chargeDeclined: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  pm_card_visa_chargeDeclinedInsufficientFunds: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  pm_card_chargeDeclinedFraudulent: { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' },
  pm_card_chargeDeclinedExpiredCard: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  pm_card_chargeDeclinedIncorrectCvc: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: 'Your card\'s security code is incorrect.' },
};

const id = (prefix: string) => `${prefix}_sim_${randomBytes(12).toString('hex')}`;

/**
 * The embedded default: follows Payment Intents' states in memory and confirms at once, on the
 * server (there is no browser step). Any payment method not listed as declining succeeds
 * (`pm_card_visa` by convention, and the default when a checkout names none). With
 * `confirmOnServer: false` it leaves confirmation to "the buyer" (a test calling confirmIntent),
 * as Stripe does, so the deferred flow can be walked without Stripe.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  readonly name = 'simulated';
  readonly publishableKey = null;
  readonly defaultPaymentMethod: string | null;
  private readonly intents = new Map<string, PaymentIntent>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly refunds = new Map<string, Refund>();
  private readonly refusals: { code: string; message: string }[] = [];

  constructor(options: { confirmOnServer?: boolean } = {}) {
    this.defaultPaymentMethod = options.confirmOnServer === false ? null : 'pm_card_visa';
  }

  async createIntent(input: CreateIntentInput): Promise<PaymentIntent> {
    const existing = this.byIdempotencyKey.get(input.idempotencyKey);
    if (existing) return this.intent(existing);
    const intentId = id('pi');
    const intent: PaymentIntent = {
      id: intentId, amount: input.amount, currency: input.currency.toLowerCase(), status: 'requires_payment_method',
      metadata: { ...input.metadata }, clientSecret: `${intentId}_secret_${randomBytes(12).toString('hex')}`,
      ...(input.payout ? { payout: { ...input.payout } } : {}),
    };
    this.intents.set(intentId, intent);
    this.byIdempotencyKey.set(input.idempotencyKey, intentId);
    return intent;
  }

  async retrieveIntent(intentId: string): Promise<PaymentIntent> {
    return this.intent(intentId);
  }

  async confirmIntent(intentId: string, input: ConfirmIntentInput): Promise<PaymentIntent> {
    const intent = this.intent(intentId);
    if (intent.status === 'succeeded' || intent.status === 'canceled') return intent;
    const declined = DECLINING[input.paymentMethod];
    const attemptId = id('ch');
    const { lastPaymentError: _previous, ...rest } = intent;
    const next: PaymentIntent = declined
      ? { ...rest, status: 'requires_payment_method', lastPaymentError: { ...declined, attemptId } }
      : { ...rest, status: 'succeeded', latestAttemptId: attemptId };
    this.intents.set(intentId, next);
    return next;
  }

  async cancelIntent(intentId: string): Promise<PaymentIntent> {
    const intent = this.intent(intentId);
    if (intent.status === 'succeeded' || intent.status === 'canceled') return intent;
    const canceled: PaymentIntent = { ...intent, status: 'canceled' };
    this.intents.set(intentId, canceled);
    return canceled;
  }

  /** The next `times` refunds are refused, as Stripe refuses one its balance cannot cover (tests). */
  failRefunds(times = 1, code = 'balance_insufficient', message = 'The balance cannot cover this refund.'): void {
    for (let i = 0; i < times; i += 1) this.refusals.push({ code, message });
  }

  async refund(input: RefundInput): Promise<Refund> {
    const existing = this.refunds.get(input.idempotencyKey);
    if (existing) return existing;
    const refusal = this.refusals.shift();
    if (refusal) throw new RefundRefused(this.name, refusal.code, refusal.message);
    const intent = this.intent(input.paymentIntentId);
    if (intent.status !== 'succeeded') throw new Error(`payment intent ${intent.id} has not succeeded: nothing to refund`);
    const left = intent.amount - this.refundsOfNow(intent.id).reduce((sum, refund) => sum + refund.amount, 0);
    const amount = input.amount ?? left;
    if (left === 0) throw new Error(`payment intent ${intent.id} is refunded already`);
    if (amount < 1 || amount > left) throw new Error(`cannot refund ${amount} of payment intent ${intent.id}: ${left} is left`);
    const refund: Refund = { id: id('re'), paymentIntentId: intent.id, amount, currency: intent.currency, status: 'succeeded', reason: input.reason };
    this.refunds.set(input.idempotencyKey, refund);
    return refund;
  }

  async refundsOf(paymentIntentId: string): Promise<Refund[]> {
    return this.refundsOfNow(paymentIntentId);
  }

  /** Refunds issued so far (the simulated dashboard; tests read it). */
  refundsOfNow(paymentIntentId: string): Refund[] {
    return [...this.refunds.values()].filter((r) => r.paymentIntentId === paymentIntentId);
  }

  private intent(intentId: string): PaymentIntent {
    const intent = this.intents.get(intentId);
    if (!intent) throw new Error(`no such payment intent ${intentId}`);
    return intent;
  }
}
