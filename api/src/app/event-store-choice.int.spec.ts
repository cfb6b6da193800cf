import { randomUUID } from 'node:crypto';
import { EsdbEventStore, PostgresEventStore } from '@marquee/commands';
import { startEsdbTestServer } from '@marquee/esdb-test-server';
import { createTestDatabase } from '@marquee/testing';
import { eventStoreKind, MarqueeEventStore, openEventStore } from './event-store-choice';

describe('which event store EVENT_STORE_URL names', () => {
  it.each([
    [undefined, 'postgres'],
    ['postgres://db:5432/events', 'postgres'],
    ['postgresql://db/events', 'postgres'],
    ['esdb://node1:2113?tls=false', 'esdb'],
    ['esdb+discover://cluster.example.com:2113', 'esdb'],
    ['kurrentdb://node1:2113', 'esdb'],
    ['kurrentdb+discover://cluster:2113?nodePreference=leader', 'esdb'],
    ['ESDB://node1:2113', 'esdb'],
  ])('%s → %s', (url, kind) => {
    expect(eventStoreKind(url)).toBe(kind);
  });
});

async function appendAndReadBack(store: MarqueeEventStore): Promise<void> {
  const stream = `inventory-${randomUUID()}`;
  const { position } = await store.appendToStream(stream, [{ id: randomUUID(), type: 'InventoryOpened', data: { capacity: 5 } }]);
  expect((await store.readStream(stream)).map((event) => event.data)).toEqual([{ capacity: 5 }]);
  expect(await store.lastCommittedPosition()).toEqual(position);
}

describe('opening the chosen event store', () => {
  it('talks to EventStoreDB for an esdb:// URL', async () => {
    const server = await startEsdbTestServer();
    const store = await openEventStore(server.connectionString, 'postgres://unused.invalid/none');
    try {
      expect(store).toBeInstanceOf(EsdbEventStore);
      await appendAndReadBack(store);
      expect(server.calls.batchAppend).toBeGreaterThan(0);
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('uses the read models’ Postgres when no URL is given', async () => {
    const database = await createTestDatabase('store_choice');
    const store = await openEventStore(undefined, database.url);
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
      await appendAndReadBack(store);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
