import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { describeEventStoreConformance } from '../event-store-conformance';
import { PostgresEventStore } from './postgres-event-store';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('es_conformance');
});
afterAll(async () => {
  await database.drop();
});

describeEventStoreConformance('postgres', async () => {
  const store = await PostgresEventStore.connect({ connectionString: database.url });
  return { store, dispose: () => store.close() };
});
