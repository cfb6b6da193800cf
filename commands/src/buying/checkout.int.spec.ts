import { randomUUID } from 'node:crypto';
import { availability, orderDecider, orderStreamName, ticketDecider, ticketStreamName } from '@marquee/domain';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { CommandContext } from '../command-handling/command-context';
import { loadAggregate } from '../command-handling/load-aggregate';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { OrganizerEvents } from '../organizer/organizer-events';
import { PaymentIntent } from '../payments/payment-gateway';
import { SimulatedPaymentGateway } from '../payments/simulated-payment-gateway';
import { Checkout } from './checkout';
import { EventTerms } from './event-terms';
import { Reservations } from './reservations';

let database: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('checkout');
  store = await PostgresEventStore.connect({ connectionString: database.url });
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

const organizer: CommandContext = { actor: 'organizer:o1', correlationId: randomUUID() };
const buyer: CommandContext = { actor: 'buyer:ada@example.com', correlationId: randomUUID() };

function world(clock: () => Date = () => new Date()) {
  const gates = new InventoryGates(store);
  const terms = new EventTerms(store);
  const gateway = new SimulatedPaymentGateway();
  return {
    gates, terms, gateway,
    organizerEvents: new OrganizerEvents(store, gates, terms, clock),
    reservations: new Reservations(gates, terms, clock),
    checkout: new Checkout(store, gates, gateway, terms, clock),
  };
}

async function publishedConcert(w: ReturnType<typeof world>): Promise<string> {
  const { eventId } = await w.organizerEvents.create('o1', {
    name: 'Night Shift', venue: { name: 'The Roundhouse' }, startsAt: '2027-02-01T19:00:00Z', endsAt: '2027-02-01T23:00:00Z',
    timezone: 'Europe/London', currency: 'GBP', ticketTypes: [{ name: 'Standing', price: 2_500, capacity: 100 }],
  }, organizer);
  await w.organizerEvents.change('o1', eventId, { type: 'SetFees', data: { fixed: 100, percentBasisPoints: 500, now: new Date().toISOString() } }, organizer);
  await w.organizerEvents.publish('o1', eventId, organizer);
  return eventId;
}

const hold = (w: ReturnType<typeof world>, eventId: string, quantity = 2) =>
  w.reservations.hold(eventId, { items: [{ ticketTypeId: 'standing', quantity }], buyer: { email: 'ada@example.com', name: 'Ada Lovelace' } }, buyer);

it('hold → checkout: the order is confirmed at the held price, the tickets issued, the inventory sold', async () => {
  const w = world();
  const eventId = await publishedConcert(w);
  const { reservation } = await hold(w, eventId);
  expect(reservation.pricing).toMatchObject({ currency: 'GBP', subtotal: 5_000, fees: 450 /* 2 × (1.00 + 5 % of 25.00) */, total: 5_450 });

  const result = await w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
  expect(result).toMatchObject({ status: 'confirmed', total: 5_450, currency: 'GBP' });
  expect(result.tickets).toHaveLength(2);

  const order = (await loadAggregate(store, orderDecider, orderStreamName(result.orderId))).state;
  expect(order).toMatchObject({ status: 'Confirmed', payment: { reference: result.paymentIntentId, amount: { amount: 5_450 } }, tickets: result.tickets });
  for (const ticket of result.tickets) {
    expect((await loadAggregate(store, ticketDecider, ticketStreamName(ticket.ticketId))).state).toMatchObject({ status: 'Valid', orderId: result.orderId, holderName: 'Ada Lovelace' });
  }
  const { state } = await w.gates.forEvent(eventId).currentState();
  expect(availability(state)[0]).toMatchObject({ sold: 2, held: 0, available: 98 });

  // A retry (lost response) answers with the same order and tickets, charging nothing new.
  const again = await w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
  expect(again).toEqual(result);
});

it('a declined card leaves the hold for another try, and the next card completes it', async () => {
  const w = world();
  const eventId = await publishedConcert(w);
  const { reservation } = await hold(w, eventId, 1);
  await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_chargeDeclined' }, buyer))
    .rejects.toMatchObject({ rule: 'payment-declined', details: { code: 'card_declined' } });
  expect(availability((await w.gates.forEvent(eventId).currentState()).state)[0]).toMatchObject({ held: 1, sold: 0 });
  await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer)).resolves.toMatchObject({ status: 'confirmed' });
});

it('an expired hold cannot be checked out, and nothing is charged', async () => {
  let now = new Date();
  const w = world(() => now);
  const eventId = await publishedConcert(w);
  const { reservation } = await hold(w, eventId, 1);
  now = new Date(now.getTime() + 11 * 60_000);
  await expect(w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer)).rejects.toMatchObject({ rule: 'hold-expired' });
});

it('a payment that succeeds after the hold ended is refunded at once and the order cancelled', async () => {
  const w = world();
  const eventId = await publishedConcert(w);
  const { reservation } = await hold(w, eventId, 1);
  // The hold is released (e.g. by the expiry process) while the buyer's card is being charged.
  const confirm = w.gateway.confirmIntent.bind(w.gateway);
  w.gateway.confirmIntent = async (intentId: string, input: { paymentMethod: string }): Promise<PaymentIntent> => {
    await w.reservations.release(eventId, reservation.reservationId, { actor: 'system:hold-expiry', correlationId: randomUUID() });
    return confirm(intentId, input);
  };
  const failure = w.checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, buyer);
  await expect(failure).rejects.toMatchObject({ rule: 'hold-not-active' });
  const orderId = Checkout.orderIdFor(reservation.reservationId);
  const order = (await loadAggregate(store, orderDecider, orderStreamName(orderId))).state;
  expect(order).toMatchObject({ status: 'Cancelled' });
  const intentId = (await w.gateway.createIntent({ amount: 0, currency: 'GBP', metadata: {}, idempotencyKey: `marquee-order-${orderId}` })).id;
  expect(w.gateway.refundsOf(intentId)).toEqual([expect.objectContaining({ amount: 2_725, status: 'succeeded' })]);
  expect(availability((await w.gates.forEvent(eventId).currentState()).state)[0]).toMatchObject({ held: 0, sold: 0, available: 100 });
});

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
