import { randomUUID } from 'node:crypto';
import { startEsdbTestServer, EsdbTestServer } from '@marquee/esdb-test-server';
import { createTestDatabase, eventually, TestDatabase } from '@marquee/testing';
import { compareEventLogs, copyEventLog } from './copy-event-log';
import { EsdbEventStore } from './esdb';
import { EventStore, RecordedEvent, WrongExpectedRevisionError } from './event-store';
import { MemoryEventStore } from './memory/memory-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Three streams written in turns, as an on-sale interleaves inventory, order and ticket streams. */
async function writeInterleaved(store: EventStore, rounds: number): Promise<string[]> {
  const streams = [`inventory-${randomUUID()}`, `order-${randomUUID()}`, `ticket-${randomUUID()}`];
  for (let round = 0; round < rounds; round++) {
    for (const [i, stream] of streams.entries()) {
      const count = 1 + ((round + i) % 3);
      await store.appendToStream(stream, Array.from({ length: count }, (_, n) => ({
        id: randomUUID(), type: `Happened${i}`, data: { round, n, text: 'ünïcødé ✓' }, metadata: { actor: 'system:test', occurredAt: '2026-11-24T12:00:00.000Z' },
      })));
    }
  }
  return streams;
}

const comparable = (events: readonly RecordedEvent[]) => events.map(({ streamId, revision, id, type, data, metadata }) => ({ streamId, revision, id, type, data, metadata }));

async function expectSameStreams(source: EventStore, target: EventStore, streams: readonly string[]): Promise<void> {
  for (const stream of streams) expect(comparable(await target.readStream(stream))).toEqual(comparable(await source.readStream(stream)));
  expect(await compareEventLogs(source, target, 50)).toEqual([]);
}

describe('copying the event log between stores', () => {
  let database: TestDatabase;
  let back: TestDatabase;
  let server: EsdbTestServer;
  beforeAll(async () => {
    database = await createTestDatabase('copy_log');
    back = await createTestDatabase('copy_log_back');
  });
  afterAll(async () => {
    await database.drop();
    await back.drop();
  });
  beforeEach(async () => {
    server = await startEsdbTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('moves a Postgres log into EventStoreDB and back with the same streams, revisions and ids', async () => {
    const postgres = await PostgresEventStore.connect({ connectionString: database.url });
    const esdb = new EsdbEventStore({ connectionString: server.connectionString });
    const returned = await PostgresEventStore.connect({ connectionString: back.url });
    try {
      const streams = await writeInterleaved(postgres, 60);
      // Reads of all events stop at the read horizon: other tests' open transactions on the cluster can hold it back.
      await eventually(async () => expect(await postgres.readAll()).toHaveLength(360));
      const progress: number[] = [];

      const there = await copyEventLog(postgres, esdb, { pageSize: 50, onProgress: ({ copied }) => progress.push(copied) });
      const home = await copyEventLog(esdb, returned, { pageSize: 70 });

      expect(there).toMatchObject({ copied: 360, streams: 3 });
      expect(home).toMatchObject({ copied: 360, streams: 3 });
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress[progress.length - 1]).toBe(360);
      await expectSameStreams(postgres, esdb, streams);
      await expectSameStreams(postgres, returned, streams);
    } finally {
      await Promise.all([postgres.close(), esdb.close(), returned.close()]);
    }
  });

  it('finishes an interrupted copy when run again, without doubling anything', async () => {
    const source = new MemoryEventStore();
    const streams = await writeInterleaved(source, 30);
    const esdb = new EsdbEventStore({ connectionString: server.connectionString });
    try {
      let appends = 0;
      const failing: EventStore = {
        ...esdb,
        readStream: (...args) => esdb.readStream(...args),
        readAll: (...args) => esdb.readAll(...args),
        subscribeToAll: (...args) => esdb.subscribeToAll(...args),
        close: () => Promise.resolve(),
        appendToStream: (...args) => {
          if (++appends > 40) return Promise.reject(new Error('the connection went away'));
          return esdb.appendToStream(...args);
        },
      };
      await expect(copyEventLog(source, failing, { pageSize: 25 })).rejects.toThrow('the connection went away');
      expect((await compareEventLogs(source, esdb)).length).toBeGreaterThan(0);

      await copyEventLog(source, esdb, { pageSize: 25 });

      await expectSameStreams(source, esdb, streams);
    } finally {
      await esdb.close();
    }
  });

  it('refuses to mix logs: a target stream holding other events stops the copy', async () => {
    const source = new MemoryEventStore();
    const [stream] = await writeInterleaved(source, 2);
    const target = new MemoryEventStore();
    await target.appendToStream(stream as string, [{ id: randomUUID(), type: 'SomethingElse', data: {} }]);

    await expect(copyEventLog(source, target)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await compareEventLogs(source, target)).toContainEqual(expect.objectContaining({ streamId: stream, targetEvents: 1 }));
  });
});
