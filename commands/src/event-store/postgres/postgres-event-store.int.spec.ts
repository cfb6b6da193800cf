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
    const reader = await PostgresEventStore.connect({ connectionString: database.url });
    const blocker = await store.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()'); // an open transaction with an id: the read horizon stops here
      const { position } = await store.appendToStream(`probe-${randomUUID()}`, [{ id: randomUUID(), type: 'Probed', data: {} }]);
      // Another process's view: it has not appended anything, so it reads up to the horizon at once.
      const [newestVisible] = await reader.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
      expect(newestVisible?.position).not.toEqual(position);
      expect(await reader.lastCommittedPosition()).toEqual(position);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
      await store.close();
      await reader.close();
    }
  });

  it('reads its own appends in reads of all events, waiting for an older transaction elsewhere to end', async () => {
    const store = await PostgresEventStore.connect({ connectionString: database.url });
    const blocker = await store.pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      const { position } = await store.appendToStream(`probe-${randomUUID()}`, [{ id: randomUUID(), type: 'Probed', data: {} }]);
      setTimeout(() => void blocker.query('ROLLBACK'), 200);
      const started = performance.now();

      const [newest] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });

      expect(newest?.position).toEqual(position);
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      blocker.release();
      await store.close();
    }
  });
});

describe('postgres adapter: subscribing from the end while an older transaction is open', () => {
  it('skips what was committed before subscribing, even above the read horizon, and delivers what follows', async () => {
    const store = await PostgresEventStore.connect({ connectionString: database.url, idlePollMs: 20 });
    const blocker = await store.pool.connect();
    const name = `end-cut-${randomUUID()}`;
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()'); // holds the read horizon below what follows
      await store.appendToStream(name, [{ id: randomUUID(), type: 'Before', data: {} }]);
      const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamNamePrefixes: [name] } });
      await new Promise((r) => setTimeout(r, 50));
      await store.appendToStream(name, [{ id: randomUUID(), type: 'After', data: {} }]);
      await blocker.query('ROLLBACK'); // the horizon moves past both
      const seen: string[] = [];
      for await (const message of subscription) {
        if (message.kind === 'event') seen.push(message.event.type);
        if (seen.length === 1) break;
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual(['After']);
      await subscription.unsubscribe();
    } finally {
      blocker.release();
      await store.close();
    }
  });
});
