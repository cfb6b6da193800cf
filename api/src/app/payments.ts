import type { Pool } from 'pg';
import {
  AbandonedCheckouts, AwaitingPayments, Checkout, EventStore, EventTerms, InventoryGates, migrate, OrderFulfilment, OrderRefunds, PaymentGateway,
  paymentMigrations, PaymentNotifications, PAYMENTS_COMPONENT, PayoutAccounts, SimulatedPaymentGateway, StripePaymentGateway, StripeWebhooks,
  WebhookInbox,
} from '@marquee/commands';
import type { StripeConfig } from '../config';

/** What the routes use of payments. */
export interface PaymentServices {
  readonly gateway: PaymentGateway;
  readonly checkout: Checkout;
  readonly payouts: PayoutAccounts;
  readonly awaiting: AwaitingPayments;
  readonly notifications: PaymentNotifications;
  /** Refunds: the buyer's under the event's policy, the organizer's by hand, the dashboard's followed. */
  readonly refunds: OrderRefunds;
  readonly inbox: WebhookInbox;
  /** Null without Stripe: the webhook endpoint then answers 404. */
  readonly stripeWebhooks: StripeWebhooks | null;
}

export interface PaymentsOptions {
  readonly pool: Pool;
  readonly store: EventStore;
  readonly gates: InventoryGates;
  readonly terms: EventTerms;
  readonly clock: () => Date;
  /** STRIPE_*: pay with Stripe; unset, the simulated gateway. */
  readonly stripe?: StripeConfig;
  /** A gateway of the caller's (tests); wins over `stripe` for paying, the webhook secret still applies. */
  readonly gateway?: PaymentGateway;
}

/**
 * The payment side of the composition root: the gateway (Stripe when configured, else the
 * simulated one), checkout, payment → order, the webhook inbox and the sweep of abandoned checkouts.
 */
export async function composePayments(options: PaymentsOptions): Promise<PaymentServices & { startSweeping(sweep: { everyMs: number; onError: (error: unknown) => void }): AbandonedCheckouts }> {
  const { pool, store, gates, terms, clock, stripe } = options;
  await migrate(pool, PAYMENTS_COMPONENT, paymentMigrations);
  const gateway = options.gateway ?? (stripe
    ? new StripePaymentGateway({ secretKey: stripe.secretKey, publishableKey: stripe.publishableKey, clock, ...(stripe.apiBase ? { apiBase: stripe.apiBase } : {}) })
    : new SimulatedPaymentGateway());
  const awaiting = new AwaitingPayments(pool);
  const payouts = new PayoutAccounts(store, clock);
  const fulfilment = new OrderFulfilment({ store, gates, gateway, awaiting, clock });
  const refunds = new OrderRefunds({ store, gates, gateway, clock });
  return {
    gateway, awaiting, payouts, refunds,
    checkout: new Checkout({ store, gates, gateway, terms, payouts, awaiting, fulfilment, clock }),
    notifications: new PaymentNotifications(gateway, fulfilment, refunds),
    inbox: new WebhookInbox(pool),
    stripeWebhooks: stripe ? new StripeWebhooks(stripe.webhookSecret) : null,
    startSweeping: (sweep) => new AbandonedCheckouts(awaiting, gates, gateway, fulfilment, { sweepEveryMs: sweep.everyMs, clock, onError: sweep.onError }).start(),
  };
}
