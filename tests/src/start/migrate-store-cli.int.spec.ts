import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { startMarquee } from '@marquee/api';
import { EsdbEventStore, PostgresEventStore, STORE_IDENTITY_STREAM, storeIdentity } from '@marquee/commands';
import { ReadModelsFromAnotherLog } from '@marquee/projections';
import { EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Api } from '../support/api';
import { availabilityOf, waitUntilOnSale } from '../support/organizer';

/** `npm run migrate-store -- …` as an operator runs it: Postgres → EventStoreDB, and back. */
const root = resolve(__dirname, '../../..');
const jwtSecret = randomUUID() + randomUUID();
let original: TestDatabase;
let server: EsdbTestServer;
let eventId: string;

beforeAll(async () => {
  original = await createTestDatabase('migrate_store');
  server = await startEsdbTestServer();
  const marquee = await startMarquee({ databaseUrl: original.url, jwtSecret, logger: false });
  const organizer = { actor: 'organizer:o1', correlationId: randomUUID() };
  ({ eventId } = await marquee.services.organizerEvents.create('o1', {
    name: 'Moving Night', venue: { name: 'Hall' }, startsAt: '2027-05-01T19:00:00Z', endsAt: '2027-05-01T22:00:00Z', timezone: 'UTC', currency: 'EUR',
    ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 2_000, capacity: 50 }],
  }, organizer));
  await marquee.services.organizerEvents.publish('o1', eventId, organizer);
  await marquee.services.reservations.hold(eventId, { items: [{ ticketTypeId: 'ga', quantity: 3 }], buyer: { email: 'a@example.com', name: 'A' } }, { actor: 'buyer:a', correlationId: randomUUID() });
  await marquee.stop();
});
afterAll(async () => {
  await server.stop();
  await original.drop();
});

function migrateStore(...args: string[]): Promise<{ code: number | null; output: string }> {
  return operatorCommand('api/src/cli/migrate-store-cli.ts', args, { EVENT_STORE_URL: '' });
}

function operatorCommand(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.base.json', script, ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: original.url, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, output })));
}

/** Every event of the log but the store's own identity, which a copy does not take along. */
async function streamsOf(store: PostgresEventStore | EsdbEventStore): Promise<string[]> {
  const events = (await store.readAll()).filter((event) => event.streamId !== STORE_IDENTITY_STREAM);
  return events.map((event) => `${event.streamId}@${event.revision}:${event.id}:${event.type}`).sort();
}

it('copies the Postgres log into EventStoreDB, verifies it, and Marquee then sells from there', async () => {
  const { code, output } = await migrateStore('--to', server.connectionString);
  expect(output).toContain('verified: both stores hold the same');
  expect(code).toBe(0);

  const postgres = await PostgresEventStore.connect({ connectionString: original.url });
  const esdb = new EsdbEventStore({ connectionString: server.connectionString });
  try {
    expect(await streamsOf(esdb)).toEqual(await streamsOf(postgres));
    expect(await storeIdentity(esdb)).not.toEqual(await storeIdentity(postgres));
  } finally {
    await postgres.close();
    await esdb.close();
  }

  // A fresh read-model database on the migrated log: the projections rebuild it from EventStoreDB.
  const readModels = await createTestDatabase('migrate_store_rm');
  const moved = await startMarquee({ databaseUrl: readModels.url, eventStoreUrl: server.connectionString, jwtSecret, logger: false });
  try {
    const api = new Api(moved.url);
    // The projections catch up from the start of the migrated log: the 3 held tickets are gone too.
    await waitUntilOnSale(api, eventId, (event) => event.ticketTypes.some((type) => type.available === 47));
    expect(await availabilityOf(api, eventId)).toEqual({ ga: 47 });
  } finally {
    await moved.stop();
    await readModels.drop();
  }
}, 90_000);

it('keeps the old read models off the new log until they are rebuilt from it', async () => {
  // The read models of the original database hold Postgres positions: resuming them on EventStoreDB would be wrong.
  const refused = await startMarquee({ databaseUrl: original.url, eventStoreUrl: server.connectionString, jwtSecret, logger: false })
    .then(async (started) => { await started.stop(); return null; }, (error: unknown) => error);
  expect(refused).toBeInstanceOf(ReadModelsFromAnotherLog);

  const rebuild = await operatorCommand('api/src/cli/projections-cli.ts', ['rebuild', 'all'], { EVENT_STORE_URL: server.connectionString });
  expect(rebuild.output).toContain('rebuilding catalogue done:');
  expect(rebuild.code).toBe(0);

  const marquee = await startMarquee({ databaseUrl: original.url, eventStoreUrl: server.connectionString, jwtSecret, logger: false });
  try {
    const api = new Api(marquee.url);
    await waitUntilOnSale(api, eventId, (event) => event.ticketTypes.some((type) => type.available === 47));
    const sold = await marquee.services.reservations.hold(eventId, { items: [{ ticketTypeId: 'ga', quantity: 2 }], buyer: { email: 'b@example.com', name: 'B' } }, { actor: 'buyer:b', correlationId: randomUUID() });
    expect(sold.reservation.status).toBe('held');
    await waitUntilOnSale(api, eventId, (event) => event.ticketTypes.some((type) => type.available === 45));
  } finally {
    await marquee.stop();
  }
}, 90_000);

it('copies an EventStoreDB log back into a Postgres one', async () => {
  const back = await createTestDatabase('migrate_store_back');
  try {
    const { code, output } = await migrateStore('--from', server.connectionString, '--to', back.url);
    expect(output).toContain('verified');
    expect(code).toBe(0);
    const returned = await PostgresEventStore.connect({ connectionString: back.url });
    const esdb = new EsdbEventStore({ connectionString: server.connectionString });
    try {
      expect(await streamsOf(returned)).toEqual(await streamsOf(esdb));
    } finally {
      await returned.close();
      await esdb.close();
    }
  } finally {
    await back.drop();
  }
}, 90_000);

it('refuses a missing URL, an unknown option and a copy onto itself, with its usage', async () => {
  expect(await migrateStore('--to')).toMatchObject({ code: 2, output: expect.stringContaining('usage: npm run migrate-store') });
  expect(await migrateStore('--into', server.connectionString)).toMatchObject({ code: 2, output: expect.stringContaining('unknown option --into') });
  expect(await migrateStore('--to', original.url)).toMatchObject({ code: 2, output: expect.stringContaining('name the same store') });
}, 60_000);
