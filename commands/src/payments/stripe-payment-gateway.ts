import Stripe from 'stripe';
import { ConfirmIntentInput, CreateIntentInput, PaymentError, PaymentGateway, PaymentIntent, PaymentIntentStatus, Refund, RefundInput } from './payment-gateway';
import { RefundRefused } from './payment-errors';
import { DEFAULT_RETRY_POLICY, RetryClock, RetryPolicy, withRetries } from './stripe-retries';

export interface StripeGatewayOptions {
  readonly secretKey: string;
  readonly publishableKey: string;
  /** Another API base (`http://127.0.0.1:12111`): the local double in tests, a proxy in production. */
  readonly apiBase?: string;
  /** The clock holds expire by: deadlines are compared with it. */
  readonly clock?: () => Date;
  readonly retry?: Partial<RetryPolicy>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * The payment-gateway port on Stripe's Payment Intents, through the official `stripe` client.
 * Intents are created for Stripe.js's Payment Element (cards, Apple Pay, Google Pay: automatic
 * payment methods without redirects, so no return page is needed and the server may also
 * confirm with a test method), with the order's ids in their metadata and, when the organizer has
 * a connected account, as destination charges that leave the platform its fee.
 */
export class StripePaymentGateway implements PaymentGateway {
  readonly name = 'stripe';
  readonly defaultPaymentMethod = null;
  readonly publishableKey: string;
  private readonly stripe: Stripe;
  private readonly policy: RetryPolicy;
  private readonly retryClock: RetryClock;

  constructor(options: StripeGatewayOptions) {
    this.publishableKey = options.publishableKey;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 0,
      timeout: 20_000,
      appInfo: { name: 'Marquee', url: 'https://marquee.dev' },
      ...apiBaseConfig(options.apiBase),
    });
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const clock = options.clock ?? (() => new Date());
    this.retryClock = {
      now: () => clock().getTime(),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
  }

  async createIntent(input: CreateIntentInput): Promise<PaymentIntent> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      metadata: input.metadata,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      ...(input.payout
        ? { transfer_data: { destination: input.payout.accountId }, ...(input.payout.platformFee > 0 ? { application_fee_amount: input.payout.platformFee } : {}) }
        : {}),
    };
    const intent = await this.retrying(() => this.stripe.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey }), input.deadline);
    return intentOf(intent);
  }

  async retrieveIntent(intentId: string): Promise<PaymentIntent> {
    return intentOf(await this.retrying(() => this.stripe.paymentIntents.retrieve(intentId)));
  }

  async confirmIntent(intentId: string, input: ConfirmIntentInput): Promise<PaymentIntent> {
    try {
      const intent = await this.retrying(
        () => this.stripe.paymentIntents.confirm(intentId, { payment_method: input.paymentMethod }, input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
        input.deadline);
      return intentOf(intent);
    } catch (error) {
      // A decline is an answer, not a failure: Stripe sends the intent back inside the 402.
      if (error instanceof Stripe.errors.StripeCardError && error.payment_intent) return intentOf(error.payment_intent);
      // Already succeeded or canceled (a browser or another request got there first): say how it is.
      if (isUnexpectedState(error)) return this.retrieveIntent(intentId);
      throw error;
    }
  }

  async cancelIntent(intentId: string): Promise<PaymentIntent> {
    try {
      return intentOf(await this.retrying(() => this.stripe.paymentIntents.cancel(intentId, { cancellation_reason: 'abandoned' }, { idempotencyKey: `marquee-cancel-${intentId}` })));
    } catch (error) {
      if (isUnexpectedState(error)) return this.retrieveIntent(intentId);
      throw error;
    }
  }

  async refund(input: RefundInput): Promise<Refund> {
    const params: Stripe.RefundCreateParams = {
      payment_intent: input.paymentIntentId,
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      metadata: { marquee_reason: input.reason.slice(0, 500) },
      ...(input.reversePayout ? { reverse_transfer: true, refund_application_fee: true } : {}),
    };
    let refund: Refund;
    try {
      refund = refundOf(await this.retrying(() => this.stripe.refunds.create(params, { idempotencyKey: input.idempotencyKey })));
    } catch (error) {
      // Stripe answered and said no (4xx other than 429): a definite refusal, nothing given back.
      // Anything else (network, 5xx, 429s beyond the budget) may or may not have refunded, and is thrown as it is.
      if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError) {
        throw new RefundRefused(this.name, error.code ?? error.type, error.message);
      }
      throw error;
    }
    if (refund.status === 'failed' || refund.status === 'canceled') throw new RefundRefused(this.name, `refund_${refund.status}`, `Stripe's refund ${refund.id} ${refund.status}`);
    return refund;
  }

  async refundsOf(paymentIntentId: string): Promise<Refund[]> {
    const refunds: Refund[] = [];
    // Auto-pagination: an order with more than a page of refunds is unlikely, but then none is missed.
    for await (const refund of this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) refunds.push(refundOf(refund));
    return refunds;
  }

  private retrying<T>(call: () => Promise<T>, deadline?: Date): Promise<T> {
    return withRetries(call, deadline?.getTime() ?? this.retryClock.now() + this.policy.defaultBudgetMs, this.policy, this.retryClock);
  }
}

function apiBaseConfig(apiBase: string | undefined): Partial<Stripe.StripeConfig> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

const STATUSES: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled'];

/** Manual capture is not used; a status a newer API version adds reads as still in progress. */
function statusOf(status: string): PaymentIntentStatus {
  return (STATUSES as readonly string[]).includes(status) ? (status as PaymentIntentStatus) : 'processing';
}

function isUnexpectedState(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state';
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === 'string' ? value : value?.id);

export function intentOf(intent: Stripe.PaymentIntent): PaymentIntent {
  const latest = idOf(intent.latest_charge);
  const destination = idOf(intent.transfer_data?.destination);
  return {
    id: intent.id,
    amount: intent.amount,
    currency: intent.currency,
    status: statusOf(intent.status),
    metadata: intent.metadata,
    clientSecret: intent.client_secret ?? '',
    ...(intent.status === 'succeeded' && latest ? { latestAttemptId: latest } : {}),
    ...(intent.last_payment_error ? { lastPaymentError: paymentErrorOf(intent.last_payment_error, latest ?? intent.id) } : {}),
    ...(destination ? { payout: { accountId: destination, platformFee: intent.application_fee_amount ?? 0 } } : {}),
  };
}

export function paymentErrorOf(error: Stripe.PaymentIntent.LastPaymentError, fallbackAttempt: string): PaymentError {
  return {
    code: error.code ?? error.type,
    ...(error.decline_code ? { declineCode: error.decline_code } : {}),
    message: error.message ?? 'The payment did not go through.',
    attemptId: idOf(error.charge as string | { id: string } | undefined) ?? error.payment_method?.id ?? fallbackAttempt,
  };
}

function refundOf(refund: Stripe.Refund): Refund {
  return {
    id: refund.id,
    paymentIntentId: idOf(refund.payment_intent) ?? '',
    amount: refund.amount,
    currency: refund.currency,
    status: (refund.status ?? 'pending') as Refund['status'],
    reason: refund.metadata?.['marquee_reason'] ?? refund.reason ?? null,
  };
}
