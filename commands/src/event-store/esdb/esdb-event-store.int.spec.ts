import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { describeEventStoreConformance } from '../event-store-conformance';
import { comparePositions, EventToAppend, RecordedEvent, StreamDeletedError, StreamNotFoundError, SubscriptionMessage, WrongExpectedRevisionError } from '../event-store';
import { EsdbEventStore } from './esdb-event-store';

let server: EsdbTestServer;
beforeAll(async () => {
  server = await startEsdbTestServer();
});
afterAll(async () => {
  await server.stop();
});

describeEventStoreConformance('esdb (test server)', async () => {
  const store = new EsdbEventStore({ connectionString: server.connectionString });
  return { store, dispose: () => store.close() };
});

// A real EventStoreDB / KurrentDB, when one is at hand: ESDB_TEST_URL=esdb://localhost:2113?tls=false
const realServer = process.env['ESDB_TEST_URL'];
if (realServer) {
  describeEventStoreConformance('esdb (ESDB_TEST_URL)', async () => {
    const store = new EsdbEventStore({ connectionString: realServer });
    return { store, dispose: () => store.close() };
  });
}

const events = (count: number, type = 'Something'): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type, data: { n: i } }));

describe('esdb adapter on what EventStoreDB adds to the port', () => {
  let store: EsdbEventStore;
  let client: EventStoreDBClient;
  beforeEach(() => {
    store = new EsdbEventStore({ connectionString: server.connectionString });
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterEach(async () => {
    await store.close();
    await client.dispose();
  });

  it('leaves system events out of reads of all events, and maxCount counts ours only', async () => {
    const name = `gig-${randomUUID()}`;
    await store.appendToStream(name, events(2));
    await client.deleteStream(name); // writes $metadata to $$name
    const raw = [];
    for await (const resolved of client.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 3 })) raw.push(resolved.event?.type);
    expect(raw[0]).toBe('$metadata');

    const all = await store.readAll();
    expect(all.some((e) => e.type.startsWith('$'))).toBe(false);
    expect(all.filter((e) => e.streamId === name)).toHaveLength(2);
    const [newest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    expect(newest?.streamId).toBe(name);
    expect(newest?.revision).toBe(1n);
    const firstTwo = await store.readAll({ maxCount: 2 });
    expect(firstTwo).toHaveLength(2);
    expect(firstTwo.every((e) => !e.type.startsWith('$'))).toBe(true);
  });

  it('reads all events forwards across pages of mostly system events', async () => {
    const name = `gig-${randomUUID()}`;
    const { position: start } = await store.appendToStream(name, events(1, 'First'));
    for (let i = 0; i < 150; i++) await client.setStreamMetadata(`noise-${randomUUID()}`, { maxCount: 10 }); // 150 $metadata events
    await store.appendToStream(name, events(1, 'Second'));
    const read = await store.readAll({ fromPosition: start, maxCount: 2 });
    expect(read.map((e) => e.type)).toEqual(['First', 'Second']);
  });

  it('reads a soft-deleted or tombstoned stream as not found, and refuses to append to a tombstoned one', async () => {
    const soft = `gig-${randomUUID()}`;
    const hard = `gig-${randomUUID()}`;
    await store.appendToStream(soft, events(2));
    await store.appendToStream(hard, events(2));
    await client.deleteStream(soft);
    await client.tombstoneStream(hard);
    await expect(store.readStream(soft)).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.readStream(hard)).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.appendToStream(hard, events(1))).rejects.toBeInstanceOf(StreamDeletedError);

    // Appending to a soft-deleted stream brings it back; its revisions go on where they stopped.
    const again = await store.appendToStream(soft, events(1, 'Again'));
    expect(again.nextExpectedRevision).toBe(2n);
    expect((await store.readStream(soft)).map((e) => [e.revision, e.type])).toEqual([[2n, 'Again']]);
  });

  it('maps a wrong expected version to the port error with the actual revision, for every kind of expectation', async () => {
    const name = `gig-${randomUUID()}`;
    const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as WrongExpectedRevisionError);
    const missing = await failure(store.appendToStream(name, events(1), { expectedRevision: 3n }));
    expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
    expect(missing).toMatchObject({ streamName: name, expectedRevision: 3n, actualRevision: 'no_stream' });
    await store.appendToStream(name, events(3));
    expect(await failure(store.appendToStream(name, events(1), { expectedRevision: 'no_stream' }))).toMatchObject({ expectedRevision: 'no_stream', actualRevision: 2n });
    expect(await failure(store.appendToStream(name, events(1), { expectedRevision: 0n }))).toMatchObject({ expectedRevision: 0n, actualRevision: 2n });
    const other = `gig-${randomUUID()}`;
    expect(await failure(store.appendToStream(other, events(1), { expectedRevision: 'stream_exists' }))).toMatchObject({ expectedRevision: 'stream_exists', actualRevision: 'no_stream' });
  });

  it('subscribes with the stream prefixes filtered on the server, dropping tombstones and other system events', async () => {
    const prefix = `gig-${randomUUID()}`;
    await store.appendToStream(`${prefix}-a`, events(1, 'Kept'));
    await store.appendToStream(`other-${randomUUID()}`, events(2, 'Elsewhere'));
    await client.tombstoneStream(`${prefix}-a`); // a $streamDeleted event in a stream the filter lets through
    const { position: last } = await store.appendToStream(`${prefix}-b`, events(1, 'KeptToo'));
    const messages: SubscriptionMessage[] = [];
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [prefix] } });
    for await (const message of subscription) {
      messages.push(message);
      if (message.kind === 'event' && comparePositions(message.event.position, last) === 0) break;
    }
    await subscription.unsubscribe();
    expect(messages.flatMap((m) => (m.kind === 'event' ? [m.event.type] : []))).toEqual(['Kept', 'KeptToo']);
  });

  it('says caughtUp once, after history, even though the server says it each time it goes live', async () => {
    const name = `gig-${randomUUID()}`;
    await store.appendToStream(name, events(3));
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [name] } });
    const messages: SubscriptionMessage[] = [];
    const collecting = (async () => {
      for await (const message of subscription) {
        messages.push(message);
        if (messages.filter((m) => m.kind === 'event').length === 5) break;
      }
    })();
    await waitFor(() => messages.some((m) => m.kind === 'caughtUp'));
    await store.appendToStream(name, events(2));
    await collecting;
    await subscription.unsubscribe();
    const kinds = messages.map((m) => m.kind).filter((k) => k !== 'checkpoint');
    expect(kinds).toEqual(['event', 'event', 'event', 'caughtUp', 'event', 'event']);
  });

  it('keeps the order of events, checkpoints and caughtUp when the consumer is slow', async () => {
    const name = `gig-${randomUUID()}`;
    for (let i = 0; i < 20; i++) {
      await store.appendToStream(name, events(5));
      await store.appendToStream(`other-${randomUUID()}`, events(3));
    }
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [name] } });
    const seen: RecordedEvent[] = [];
    let caughtUpAfter = -1;
    let lastPosition = { commit: -1n, prepare: -1n };
    for await (const message of subscription) {
      await new Promise((resolve) => setImmediate(resolve)); // a consumer slower than the server
      const position = message.kind === 'event' ? message.event.position : message.kind === 'checkpoint' ? message.position : null;
      if (position) {
        expect(comparePositions(position, lastPosition)).toBe(1); // never backwards, never twice
        lastPosition = position;
      }
      if (message.kind === 'event') seen.push(message.event);
      if (message.kind === 'caughtUp') caughtUpAfter = seen.length;
      if (caughtUpAfter >= 0 && seen.length === 100) break;
    }
    await subscription.unsubscribe();
    expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
    expect(caughtUpAfter).toBe(100);
  });

  it('checkpoints past the events it skipped once caught up, so a reader waiting on them is released', async () => {
    const wanted = `gig-${randomUUID()}`;
    await store.appendToStream(wanted, events(1));
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [wanted] } });
    const messages: SubscriptionMessage[] = [];
    const { position: elsewhere } = await store.appendToStream(`other-${randomUUID()}`, events(1));
    for await (const message of subscription) {
      messages.push(message);
      if (message.kind === 'checkpoint' && comparePositions(message.position, elsewhere) >= 0) break;
    }
    await subscription.unsubscribe();
    expect(messages.filter((m) => m.kind === 'event')).toHaveLength(1);
  });

  it('live, moves its checkpoint past each event written to a stream it does not follow, at once', async () => {
    const wanted = `gig-${randomUUID()}`;
    await store.appendToStream(wanted, events(1));
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [wanted] } });
    const messages: SubscriptionMessage[] = [];
    const collecting = (async () => {
      for await (const message of subscription) messages.push(message);
    })();
    await waitFor(() => messages.some((m) => m.kind === 'caughtUp'));
    for (let i = 0; i < 3; i++) {
      const { position } = await store.appendToStream(`other-${randomUUID()}`, events(1));
      await waitFor(() => messages.some((m) => m.kind === 'checkpoint' && comparePositions(m.position, position) >= 0), 1_000);
    }
    await subscription.unsubscribe();
    await collecting;
    expect(messages.filter((m) => m.kind === 'event')).toHaveLength(1);
  });

  it('delivers events written while it catches up and goes live exactly once, in order', async () => {
    const name = `gig-${randomUUID()}`;
    await store.appendToStream(name, events(50));
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [name] } });
    const seen: bigint[] = [];
    const collecting = (async () => {
      for await (const message of subscription) {
        if (message.kind === 'event') seen.push(message.event.revision);
        if (seen.length === 100) break;
      }
    })();
    for (let i = 0; i < 50; i++) await store.appendToStream(name, events(1));
    await collecting;
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)));
  });

  it('reports the newest position in all events, system events included', async () => {
    const { position } = await store.appendToStream(`gig-${randomUUID()}`, events(2));
    expect(await store.lastCommittedPosition()).toEqual(position);
    const name = `gig-${randomUUID()}`;
    await store.appendToStream(name, events(1));
    const deleted = await client.deleteStream(name);
    expect(await store.lastCommittedPosition()).toEqual(deleted.position);
  });

  it('round-trips events whose metadata was left out as {}', async () => {
    const name = `gig-${randomUUID()}`;
    await client.appendToStream(name, jsonEvent({ type: 'Bare', data: { a: 1 } }));
    await store.appendToStream(name, [{ id: randomUUID(), type: 'Ours', data: { b: 2 } }]);
    const read = await store.readStream(name);
    expect(read.map((e) => e.metadata)).toEqual([{}, {}]);
  });

  it('takes KurrentDB connection strings, which the client does not know, as the esdb ones they are', async () => {
    const kurrent = new EsdbEventStore({ connectionString: server.connectionString.replace(/^esdb:/, 'kurrentdb:') });
    try {
      await expect(kurrent.appendToStream(`gig-${randomUUID()}`, events(1))).resolves.toMatchObject({ nextExpectedRevision: 0n });
    } finally {
      await kurrent.close();
    }
  });

  it('closing one store lets its appends finish and fails none of another store\'s appends in flight', async () => {
    const other = new EsdbEventStore({ connectionString: server.connectionString });
    const name = `gig-${randomUUID()}`;
    await other.appendToStream(name, events(1));
    await store.appendToStream(`gig-${randomUUID()}`, events(1)); // this store's batch-append call is open
    const ownInFlight = store.appendToStream(`gig-${randomUUID()}`, events(1));
    const othersInFlight = Array.from({ length: 100 }, () => other.appendToStream(name, events(1)));
    await store.close();
    await expect(ownInFlight).resolves.toMatchObject({ nextExpectedRevision: 0n });
    const settled = await Promise.allSettled(othersInFlight);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await other.readStream(name)).toHaveLength(101);
    await other.close();
  });

  it('ends the iteration of its open subscriptions when closed', async () => {
    const subscription = store.subscribeToAll({ fromPosition: 'end' });
    const iterating = (async () => {
      let count = 0;
      for await (const _message of subscription) count++;
      return count;
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await store.close();
    await expect(iterating).resolves.toBeGreaterThanOrEqual(0);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
