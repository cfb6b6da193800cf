import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { EsdbEventStore, EventToAppend } from '@marquee/commands';
import { loadCheckpoint, Projection, ProjectionRunner, projectionRunnerMigrations, RecordedEvent } from '@marquee/projections';
import { EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { until } from './raw-client';

/**
 * The projection runner on the EventStoreDB adapter, with its read models and checkpoints in
 * Postgres: the client does not resubscribe after a drop, so the runner must, from the checkpoint
 * it stored in the same transaction as the read model — nothing skipped, nothing applied twice.
 */
let database: TestDatabase;
let pool: Pool;
let server: EsdbTestServer;
let store: EsdbEventStore;
const runners: ProjectionRunner[] = [];

beforeAll(async () => {
  database = await createTestDatabase('esdb_runner');
  pool = new Pool({ connectionString: database.url, max: 6 });
  pool.on('error', () => undefined);
  for (const migration of projectionRunnerMigrations) await pool.query(migration.sql);
});
beforeEach(async () => {
  server = await startEsdbTestServer();
  store = new EsdbEventStore({ connectionString: server.connectionString });
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  await store.close();
  await server.stop();
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** Adds each batch to a per-stream count: a batch applied twice, or without its checkpoint, shows. */
async function countingProjection(prefixes: readonly string[]): Promise<Projection> {
  const name = `esdb_${randomUUID().slice(0, 8)}`;
  const table = `test_${name}_counts`;
  await pool.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, events integer NOT NULL)`);
  return {
    name,
    streamPrefixes: prefixes,
    tables: [table],
    migrations: [],
    async apply(client: PoolClient, events: readonly RecordedEvent[]) {
      await client.query(
        `INSERT INTO ${table} (stream_id, events) SELECT stream_id, count(*) FROM unnest($1::text[]) AS s(stream_id) GROUP BY stream_id
         ON CONFLICT (stream_id) DO UPDATE SET events = ${table}.events + EXCLUDED.events`,
        [events.map((event) => event.streamId)]);
      return [];
    },
  };
}

async function counts(projection: Projection): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ stream_id: string; events: number }>(`SELECT stream_id, events FROM ${projection.tables[0]} ORDER BY stream_id`);
  return Object.fromEntries(rows.map((row) => [row.stream_id, row.events]));
}

function runner(projection: Projection, onCommitted?: () => void): ProjectionRunner {
  const created = new ProjectionRunner({ pool, source: store, projection, batchSize: 40, retryMs: 10, maxRetryMs: 50, standbyRetryMs: 50, ...(onCommitted && { onCommitted }) });
  runners.push(created);
  return created;
}

const events = (count: number): EventToAppend[] => Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i } }));

async function appendRounds(streams: readonly string[], rounds: number, perAppend: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const stream of streams) await store.appendToStream(stream, events(perAppend));
    await store.appendToStream(`noise-${randomUUID()}`, events(1));
  }
}

async function reachedHead(live: ProjectionRunner): Promise<void> {
  const head = await store.lastCommittedPosition();
  if (!head) throw new Error('empty log');
  expect(await live.waitForPosition(head, 10_000)).toBe(true);
}

it('resubscribes from its stored checkpoint after the server drops its subscription, catching up and live, skipping and doubling nothing', async () => {
  const prefix = `gig-${randomUUID().slice(0, 8)}`;
  const streams = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
  await appendRounds(streams, 40, 5); // 600 of ours among 40 of noise and the server's own
  const projection = await countingProjection([prefix]);
  let batches = 0;
  let drops = 0;
  const live = runner(projection, () => {
    // Drop mid-catch-up, twice, right after a batch committed.
    if (++batches % 4 === 0 && drops < 2) drops += server.faults.dropSubscriptions();
  });
  const readsBefore = server.calls.read;
  await live.start();
  await reachedHead(live);
  expect(drops).toBe(2);
  expect(await counts(projection)).toEqual(Object.fromEntries(streams.map((s) => [s, 200])));

  // And live: dropped while idle, then more arrives.
  await until(() => server.openSubscriptions === 1);
  expect(server.faults.dropSubscriptions({ details: 'leader lost' })).toBe(1);
  await appendRounds(streams, 3, 2);
  await reachedHead(live);
  expect(await counts(projection)).toEqual(Object.fromEntries(streams.map((s) => [s, 206])));
  expect(server.calls.read - readsBefore).toBeGreaterThanOrEqual(4); // the first subscription and three resubscriptions (plus reads)
  const stored = await loadCheckpoint(pool, projection.name);
  expect(stored).toEqual((await live.status()).position);
});

it('stores its place from checkpoints even when none of the events are its own, so a reader waiting on any position is released', async () => {
  await appendRounds([`elsewhere-${randomUUID()}`], 20, 3);
  const projection = await countingProjection([`nothing-${randomUUID()}`]);
  const idle = runner(projection);
  await idle.start();
  await reachedHead(idle);
  expect(await counts(projection)).toEqual({});
  const { position: later } = await store.appendToStream(`elsewhere-${randomUUID()}`, events(1));
  expect(await idle.waitForPosition(later, 5_000)).toBe(true);
  const stored = await loadCheckpoint(pool, projection.name);
  expect(stored && stored.commit >= later.commit).toBe(true);
  expect((await idle.status()).caughtUp).toBe(true);
});
