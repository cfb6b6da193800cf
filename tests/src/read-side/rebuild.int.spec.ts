import { randomUUID } from 'node:crypto';
import { RunningMarquee, startMarquee } from '@marquee/api';
import { allProjections, tableSnapshot } from '@marquee/projections';
import { createTestDatabase, TestDatabase } from '@marquee/testing';

/**
 * Rebuilding from the log gives back exactly the live read models, on the real stack: the
 * Postgres event store, the runners the API runs, and a busy little on-sale behind them.
 */
let database: TestDatabase;
let marquee: RunningMarquee;

beforeAll(async () => {
  database = await createTestDatabase('rebuild');
  marquee = await startMarquee({ databaseUrl: database.url, jwtSecret: randomUUID() + randomUUID(), logger: false });
});
afterAll(async () => {
  await marquee.stop();
  await database.drop();
});

const organizer = { actor: 'organizer:o1', correlationId: randomUUID() };
const buyer = (n: number) => ({ email: `buyer${n}@example.com`, name: `Buyer ${n}`, country: n % 2 ? 'DE' : 'GB' });

it('rebuilding every projection reproduces the live tables row for row', async () => {
  const { organizerEvents, reservations, checkout } = marquee.services;
  const { eventId } = await organizerEvents.create('o1', {
    name: 'Rebuild Night', venue: { name: 'Hall' }, startsAt: '2027-05-01T19:00:00Z', endsAt: '2027-05-01T22:00:00Z', timezone: 'Europe/Berlin', currency: 'EUR',
    ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 2_000, capacity: 50 }, { ticketTypeId: 'seats', name: 'Seats', price: 4_000, capacity: 0 }],
    seatMap: { sections: [{ sectionId: 's', name: 'Stalls', rows: [{ rowId: 'A', label: 'A', seats: Array.from({ length: 10 }, (_, i) => ({ seatId: `A${i + 1}`, label: String(i + 1), ticketTypeId: 'seats' })) }] }] },
  }, organizer);
  await organizerEvents.publish('o1', eventId, organizer);
  const held = await Promise.all(Array.from({ length: 30 }, (_, n) => reservations.hold(eventId, n < 8
    ? { seats: [`A${n + 1}`], buyer: buyer(n) }
    : { items: [{ ticketTypeId: 'ga', quantity: 1 + (n % 3) }], buyer: buyer(n) }, { actor: `buyer:${n}`, correlationId: randomUUID() })));
  for (const [n, { reservation }] of held.entries()) {
    const context = { actor: `buyer:${n}`, correlationId: randomUUID() };
    if (n % 3 === 0) await reservations.release(eventId, reservation.reservationId, context);
    else if (n % 3 === 1) await checkout.checkout(eventId, reservation.reservationId, { paymentMethod: 'pm_card_visa' }, context);
  }
  await organizerEvents.change('o1', eventId, { type: 'RepriceTicketType', data: { ticketTypeId: 'ga', price: 2_500, now: new Date().toISOString() } }, organizer);
  expect(await marquee.services.freshness.waitForHead(5_000)).toBe(true);

  const tables = allProjections.flatMap((projection) => projection.tables);
  const live = await tableSnapshot(marquee.pool, tables);
  expect(live['rm_orders']?.length).toBe(10);
  expect(live['rm_reservations']?.length).toBe(30);

  await marquee.readSide.rebuild();
  expect(await tableSnapshot(marquee.pool, tables)).toEqual(live);
});
