import { randomUUID } from 'node:crypto';
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

describe('postgres adapter: the newest committed position', () => {
  it('includes a commit that reads of all events hold back while an older transaction is open', async () => {
    const store = await PostgresEventStore.connect({ connectionString: database.url });
    const blocker = await store.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()'); // an open transaction with an id: the read horizon stops here
      const { position } = await store.appendToStream(`probe-${randomUUID()}`, [{ id: randomUUID(), type: 'Probed', data: {} }]);
      const [newestVisible] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
      expect(newestVisible?.position).not.toEqual(position);
      expect(await store.lastCommittedPosition()).toEqual(position);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
      await store.close();
    }
  });
});
