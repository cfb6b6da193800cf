import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { availability, ExistingOrder, orderDecider, OrderEvent, orderStreamName, ticketDecider, ticketStreamName } from '@marquee/domain';
import { confirmInBrowser, StripeDouble } from '@marquee/stripe-double';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { CommandContext } from '../command-handling/command-context';
import { loadAggregate } from '../command-handling/load-aggregate';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { OrganizerEvents } from '../organizer/organizer-events';
import { PaymentGateway } from '../payments/payment-gateway';
import { paymentMigrations, PAYMENTS_COMPONENT } from '../payments/payment-migrations';
import { PaymentNotifications } from '../payments/payment-notifications';
import { PayoutAccounts } from '../payments/payout-accounts';
import { SimulatedPaymentGateway } from '../payments/simulated-payment-gateway';
import { StripePaymentGateway } from '../payments/stripe-payment-gateway';
import { migrate } from '../postgres/migrator';
import { AbandonedCheckouts } from './abandoned-checkouts';
import { AwaitingPayments } from './awaiting-payments';
import { Checkout, CheckoutResult } from './checkout';
import { EventTerms } from './event-terms';
import { OrderFulfilment } from './order-fulfilment';
import { Reservations } from './reservations';

let database: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;
let double: StripeDouble;

beforeAll(async () => {
  database = await createTestDatabase('checkout');
  store = await PostgresEventStore.connect({ connectionString: database.url });
  pool = new Pool({ connectionString: database.url, max: 5 });
  await migrate(pool, PAYMENTS_COMPONENT, paymentMigrations);
  double = await StripeDouble.start();
});
afterAll(async () => {
  await double.stop();
  await pool.end();
  await store.close();
  await database.drop();
});

const organizer: CommandContext = { actor: 'organizer:o1', correlationId: randomUUID() };
const buyer: CommandContext = { actor: 'buyer:ada@example.com', correlationId: randomUUID() };
const webhook = (): CommandContext => ({ actor: 'system:payment-webhook', correlationId: randomUUID() });
const MINUTE = 60_000;

/**
 * The two gateways, each with what "the buyer's browser" does for it: the simulated one is
 * confirmed directly (with `confirmOnServer: false` it leaves that to the buyer, as Stripe does);
 * Stripe's is confirmed through the double with the publishable key and the client secret.
 */
const gateways = {
  simulated: {
    make: (_clock: () => Date, confirmOnServer: boolean) => new SimulatedPaymentGateway({ confirmOnServer }),
    pays: async (gateway: PaymentGateway, result: Extract<CheckoutResult, { status: 'awaiting_payment' }>, paymentMethod: string) => {
      await gateway.confirmIntent(result.paymentIntentId, { paymentMethod });
    },
  },
  stripe: {
    make: (clock: () => Date) => new StripePaymentGateway({ secretKey: double.secretKey, publishableKey: double.publishableKey, apiBase: double.url, clock }),
    pays: async (_gateway: PaymentGateway, result: Extract<CheckoutResult, { status: 'awaiting_payment' }>, paymentMethod: string) => {
      await confirmInBrowser(double, result.clientSecret, paymentMethod);
    },
  },
} as const;

describe.each(['simulated', 'stripe'] as const)('checkout with the %s gateway', (kind) => {
  function world(options: { confirmOnServer?: boolean } = {}) {
    let now = new Date();
    const clock = () => now;
    const gates = new InventoryGates(store);
    const terms = new EventTerms(store);
    const gateway = gateways[kind].make(clock, options.confirmOnServer ?? true);
    const awaiting = new AwaitingPayments(pool);
    const payouts = new PayoutAccounts(store, clock);
    const fulfilment = new OrderFulfilment({ store, gates, gateway, awaiting, clock });
    const checkout = new Checkout({ store, gates, gateway, terms, payouts, awaiting, fulfilment, clock });
    return {
      gates, gateway, awaiting, payouts, fulfilment, checkout,
      organizerEvents: new OrganizerEvents(store, gates, terms, clock),
      reservations: new Reservations(gates, terms, clock, awaiting),
      notifications: new PaymentNotifications(gateway, fulfilment),
      abandoned: new AbandonedCheckouts(awaiting, gates, gateway, fulfilment, { clock }),
      clock,
      advance: (ms: number) => { now = new Date(now.getTime() + ms); },
      buyerPays: (result: CheckoutResult, paymentMethod = 'pm_card_visa') => {
        if (result.status !== 'awaiting_payment') throw new Error(`expected a checkout awaiting payment, got ${result.status}`);
        return gateways[kind].pays(gateway, result, paymentMethod);
      },
      /** What the provider's webhook says once the buyer has paid. */
      paymentSucceeded: (paymentIntentId: string) => new PaymentNotifications(gateway, fulfilment).apply(
        { kind: 'payment-succeeded', eventId: `evt_${randomUUID()}`, type: 'payment_intent.succeeded', paymentIntentId }, webhook()),
    };
  }
  type World = ReturnType<typeof world>;

  async function publishedConcert(w: World, capacity = 100, price = 2_500): Promise<string> {
    const { eventId } = await w.organizerEvents.create('o1', {
      name: 'Night Shift', venue: { name: 'The Roundhouse' }, startsAt: '2027-02-01T19:00:00Z', endsAt: '2027-02-01T23:00:00Z',
      timezone: 'Europe/London', currency: 'GBP', ticketTypes: [{ name: 'Standing', price, capacity }],
    }, organizer);
    await w.organizerEvents.change('o1', eventId, { type: 'SetFees', data: { fixed: 100, percentBasisPoints: 500, now: new Date().toISOString() } }, organizer);
    await w.organizerEvents.publish('o1', eventId, organizer);
    return eventId;
  }

  const hold = (w: World, eventId: string, quantity = 2) =>
    w.reservations.hold(eventId, { items: [{ ticketTypeId: 'standing', quantity }], buyer: { email: 'ada@example.com', name: 'Ada Lovelace' } }, buyer);
  const orderOf = async (orderId: string) => (await loadAggregate(store, orderDecider, orderStreamName(orderId))).state as ExistingOrder;
  const orderEvents = async (orderId: string) => (await store.readStream(orderStreamName(orderId))).map((event) => event.type as OrderEvent['type']);
  const stock = async (w: World, eventId: string) => availability((await w.gates.forEvent(eventId).currentState()).state)[0];
  const awaitingPayment = async (w: World, eventId: string, quantity = 2) => {
    const { reservation } = await hold(w, eventId, quantity);
    const result = await w.checkout.checkout(eventId, reservation.reservationId, {}, buyer);
    if (result.status !== 'awaiting_payment') throw new Error(`expected to await payment, got ${result.status}`);
    return { reservation, result };
  };

  it('hold → checkout with a card: the order is confirmed at the held price, the tickets issued, the inventory sold', async () => {
    const w = world();
    const eventId = await publishedConcert(w);
    const { reservation } = await hold(w, eventId);
    expect(reservation.pricing).toMatchObject({ currency: 'GBP', subtotal: 5_000, fees: 450 /* 2 × (1.00 + 5 % of 25.00) */, total: 5_450 });

    const result = await w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
    expect(result).toMatchObject({ status: 'confirmed', total: 5_450, currency: 'GBP' });
    if (result.status !== 'confirmed') throw new Error('not confirmed');
    expect(result.tickets).toHaveLength(2);

    const order = await orderOf(result.orderId);
    expect(order).toMatchObject({ status: 'Confirmed', payment: { reference: result.paymentIntentId, amount: { amount: 5_450 } }, tickets: result.tickets });
    expect(order.payments.intent).toMatchObject({ id: result.paymentIntentId, provider: kind });
    for (const ticket of result.tickets) {
      expect((await loadAggregate(store, ticketDecider, ticketStreamName(ticket.ticketId))).state).toMatchObject({ status: 'Valid', orderId: result.orderId, holderName: 'Ada Lovelace' });
    }
    expect(await stock(w, eventId)).toMatchObject({ sold: 2, held: 0, available: 98 });
    // The intent is for the order's total in the event's currency, with the order's ids.
    expect(await w.gateway.retrieveIntent(result.paymentIntentId ?? '')).toMatchObject({
      amount: 5_450, currency: 'gbp', status: 'succeeded', metadata: { order_id: result.orderId, event_id: eventId, reservation_id: reservation.reservationId, organizer_id: 'o1' },
    });
    expect(await w.awaiting.has(result.orderId)).toBe(false);

    // A retry (lost response) answers with the same order and tickets, charging nothing new.
    const again = await w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
    expect(again).toEqual(result);
  });

  it('a declined card is recorded on the order and leaves the hold for another try; the next card completes it', async () => {
    const w = world();
    const eventId = await publishedConcert(w);
    const { reservation } = await hold(w, eventId, 1);
    await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa_chargeDeclinedInsufficientFunds' }, buyer))
      .rejects.toMatchObject({ rule: 'payment-declined', details: { code: 'insufficient_funds' } });
    expect(await stock(w, eventId)).toMatchObject({ held: 1, sold: 0 });
    const orderId = Checkout.orderIdFor(reservation.reservationId);
    expect((await orderOf(orderId)).payments.failures).toEqual([expect.objectContaining({ code: 'insufficient_funds', message: expect.stringMatching(/insufficient funds/) })]);
    await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_chargeDeclined' }, buyer)).rejects.toMatchObject({ rule: 'payment-declined' });
    await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer)).resolves.toMatchObject({ status: 'confirmed' });
    const order = await orderOf(orderId);
    expect(order.status).toBe('Confirmed');
    expect(order.payments.failures.map((failure) => failure.code)).toEqual(['insufficient_funds', 'generic_decline']);
  });

  it('an expired hold cannot be checked out: no order, no intent, nothing charged', async () => {
    const w = world();
    const eventId = await publishedConcert(w);
    const { reservation } = await hold(w, eventId, 1);
    w.advance(11 * MINUTE);
    await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer)).rejects.toMatchObject({ rule: 'hold-expired' });
    expect((await orderOf(Checkout.orderIdFor(reservation.reservationId))).status).toBe('None');
  });

  describe('deferred intents: the buyer confirms in the browser, the webhook completes the order', () => {
    it('answers the checkout with the client secret; the payment\'s success confirms the order exactly once', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { reservation, result } = await awaitingPayment(w, eventId);
      expect(result).toMatchObject({
        orderId: Checkout.orderIdFor(reservation.reservationId), paymentIntentId: expect.any(String), intentStatus: 'requires_payment_method',
        clientSecret: expect.stringContaining(result.paymentIntentId), publishableKey: kind === 'stripe' ? double.publishableKey : null,
        total: 5_450, currency: 'GBP', expiresAt: reservation.expiresAt,
      });
      expect(await stock(w, eventId)).toMatchObject({ held: 2, sold: 0 });
      // Checking out again (a reload) gives the same intent, not a second one.
      expect(await w.checkout.checkout(eventId, reservation.reservationId, {}, buyer)).toEqual(result);

      await w.buyerPays(result);
      expect(await w.paymentSucceeded(result.paymentIntentId)).toMatch(/confirmed with 2 ticket/);
      const order = await orderOf(result.orderId);
      expect(order).toMatchObject({ status: 'Confirmed', payment: { reference: result.paymentIntentId }, ticketsIssuedAt: expect.any(String) });
      expect(await stock(w, eventId)).toMatchObject({ held: 0, sold: 2 });

      // The success told twice, and the buyer's page checking out again, change nothing.
      const events = await orderEvents(result.orderId);
      await w.paymentSucceeded(result.paymentIntentId);
      const again = await w.checkout.checkout(eventId, reservation.reservationId, {}, buyer);
      expect(again).toMatchObject({ status: 'confirmed', tickets: (order.status === 'Confirmed' && order.tickets) || [] });
      expect(await orderEvents(result.orderId)).toEqual(events);
      expect(events).toEqual(['OrderPlaced', 'PaymentIntentCreated', 'OrderConfirmed', 'TicketsIssued']);
    });

    it('a checkout that finds the intent paid before the webhook came completes the order; the late webhook changes nothing', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { reservation, result } = await awaitingPayment(w, eventId, 1);
      await w.buyerPays(result);
      await expect(w.checkout.checkout(eventId, reservation.reservationId, {}, buyer)).resolves.toMatchObject({ status: 'confirmed' });
      const events = await orderEvents(result.orderId);
      await w.paymentSucceeded(result.paymentIntentId);
      expect(await orderEvents(result.orderId)).toEqual(events);
    });

    it('a failure reported after the success (out of order) changes nothing', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { result } = await awaitingPayment(w, eventId, 1);
      await w.buyerPays(result);
      await w.paymentSucceeded(result.paymentIntentId);
      const events = await orderEvents(result.orderId);
      const outcome = await w.notifications.apply({
        kind: 'payment-failed', eventId: `evt_${randomUUID()}`, type: 'payment_intent.payment_failed', paymentIntentId: result.paymentIntentId,
        error: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.', attemptId: 'ch_earlier_attempt' },
      }, webhook());
      expect(outcome).toMatch(/confirmed/);
      expect(await orderEvents(result.orderId)).toEqual(events);
    });

    it('a declined attempt in the browser is recorded from the webhook, and the hold stays', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { result } = await awaitingPayment(w, eventId, 1);
      await w.buyerPays(result, 'pm_card_chargeDeclined');
      const intent = await w.gateway.retrieveIntent(result.paymentIntentId);
      if (!intent.lastPaymentError) throw new Error('the decline left no payment error');
      const failure = { kind: 'payment-failed', eventId: `evt_${randomUUID()}`, type: 'payment_intent.payment_failed', paymentIntentId: result.paymentIntentId, error: intent.lastPaymentError } as const;
      await w.notifications.apply(failure, webhook());
      await w.notifications.apply({ ...failure, eventId: `evt_${randomUUID()}` }, webhook());
      expect((await orderOf(result.orderId))).toMatchObject({ status: 'Placed', payments: { failures: [{ code: 'generic_decline', attemptId: intent.lastPaymentError?.attemptId }] } });
      expect(await stock(w, eventId)).toMatchObject({ held: 1 });
    });
  });

  describe('the late payment: it succeeds after the hold ended', () => {
    it('re-holds the same tickets when they are free, and confirms the order', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { reservation, result } = await awaitingPayment(w, eventId);
      await w.reservations.release(eventId, reservation.reservationId, { actor: 'system:hold-expiry', correlationId: randomUUID() });
      expect(await stock(w, eventId)).toMatchObject({ held: 0, available: 100 });
      await w.buyerPays(result);
      await w.paymentSucceeded(result.paymentIntentId);

      const order = await orderOf(result.orderId);
      expect(order).toMatchObject({ status: 'Confirmed', holdId: reservation.reservationId, payments: { reheld: { holdId: OrderFulfilment.reholdIdFor(result.orderId) }, refunded: 0 } });
      expect(order.status === 'Confirmed' && order.tickets).toHaveLength(2);
      expect(await stock(w, eventId)).toMatchObject({ held: 0, sold: 2, available: 98 });
      expect(await w.gateway.refundsOf(result.paymentIntentId)).toEqual([]);
      expect(await orderEvents(result.orderId)).toEqual(['OrderPlaced', 'PaymentIntentCreated', 'OrderReheld', 'OrderConfirmed', 'TicketsIssued']);
    });

    it('refunds the whole payment when the tickets were sold to someone else meanwhile, and says why on the order', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w, 2);
      const { reservation, result } = await awaitingPayment(w, eventId);
      await w.reservations.release(eventId, reservation.reservationId, { actor: 'system:hold-expiry', correlationId: randomUUID() });
      const { reservation: other } = await hold(w, eventId, 2);
      await w.checkout.checkout(eventId, other.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
      await w.buyerPays(result);
      expect(await w.paymentSucceeded(result.paymentIntentId)).toMatch(/refunded/);

      const order = await orderOf(result.orderId);
      expect(order).toMatchObject({ status: 'Cancelled', reason: expect.stringMatching(/only 0 tickets of standing are available.*refunded/), payments: { refunded: 5_450 } });
      expect(await w.gateway.refundsOf(result.paymentIntentId)).toEqual([expect.objectContaining({ amount: 5_450, status: 'succeeded' })]);
      expect(await stock(w, eventId)).toMatchObject({ held: 0, sold: 2, available: 0 });
      // Told again, nothing more is refunded.
      await w.paymentSucceeded(result.paymentIntentId);
      expect(await w.gateway.refundsOf(result.paymentIntentId)).toHaveLength(1);
      expect(await orderEvents(result.orderId)).toEqual(['OrderPlaced', 'PaymentIntentCreated', 'PaymentRefunded', 'OrderCancelled']);
    });

    it('a payment confirmed on the server just as the hold was released is re-held (the same path)', async () => {
      const w = world();
      const eventId = await publishedConcert(w);
      const { reservation } = await hold(w, eventId, 1);
      const confirm = w.gateway.confirmIntent.bind(w.gateway);
      w.gateway.confirmIntent = async (intentId, input) => {
        await w.reservations.release(eventId, reservation.reservationId, { actor: 'system:hold-expiry', correlationId: randomUUID() });
        return confirm(intentId, input);
      };
      const result = await w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
      expect(result).toMatchObject({ status: 'confirmed' });
      expect(await stock(w, eventId)).toMatchObject({ held: 0, sold: 1 });
    });
  });

  describe('abandoned checkouts: the hold ends without a payment', () => {
    // Each test sweeps only its own checkouts.
    beforeEach(async () => {
      await pool.query('DELETE FROM checkouts_awaiting_payment');
    });

    it('cancels the intent at the next sweep after the buyer released the hold, and ends the order; a payment can no longer be made', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { reservation, result } = await awaitingPayment(w, eventId);
      await w.reservations.release(eventId, reservation.reservationId, buyer);
      expect(await w.abandoned.sweep()).toMatchObject({ canceled: 1 });
      expect(await w.gateway.retrieveIntent(result.paymentIntentId)).toMatchObject({ status: 'canceled' });
      expect(await orderOf(result.orderId)).toMatchObject({ status: 'Cancelled', reason: expect.stringMatching(/released \(cancelled\)/) });
      expect(await w.awaiting.has(result.orderId)).toBe(false);
      await w.buyerPays(result).catch(() => undefined);
      expect(await w.gateway.retrieveIntent(result.paymentIntentId)).toMatchObject({ status: 'canceled' });
      await expect(w.checkout.checkout(eventId, reservation.reservationId, {}, buyer)).rejects.toMatchObject({ rule: 'hold-not-active' });
      // Swept again: nothing left to do.
      expect(await w.abandoned.sweep()).toEqual({ waiting: 0, ended: 0, canceled: 0, settled: 0, done: 0 });
    });

    it('leaves an open hold alone, and cancels the intent once the hold expired; the order expires with it', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { reservation, result } = await awaitingPayment(w, eventId);
      expect(await w.abandoned.sweep()).toEqual({ waiting: 0, ended: 0, canceled: 0, settled: 0, done: 0 });
      w.advance(10 * MINUTE);
      // Due, but the expiry process has not released it yet: look again later.
      expect(await w.abandoned.sweep()).toMatchObject({ waiting: 1 });
      expect(await w.gateway.retrieveIntent(result.paymentIntentId)).toMatchObject({ status: 'requires_payment_method' });
      await w.gates.forEvent(eventId).submit({ type: 'ReleaseHold', data: { holdId: reservation.reservationId, reason: 'expired', now: w.clock().toISOString() } },
        { actor: 'system:hold-expiry', correlationId: randomUUID(), causationId: randomUUID(), occurredAt: w.clock().toISOString() });
      w.advance(MINUTE);
      expect(await w.abandoned.sweep()).toMatchObject({ canceled: 1 });
      expect(await w.gateway.retrieveIntent(result.paymentIntentId)).toMatchObject({ status: 'canceled' });
      expect(await orderOf(result.orderId)).toMatchObject({ status: 'Expired' });
    });

    it('settles a payment that won the race against the cancel (its webhook lost): re-held and confirmed', async () => {
      const w = world({ confirmOnServer: false });
      const eventId = await publishedConcert(w);
      const { reservation, result } = await awaitingPayment(w, eventId);
      await w.buyerPays(result);
      await w.reservations.release(eventId, reservation.reservationId, { actor: 'system:hold-expiry', correlationId: randomUUID() });
      expect(await w.abandoned.sweep()).toMatchObject({ settled: 1 });
      expect(await orderOf(result.orderId)).toMatchObject({ status: 'Confirmed', payments: { reheld: { holdId: expect.any(String) } } });
      expect(await w.gateway.retrieveIntent(result.paymentIntentId)).toMatchObject({ status: 'succeeded' });
      expect(await w.awaiting.has(result.orderId)).toBe(false);
    });
  });

  it('pays an organizer with a connected account through it, the platform keeping the service fee', async () => {
    const w = world({ confirmOnServer: false });
    const eventId = await publishedConcert(w);
    const accountId = `acct_1${kind}${Date.now()}`;
    double.connectAccount(accountId);
    await w.payouts.connect('o1', accountId, organizer);
    try {
      const { result } = await awaitingPayment(w, eventId);
      expect(await w.gateway.retrieveIntent(result.paymentIntentId)).toMatchObject({ payout: { accountId, platformFee: 450 } });
      expect((await orderOf(result.orderId)).payments.intent).toMatchObject({ payout: { accountId, platformFee: 450 } });
      if (kind === 'stripe') expect(double.intent(result.paymentIntentId)).toMatchObject({ transfer_data: { destination: accountId }, application_fee_amount: 450 });
    } finally {
      await w.payouts.disconnect('o1', organizer);
    }
  });

  it('records refunds made with the provider, and flags a disputed payment for the organizer', async () => {
    const w = world({ confirmOnServer: false });
    const eventId = await publishedConcert(w);
    const { result } = await awaitingPayment(w, eventId);
    await w.buyerPays(result);
    await w.paymentSucceeded(result.paymentIntentId);
    await w.gateway.refund({ paymentIntentId: result.paymentIntentId, amount: 1_000, reason: 'goodwill', idempotencyKey: `dashboard-${result.paymentIntentId}` });
    const refunded = { kind: 'payment-refunded', eventId: `evt_${randomUUID()}`, type: 'charge.refunded', paymentIntentId: result.paymentIntentId } as const;
    await w.notifications.apply(refunded, webhook());
    await w.notifications.apply({ ...refunded, eventId: `evt_${randomUUID()}` }, webhook());
    const dispute = { kind: 'payment-disputed', eventId: `evt_${randomUUID()}`, type: 'charge.dispute.created', paymentIntentId: result.paymentIntentId, disputeId: 'du_1', amount: 5_450, currency: 'GBP', reason: 'fraudulent' } as const;
    await w.notifications.apply(dispute, webhook());
    await w.notifications.apply(dispute, webhook());
    expect(await orderOf(result.orderId)).toMatchObject({
      status: 'Confirmed', payments: { refunded: 1_000, refunds: [{ amount: 1_000, reason: 'goodwill' }], disputes: [{ disputeId: 'du_1', reason: 'fraudulent' }] },
    });
  });

  it('confirms a free order without asking the gateway for anything', async () => {
    const w = world({ confirmOnServer: false });
    const eventId = await publishedConcert(w, 10, 0);
    await w.organizerEvents.change('o1', eventId, { type: 'SetFees', data: { fixed: 0, percentBasisPoints: 0, now: new Date().toISOString() } }, organizer);
    const { reservation } = await hold(w, eventId, 1);
    const result = await w.checkout.checkout(eventId, reservation.reservationId, {}, buyer);
    expect(result).toMatchObject({ status: 'confirmed', paymentIntentId: null, total: 0 });
    expect(await orderEvents(result.orderId)).toEqual(['OrderPlaced', 'OrderConfirmed', 'TicketsIssued']);
  });
});

describe('organizer events', () => {
  function world() {
    const gates = new InventoryGates(store);
    const terms = new EventTerms(store);
    return { gates, organizerEvents: new OrganizerEvents(store, gates, terms), reservations: new Reservations(gates, terms) };
  }

  async function publishedConcert(w: ReturnType<typeof world>): Promise<string> {
    const { eventId } = await w.organizerEvents.create('o1', {
      name: 'Night Shift', venue: { name: 'The Roundhouse' }, startsAt: '2027-02-01T19:00:00Z', endsAt: '2027-02-01T23:00:00Z',
      timezone: 'Europe/London', currency: 'GBP', ticketTypes: [{ name: 'Standing', price: 2_500, capacity: 100 }],
    }, organizer);
    await w.organizerEvents.publish('o1', eventId, organizer);
    return eventId;
  }
  const hold = (w: ReturnType<typeof world>, eventId: string, quantity: number) =>
    w.reservations.hold(eventId, { items: [{ ticketTypeId: 'standing', quantity }], buyer: { email: 'ada@example.com', name: 'Ada Lovelace' } }, buyer);

  it('organizer changes after publishing reach the live inventory; other organizers cannot see the event', async () => {
    const w = world();
    const eventId = await publishedConcert(w);
    await hold(w, eventId, 3);
    const now = new Date().toISOString();
    await w.organizerEvents.change('o1', eventId, { type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 9_000, capacity: 10, now } }, organizer);
    await w.organizerEvents.change('o1', eventId, { type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'standing', capacity: 50, now } }, organizer);
    await expect(w.organizerEvents.change('o1', eventId, { type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'standing', capacity: 2, now } }, organizer))
      .rejects.toMatchObject({ rule: 'capacity-below-committed', details: { committed: 3 } });
    expect(availability(await w.organizerEvents.inventoryState(eventId)).map((t) => [t.ticketTypeId, t.capacity])).toEqual([['standing', 50], ['vip', 10]]);
    await expect(w.organizerEvents.read('o2', eventId)).rejects.toMatchObject({ rule: 'event-not-found' });
    await expect(w.organizerEvents.pauseSales('o2', eventId, organizer)).rejects.toMatchObject({ rule: 'event-not-found' });
    await w.organizerEvents.pauseSales('o1', eventId, organizer);
    await expect(hold(w, eventId, 1)).rejects.toMatchObject({ rule: 'sales-closed' });
  });

  it('several organizer changes in one request are all refused when one of them is', async () => {
    const w = world();
    const eventId = await publishedConcert(w);
    await hold(w, eventId, 5);
    const now = new Date().toISOString();
    const before = await w.organizerEvents.read('o1', eventId);
    await expect(w.organizerEvents.changeMany('o1', eventId, [
      { type: 'RenameTicketType', data: { ticketTypeId: 'standing', name: 'Floor', now } },
      { type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'standing', capacity: 4, now } },
    ], organizer)).rejects.toMatchObject({ rule: 'capacity-below-committed' });
    const after = await w.organizerEvents.read('o1', eventId);
    expect(after.revision).toBe(before.revision);
    expect(after.state.ticketTypes[0]).toMatchObject({ name: 'Standing', capacity: 100 });
  });
});
