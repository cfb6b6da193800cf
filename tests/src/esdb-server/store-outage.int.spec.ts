import { RunningMarquee, startMarquee } from '@marquee/api';
import { EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Api, newKey } from '../support/api';
import { hold } from '../support/buying';
import { JWT_SECRET } from '../support/marquee';
import { availabilityOf, createPublishedEvent, signUp } from '../support/organizer';
import { expectProblem } from '../support/problem';

/** The event store goes away under a running Marquee (EventStoreDB here), then comes back. */
let database: TestDatabase;
let server: EsdbTestServer;
let marquee: RunningMarquee;
let api: Api;

beforeAll(async () => {
  database = await createTestDatabase('store_outage');
  server = await startEsdbTestServer();
  marquee = await startMarquee({ databaseUrl: database.url, eventStoreUrl: server.connectionString, jwtSecret: JWT_SECRET, logger: false });
  api = new Api(marquee.url);
});
afterAll(async () => {
  await marquee.stop();
  await server.stop();
  await database.drop();
});

it('answers a hold with a retryable 503 while the store is gone, and the same key holds once after it is back', async () => {
  const organizer = await signUp(api);
  const event = await createPublishedEvent(api, organizer);
  const ticketTypeId = event.ticketTypes[0]?.id ?? '';
  const before = await availabilityOf(api, event.id);
  const key = newKey('outage');

  await server.stop();
  const refused = await hold(api, event.id, { items: [{ ticketTypeId, quantity: 2 }] }, key);
  expectProblem(refused, 503, 'store-unavailable');
  expect(refused.headers.get('retry-after')).toBe('2');

  await server.restart();
  const held = await hold(api, event.id, { items: [{ ticketTypeId, quantity: 2 }] }, key);
  expect(held.status).toBe(201);
  const again = await hold(api, event.id, { items: [{ ticketTypeId, quantity: 2 }] }, key);
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.reservationId).toBe(held.body.reservationId);

  await marquee.services.freshness.waitForHead(5_000);
  expect(await availabilityOf(api, event.id)).toEqual({ ...before, [ticketTypeId]: (before[ticketTypeId] ?? 0) - 2 });
  const heldEvents = (await marquee.store.readAll()).filter((e) => e.type === 'TicketsHeld' && e.streamId === `inventory-${event.id}`);
  expect(heldEvents).toHaveLength(1);
}, 60_000);
