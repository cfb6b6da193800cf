import { randomBytes } from 'node:crypto';
import { PaymentGateway, PaymentIntent, Refund } from './payment-gateway';

/** Stripe's test payment methods that decline, so buyers and tests can walk the failure path. */
const DECLINING: Readonly<Record<string, string>> = {
  pm_card_chargeDeclined: 'card_declined',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedExpiredCard: 'expired_card',
};

/**
 * The embedded default: follows Payment Intents' states in memory and confirms at once.
 * Any payment method not listed as declining succeeds (`pm_card_visa` by convention).
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  readonly name = 'simulated';
  private readonly intents = new Map<string, PaymentIntent>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly refunds = new Map<string, Refund>();

  async createIntent(input: { amount: number; currency: string; metadata: Record<string, string>; idempotencyKey: string }): Promise<PaymentIntent> {
    const existing = this.byIdempotencyKey.get(input.idempotencyKey);
    if (existing) return this.intent(existing);
    const id = `pi_sim_${randomBytes(12).toString('hex')}`;
    const intent: PaymentIntent = {
      id, amount: input.amount, currency: input.currency.toLowerCase(), status: 'requires_payment_method',
      metadata: { ...input.metadata }, clientSecret: `${id}_secret_${randomBytes(12).toString('hex')}`,
    };
    this.intents.set(id, intent);
    this.byIdempotencyKey.set(input.idempotencyKey, id);
    return intent;
  }

  async confirmIntent(intentId: string, input: { paymentMethod: string }): Promise<PaymentIntent> {
    const intent = this.intent(intentId);
    if (intent.status === 'succeeded' || intent.status === 'canceled') return intent;
    const declined = DECLINING[input.paymentMethod];
    const next: PaymentIntent = declined
      ? { ...intent, status: 'requires_payment_method', lastPaymentError: { code: declined, message: `Your card was declined (${declined}).` } }
      : { id: intent.id, amount: intent.amount, currency: intent.currency, metadata: intent.metadata, clientSecret: intent.clientSecret, status: 'succeeded' };
    this.intents.set(intentId, next);
    return next;
  }

  async cancelIntent(intentId: string): Promise<PaymentIntent> {
    const intent = this.intent(intentId);
    if (intent.status === 'succeeded') throw new Error(`payment intent ${intentId} succeeded and cannot be canceled; refund it`);
    const canceled: PaymentIntent = { ...intent, status: 'canceled' };
    this.intents.set(intentId, canceled);
    return canceled;
  }

  async refund(input: { paymentIntentId: string; amount?: number; reason: string; idempotencyKey: string }): Promise<Refund> {
    const existing = this.refunds.get(input.idempotencyKey);
    if (existing) return existing;
    const intent = this.intent(input.paymentIntentId);
    if (intent.status !== 'succeeded') throw new Error(`payment intent ${intent.id} has not succeeded: nothing to refund`);
    const refund: Refund = { id: `re_sim_${randomBytes(12).toString('hex')}`, paymentIntentId: intent.id, amount: input.amount ?? intent.amount, status: 'succeeded' };
    this.refunds.set(input.idempotencyKey, refund);
    return refund;
  }

  /** Refunds issued so far (the simulated dashboard; tests read it). */
  refundsOf(paymentIntentId: string): Refund[] {
    return [...this.refunds.values()].filter((r) => r.paymentIntentId === paymentIntentId);
  }

  private intent(id: string): PaymentIntent {
    const intent = this.intents.get(id);
    if (!intent) throw new Error(`no such payment intent ${id}`);
    return intent;
  }
}
