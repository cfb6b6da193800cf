import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { availability, ConfirmedOrder, orderDecider, OrderEvent, OrderState, orderStreamName, RefundPolicy, ticketDecider, ticketStreamName } from '@marquee/domain';
import { StripeDouble } from '@marquee/stripe-double';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { AwaitingPayments } from '../buying/awaiting-payments';
import { Checkout } from '../buying/checkout';
import { EventTerms } from '../buying/event-terms';
import { OrderFulfilment } from '../buying/order-fulfilment';
import { Reservations } from '../buying/reservations';
import { CommandContext, metadataFor } from '../command-handling/command-context';
import { handleCommand } from '../command-handling/handle-command';
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
import { OrderRefunds } from './order-refunds';
import { RefundFailed } from './refund-failed';

let database: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;
let double: StripeDouble;

beforeAll(async () => {
  database = await createTestDatabase('refunds');
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

const context = (actor: string): CommandContext => ({ actor, correlationId: randomUUID() });
const HOUR = 3_600_000;
const STARTS_AT = '2027-02-01T19:00:00.000Z';

describe.each(['simulated', 'stripe'] as const)('refunds with the %s gateway', (kind) => {
  function world() {
    let now = new Date('2027-01-01T12:00:00Z');
    const clock = () => now;
    const gates = new InventoryGates(store);
    const terms = new EventTerms(store, 0);
    const simulated = new SimulatedPaymentGateway();
    const gateway: PaymentGateway = kind === 'simulated' ? simulated : new StripePaymentGateway({ secretKey: double.secretKey, publishableKey: double.publishableKey, apiBase: double.url, clock });
    const awaiting = new AwaitingPayments(pool);
    const payouts = new PayoutAccounts(store, clock);
    const fulfilment = new OrderFulfilment({ store, gates, gateway, awaiting, clock });
    const refunds = new OrderRefunds({ store, gates, gateway, clock });
    return {
      gates, gateway, refunds, clock,
      organizerEvents: new OrganizerEvents(store, gates, terms, clock),
      reservations: new Reservations(gates, terms, clock, awaiting),
      checkout: new Checkout({ store, gates, gateway, terms, payouts, awaiting, fulfilment, clock }),
      notifications: new PaymentNotifications(gateway, fulfilment, refunds),
      advanceTo: (instant: string) => { now = new Date(instant); },
      /** The provider refuses the next refund. */
      failNextRefund: () => (kind === 'simulated' ? simulated.failRefunds(1) : double.failRefunds(1)),
      providerRefunds: async (intentId: string) => (await gateway.refundsOf(intentId)).filter((refund) => refund.status === 'succeeded'),
    };
  }
  type World = ReturnType<typeof world>;

  /** Standing at 25.00 with a fee of 1.00 + 5 % per ticket, 20 % tax on top, starting STARTS_AT. */
  async function concert(w: World, refundPolicy: RefundPolicy, capacity = 10): Promise<string> {
    const now = w.clock().toISOString();
    const organizer = context('organizer:o1');
    const { eventId } = await w.organizerEvents.create('o1', {
      name: 'Night Shift', venue: { name: 'The Roundhouse' }, startsAt: STARTS_AT, endsAt: '2027-02-01T23:00:00Z',
      timezone: 'Europe/London', currency: 'GBP', ticketTypes: [{ name: 'Standing', price: 2_500, capacity }],
    }, organizer);
    await w.organizerEvents.changeMany('o1', eventId, [
      { type: 'SetFees', data: { fixed: 100, percentBasisPoints: 500, now } },
      { type: 'SetTax', data: { rateBasisPoints: 2_000, inclusive: false, now } },
      { type: 'SetRefundPolicy', data: { refundPolicy, now } },
    ], organizer);
    await w.organizerEvents.publish('o1', eventId, organizer);
    return eventId;
  }

  async function paidOrder(w: World, eventId: string, quantity = 2): Promise<ConfirmedOrder> {
    const { reservation } = await w.reservations.hold(eventId, { items: [{ ticketTypeId: 'standing', quantity }], buyer: { email: 'ada@example.com', name: 'Ada Lovelace' } }, context('buyer:ada@example.com'));
    const result = await w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, context('buyer:ada@example.com'));
    if (result.status !== 'confirmed') throw new Error(`expected a confirmed order, got ${result.status}`);
    return confirmedOrder(result.orderId);
  }

  const orderOf = async (orderId: string): Promise<OrderState> => (await loadAggregate(store, orderDecider, orderStreamName(orderId))).state;
  const confirmedOrder = async (orderId: string): Promise<ConfirmedOrder> => {
    const order = await orderOf(orderId);
    if (order.status !== 'Confirmed') throw new Error(`order ${orderId} is ${order.status}`);
    return order;
  };
  const orderEvents = async (orderId: string) => (await store.readStream(orderStreamName(orderId))).map((event) => event.type as OrderEvent['type']);
  const ticketStatuses = async (order: ConfirmedOrder) => Promise.all(order.tickets.map(async (ticket) => (await loadAggregate(store, ticketDecider, ticketStreamName(ticket.ticketId))).state.status));
  const stock = async (w: World, eventId: string) => availability((await w.gates.forEvent(eventId).currentState()).state)[0];
  const intentOf = (order: ConfirmedOrder) => order.payment.reference;

  it('a buyer refund under the policy: money back less the kept fee, tickets voided, back on sale — once however often asked', async () => {
    const w = world();
    const eventId = await concert(w, { kind: 'full-refund', hoursBefore: 48, serviceFeeRefundable: false });
    const order = await paidOrder(w, eventId);
    // 5000 + fee 450 + 20 % tax 1090 = 6540; the fee and its tax (450 + 90) are kept
    expect(order.pricing).toMatchObject({ subtotal: 5_000, fees: 450, tax: 1_090, total: 6_540 });
    expect(await stock(w, eventId)).toMatchObject({ sold: 2, available: 8 });

    const done = await w.refunds.requestByBuyer(order.orderId, 'cannot come', context('buyer:ada@example.com'));
    expect(done.quote).toMatchObject({ amount: 6_000, feesKept: 540, kept: 0 });
    expect(done.request).toMatchObject({ status: 'completed', amount: 6_000, requestedBy: 'buyer', ticketIds: order.tickets.map((t) => t.ticketId) });
    expect(await ticketStatuses(order)).toEqual(['Voided', 'Voided']);
    expect(await stock(w, eventId)).toMatchObject({ sold: 0, available: 10 });
    expect((await w.providerRefunds(intentOf(order))).map((refund) => refund.amount)).toEqual([6_000]);
    expect(await orderEvents(order.orderId)).toEqual(expect.arrayContaining(['RefundRequested', 'PaymentRefunded', 'RefundCompleted']));

    const again = await w.refunds.requestByBuyer(order.orderId, 'cannot come', context('buyer:ada@example.com'));
    expect(again.request).toEqual(done.request);
    expect(await w.providerRefunds(intentOf(order))).toHaveLength(1);
    expect(await stock(w, eventId)).toMatchObject({ sold: 0, available: 10 });
  });

  it('the policy refuses, naming its rule, and nothing changes', async () => {
    const w = world();
    const finalSale = await concert(w, { kind: 'final-sale' });
    const sold = await paidOrder(w, finalSale, 1);
    await expect(w.refunds.requestByBuyer(sold.orderId, 'please', context('buyer:ada@example.com'))).rejects.toMatchObject({ rule: 'refunds-not-offered', details: { policy: 'final-sale' } });

    const cutOff = await concert(w, { kind: 'partial-refund', hoursBefore: 24, keepBasisPoints: 5_000, serviceFeeRefundable: true });
    const late = await paidOrder(w, cutOff, 1);
    w.advanceTo(new Date(Date.parse(STARTS_AT) - 23 * HOUR).toISOString());
    await expect(w.refunds.requestByBuyer(late.orderId, 'please', context('buyer:ada@example.com')))
      .rejects.toMatchObject({ rule: 'refund-window-closed', details: { refundableUntil: '2027-01-31T19:00:00.000Z' } });
    for (const order of [sold, late]) {
      expect(await ticketStatuses(order)).toEqual(['Valid']);
      expect(await w.providerRefunds(intentOf(order))).toHaveLength(0);
      expect((await confirmedOrder(order.orderId)).payments.refundRequests).toEqual([]);
    }
  });

  it('an organizer refunds one ticket with part of the money, then the rest', async () => {
    const w = world();
    const eventId = await concert(w, { kind: 'final-sale' });
    const order = await paidOrder(w, eventId);
    const [first, second] = order.tickets;
    const organizer = context('organizer:o1');
    const partial = await w.refunds.refund(order.orderId, { refundRequestId: 'rf-part', amount: 2_500, ticketIds: [first?.ticketId ?? ''], reason: 'one guest ill', requestedBy: 'organizer' }, organizer);
    expect(partial.request).toMatchObject({ status: 'completed', amount: 2_500, items: [{ ticketTypeId: 'standing', quantity: 1 }] });
    expect(await ticketStatuses(order)).toEqual(['Voided', 'Valid']);
    expect(await stock(w, eventId)).toMatchObject({ sold: 1 });

    await expect(w.refunds.refund(order.orderId, { refundRequestId: 'rf-too-much', amount: 6_540 - 2_499, ticketIds: [], reason: 'oops', requestedBy: 'organizer' }, organizer))
      .rejects.toMatchObject({ rule: 'refund-exceeds-payment' });
    const rest = await w.refunds.refund(order.orderId, { refundRequestId: 'rf-rest', amount: 6_540 - 2_500, ticketIds: [second?.ticketId ?? ''], reason: 'event moved', requestedBy: 'organizer' }, organizer);
    expect(rest.order.payments.refunded).toBe(6_540);
    expect(await ticketStatuses(order)).toEqual(['Voided', 'Voided']);
    expect(await stock(w, eventId)).toMatchObject({ sold: 0, available: 10 });
    // Every step names who asked.
    const requested = (await store.readStream(orderStreamName(order.orderId))).filter((event) => event.type === 'RefundRequested');
    expect(requested.map((event) => (event.metadata as { actor: string }).actor)).toEqual(['organizer:o1', 'organizer:o1']);
  });

  it('a refused refund leaves the tickets valid and the order flagged; the retry completes it, refunding once', async () => {
    const w = world();
    const eventId = await concert(w, { kind: 'full-refund', hoursBefore: 0, serviceFeeRefundable: true });
    const order = await paidOrder(w, eventId);
    w.failNextRefund();
    const failed = await w.refunds.requestByBuyer(order.orderId, 'cannot come', context('buyer:ada@example.com')).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(RefundFailed);
    expect(failed).toMatchObject({ rule: 'refund-failed', details: { code: 'balance_insufficient' } });
    const flagged = await confirmedOrder(order.orderId);
    expect(flagged.payments.refundRequests).toEqual([expect.objectContaining({ status: 'open', failures: [expect.objectContaining({ attempt: 0, code: 'balance_insufficient' })] })]);
    expect(flagged.payments.refunded).toBe(0);
    expect(await ticketStatuses(order)).toEqual(['Valid', 'Valid']);
    expect(await stock(w, eventId)).toMatchObject({ sold: 2 });
    // Another refund cannot start over the open one.
    await expect(w.refunds.refund(order.orderId, { refundRequestId: 'rf-other', amount: 1, ticketIds: [], reason: 'x', requestedBy: 'organizer' }, context('organizer:o1')))
      .rejects.toMatchObject({ rule: 'refund-in-progress' });

    const retried = await w.refunds.retry(order.orderId, OrderRefunds.buyerRequestIdFor(order.orderId), context('organizer:o1'));
    expect(retried.request).toMatchObject({ status: 'completed', amount: 6_540 });
    expect((await w.providerRefunds(intentOf(order))).map((refund) => refund.amount)).toEqual([6_540]);
    expect(await ticketStatuses(order)).toEqual(['Voided', 'Voided']);
    expect(await stock(w, eventId)).toMatchObject({ sold: 0 });
  });

  it('continues after a crash between the provider\'s refund and the rest, without refunding twice', async () => {
    const w = world();
    const eventId = await concert(w, { kind: 'final-sale' });
    const order = await paidOrder(w, eventId);
    const organizer = context('organizer:o1');
    // The process got as far as the provider, then died: the request is open, the money is back, nothing else happened.
    await handleCommand(store, orderDecider, orderStreamName(order.orderId), {
      type: 'RequestRefund', data: { refundRequestId: 'rf-crash', amount: 6_540, ticketIds: order.tickets.map((t) => t.ticketId), reason: 'event cancelled', requestedBy: 'organizer', now: w.clock().toISOString() },
    }, metadataFor(organizer, w.clock()));
    await w.gateway.refund({ paymentIntentId: intentOf(order), amount: 6_540, reason: 'event cancelled', idempotencyKey: 'marquee-refund-rf-crash-0' });

    const done = await w.refunds.retry(order.orderId, 'rf-crash', organizer);
    expect(done.request.status).toBe('completed');
    expect(await w.providerRefunds(intentOf(order))).toHaveLength(1);
    expect(done.order.payments.refunded).toBe(6_540);
    expect(await stock(w, eventId)).toMatchObject({ sold: 0 });
  });

  it('a full refund given in the provider\'s dashboard voids the tickets and puts them back on sale', async () => {
    const w = world();
    const eventId = await concert(w, { kind: 'final-sale' });
    const order = await paidOrder(w, eventId);
    await w.gateway.refund({ paymentIntentId: intentOf(order), reason: 'dashboard', idempotencyKey: `dashboard-${order.orderId}` });
    const said = await w.notifications.apply({ kind: 'payment-refunded', eventId: `evt_${randomUUID()}`, type: 'charge.refunded', paymentIntentId: intentOf(order) }, context('system:payment-webhook'));
    expect(said).toMatch(/2 ticket\(s\) voided and returned/);
    expect(await ticketStatuses(order)).toEqual(['Voided', 'Voided']);
    expect(await stock(w, eventId)).toMatchObject({ sold: 0 });
    expect((await confirmedOrder(order.orderId)).payments.refundRequests).toEqual([expect.objectContaining({ requestedBy: 'provider', amount: 0, status: 'completed' })]);
    // Delivered again: nothing more happens.
    await w.notifications.apply({ kind: 'payment-refunded', eventId: `evt_${randomUUID()}`, type: 'charge.refunded', paymentIntentId: intentOf(order) }, context('system:payment-webhook'));
    expect(await stock(w, eventId)).toMatchObject({ sold: 0, available: 10 });
  });

  it('a partial dashboard refund is recorded and leaves the tickets valid', async () => {
    const w = world();
    const eventId = await concert(w, { kind: 'final-sale' });
    const order = await paidOrder(w, eventId);
    await w.gateway.refund({ paymentIntentId: intentOf(order), amount: 1_000, reason: 'goodwill', idempotencyKey: `dashboard-${order.orderId}` });
    await w.notifications.apply({ kind: 'payment-refunded', eventId: `evt_${randomUUID()}`, type: 'charge.refunded', paymentIntentId: intentOf(order) }, context('system:payment-webhook'));
    expect((await confirmedOrder(order.orderId)).payments.refunded).toBe(1_000);
    expect(await ticketStatuses(order)).toEqual(['Valid', 'Valid']);
  });
});
