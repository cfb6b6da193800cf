import { randomUUID } from 'node:crypto';
import { availability, InventoryCommand, inventoryDecider, inventoryStreamName, seatStatus } from '@marquee/domain';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { loadAggregate } from '../command-handling/load-aggregate';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { PostgresSnapshotStore } from '../snapshots/postgres-snapshot-store';
import { InventoryGates, inventorySnapshotCodec } from './inventory-gates';

let database: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('inventory_gates');
  store = await PostgresEventStore.connect({ connectionString: database.url });
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

const meta = (actor: string) => ({ correlationId: randomUUID(), causationId: randomUUID(), actor, occurredAt: new Date().toISOString() });
const seatIds = Array.from({ length: 20 }, (_, i) => `A${i + 1}`);

async function openHall(gates: InventoryGates, standing: number): Promise<string> {
  const eventId = randomUUID();
  const outcome = await gates.forEvent(eventId).submit({
    type: 'OpenInventory',
    data: {
      eventId, currency: 'EUR', perOrderLimit: 10, holdMinutes: 10, now: new Date().toISOString(),
      ticketTypes: [{ ticketTypeId: 'standing', name: 'Standing', price: 3_000, capacity: standing }, { ticketTypeId: 'stalls', name: 'Stalls', price: 5_500, capacity: seatIds.length }],
      seats: seatIds.map((seatId) => ({ seatId, label: `Stalls ${seatId}`, ticketTypeId: 'stalls' })),
    },
  }, meta('organizer:test'));
  if (!outcome.accepted) throw outcome.error;
  return eventId;
}

const holdTickets = (request: { standing?: number; seats?: string[] }): InventoryCommand => ({
  type: 'HoldTickets',
  data: {
    holdId: randomUUID(), buyer: { email: 'fan@example.com', name: 'Fan' }, now: new Date().toISOString(),
    ...(request.standing ? { items: [{ ticketTypeId: 'standing', quantity: request.standing }] } : {}),
    ...(request.seats ? { seats: request.seats } : {}),
  },
});

it('1,500 buyers of 1–3 tickets for 1,000: never oversold, every refusal says what is left, the stream agrees', async () => {
  const gates = new InventoryGates(store);
  const eventId = await openHall(gates, 1_000);
  const outcomes = await Promise.all(Array.from({ length: 1_500 }, (_, i) => gates.forEvent(eventId).submit(holdTickets({ standing: 1 + (i % 3) }), meta(`buyer:${i}`))));
  const heldTickets = outcomes.reduce((sum, o) => sum + (o.accepted ? o.events.reduce((n, e) => n + (e.type === 'TicketsHeld' ? e.data.items[0]?.quantity ?? 0 : 0), 0) : 0), 0);
  expect(heldTickets).toBeLessThanOrEqual(1_000);
  expect(heldTickets).toBeGreaterThan(997);
  for (const outcome of outcomes) {
    if (!outcome.accepted) expect(outcome.error).toMatchObject({ rule: 'not-enough-tickets', details: { ticketTypeId: 'standing' } });
  }
  const { state } = await loadAggregate(store, inventoryDecider, inventoryStreamName(eventId));
  expect(availability(state).find((t) => t.ticketTypeId === 'standing')).toMatchObject({ held: heldTickets, available: 1_000 - heldTickets });
});

it('buyers racing for overlapping seats: each seat is held once, and no buyer gets part of a request', async () => {
  const gates = new InventoryGates(store);
  const eventId = await openHall(gates, 10);
  // Every buyer wants two neighbouring seats; neighbours overlap, so most requests collide.
  const requests = Array.from({ length: 200 }, (_, i) => [seatIds[i % 19] ?? 'A1', seatIds[(i % 19) + 1] ?? 'A2']);
  const outcomes = await Promise.all(requests.map((seats, i) => gates.forEvent(eventId).submit(holdTickets({ seats }), meta(`buyer:${i}`))));
  const heldSeats = outcomes.flatMap((o) => (o.accepted ? o.events.flatMap((e) => (e.type === 'TicketsHeld' ? e.data.seats.map((s) => s.seatId) : [])) : []));
  expect(new Set(heldSeats).size).toBe(heldSeats.length);
  expect(heldSeats.length).toBe(20);
  const { state } = await loadAggregate(store, inventoryDecider, inventoryStreamName(eventId));
  expect(seatStatus(state).every((s) => s.status === 'held')).toBe(true);
  expect(outcomes.filter((o) => !o.accepted).every((o) => !o.accepted && o.error.rule === 'seat-unavailable')).toBe(true);
});

it('loads the same inventory from a snapshot plus the tail as from the events alone', async () => {
  const snapshotStore = new PostgresSnapshotStore(store.pool);
  const gates = new InventoryGates(store, { snapshotStore, snapshotEvery: 100 });
  const eventId = await openHall(gates, 5_000);
  const gate = gates.forEvent(eventId);
  const holds = await Promise.all(Array.from({ length: 400 }, (_, i) => gate.submit(holdTickets(i < 20 ? { seats: [seatIds[i] ?? 'A1'] } : { standing: 1 + (i % 4) }), meta('buyer:b'))));
  const holdIds = holds.flatMap((o) => (o.accepted ? o.events.map((e) => (e.type === 'TicketsHeld' ? e.data.holdId : '')) : []));
  await Promise.all(holdIds.map((holdId, i) => gate.submit(i % 3 === 0
    ? { type: 'ReleaseHold', data: { holdId, reason: 'cancelled', now: new Date().toISOString() } }
    : { type: 'SellHold', data: { holdId, orderId: `order-${i}`, now: new Date().toISOString() } }, meta('system:test'))));
  await gate.idle();
  await new Promise((r) => setTimeout(r, 600)); // snapshots wait for a quiet moment, then save off the callers' path

  const snapshots = { store: snapshotStore, codec: inventorySnapshotCodec };
  const viaSnapshot = await loadAggregate(store, inventoryDecider, inventoryStreamName(eventId), snapshots);
  const fromEventsAlone = await loadAggregate(store, inventoryDecider, inventoryStreamName(eventId));
  expect(viaSnapshot.fromSnapshot).toBe(true);
  expect(viaSnapshot.eventsFolded).toBeLessThan(100);
  expect(viaSnapshot.revision).toBe(fromEventsAlone.revision);
  expect(viaSnapshot.state).toEqual(fromEventsAlone.state);
});
