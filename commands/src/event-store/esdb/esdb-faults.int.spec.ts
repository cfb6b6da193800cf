import { randomUUID } from 'node:crypto';
import { Decider, DomainError, EventMetadata } from '@marquee/domain';
import { EsdbTestServer, startEsdbTestServer } from '@marquee/esdb-test-server';
import { eventually } from '@marquee/testing';
import { BatchingGate, GateOutcome } from '../../inventory-gate/batching-gate';
import { EventToAppend, RecordedEvent, SubscriptionMessage, WrongExpectedRevisionError } from '../event-store';
import { EsdbEventStore } from './esdb-event-store';

const servers: EsdbTestServer[] = [];
const stores: EsdbEventStore[] = [];
async function server(options: Parameters<typeof startEsdbTestServer>[0] = {}): Promise<EsdbTestServer> {
  const started = await startEsdbTestServer(options);
  servers.push(started);
  return started;
}
function storeOn(target: EsdbTestServer): EsdbEventStore {
  const store = new EsdbEventStore({ connectionString: target.connectionString });
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const events = (count: number, type = 'Held'): EventToAppend[] => Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type, data: { i } }));


describe('a server that goes away mid-append', () => {
  it.each([
    ['before committing', false, 0],
    ['after committing', true, 1],
  ])('%s: the caller gets an error, not a conflict and never a success; after a restart the same store appends again', async (_when, afterCommit, kept) => {
    const esdb = await server();
    const store = storeOn(esdb);
    const name = `inventory-${randomUUID()}`;
    await store.appendToStream(name, events(1, 'Opened'));
    esdb.faults.goAwayOnNextAppend({ afterCommit });
    const batch = events(2);
    const failure = await store.appendToStream(name, batch, { expectedRevision: 0n }).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(WrongExpectedRevisionError);

    await esdb.restart();
    const stream = await eventually(() => store.readStream(name));
    expect(stream).toHaveLength(1 + 2 * kept);
    // Writing the same events at the same place again is safe either way: written, or taken as already written.
    const again = await store.appendToStream(name, batch, { expectedRevision: 0n });
    expect(again.nextExpectedRevision).toBe(2n);
    expect(await store.readStream(name)).toHaveLength(3);
  });
});

/** A minimal stock decider: enough to drive the inventory gate through a server outage. */
type StockCommand = { type: 'Open'; data: { capacity: number } } | { type: 'Take'; data: { buyer: string } };
type StockEvent = { type: 'Opened'; data: { capacity: number } } | { type: 'Taken'; data: { buyer: string } };
type StockState = { status: 'Closed' } | { status: 'Open'; remaining: number };
const stock: Decider<StockCommand, StockEvent, StockState> = {
  initialState: () => ({ status: 'Closed' }),
  evolve: (state, event) => (event.type === 'Opened' ? { status: 'Open', remaining: event.data.capacity } : state.status === 'Open' ? { ...state, remaining: state.remaining - 1 } : state),
  decide: (command, state) => {
    if (command.type === 'Open') return [{ type: 'Opened', data: command.data }];
    if (state.status !== 'Open' || state.remaining < 1) throw new DomainError('sold-out', 'none left');
    return [{ type: 'Taken', data: command.data }];
  },
};
const meta = (): EventMetadata => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'buyer:test', occurredAt: new Date().toISOString() });
const take = (buyer: string): StockCommand => ({ type: 'Take', data: { buyer } });

describe('the inventory gate on EventStoreDB through an outage', () => {
  it('tells no buyer "held" for the append the server died on, and sells exactly the capacity once the server is back', async () => {
    const esdb = await server();
    const store = storeOn(esdb);
    const name = `stock-${randomUUID()}`;
    await store.appendToStream(name, [{ id: randomUUID(), type: 'Opened', data: { capacity: 10 }, metadata: meta() }]);
    const gate = new BatchingGate(store, stock, name);
    const before = await Promise.all(['a', 'b', 'c'].map((buyer) => gate.submit(take(buyer), meta())));
    expect(before.every((o) => o.accepted)).toBe(true);

    esdb.faults.goAwayOnNextAppend({ afterCommit: true });
    const during = await Promise.allSettled(['d', 'e'].map((buyer) => gate.submit(take(buyer), meta())));
    expect(during.map((r) => r.status)).toEqual(['rejected', 'rejected']);

    await esdb.restart();
    await eventually(() => gate.submit(take('f'), meta()).then((o) => (o.accepted ? o : Promise.reject(new Error('not held')))));
    const buyers = async () => (await store.readStream(name)).flatMap((e) => (e.type === 'Taken' ? [(e.data as { buyer: string }).buyer] : []));
    // The server died just after committing d's take: d was told it failed (the outcome was unknown), yet it is in.
    const takenSoFar = await buyers();
    expect(takenSoFar).toEqual(expect.arrayContaining(['a', 'b', 'c', 'd', 'f']));
    const after: GateOutcome<StockEvent>[] = await Promise.all(Array.from({ length: 10 }, (_, i) => gate.submit(take(`g${i}`), meta())));
    expect(after.filter((o) => o.accepted)).toHaveLength(10 - takenSoFar.length);
    expect(await buyers()).toHaveLength(10);
  });
});

describe('a not-leader answer', () => {
  it('makes the client reconnect to the leader, and the append the follower refused goes through', async () => {
    const leader = await server();
    const follower = await server({ log: leader.log });
    follower.faults.followLeader(leader);
    const store = storeOn(follower);
    const name = `inventory-${randomUUID()}`;
    const result = await store.appendToStream(name, events(2), { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(1n);
    expect(follower.calls.batchAppend).toBe(1);
    expect(leader.calls.batchAppend).toBe(1);
    await store.appendToStream(name, events(1), { expectedRevision: 1n });
    expect(await store.readStream(name)).toHaveLength(3);
    expect(leader.calls.read).toBeGreaterThan(0);
  });
});

describe('a subscription dropped by the server', () => {
  it('hands out what it had, then ends with an error; resubscribing from the last position gets exactly what follows', async () => {
    const esdb = await server();
    const store = storeOn(esdb);
    const name = `gig-${randomUUID()}`;
    await store.appendToStream(name, events(3));
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [name] } });
    const seen: RecordedEvent[] = [];
    const iterating = (async () => {
      for await (const message of subscription) if (message.kind === 'event') seen.push(message.event);
    })();
    await eventually(async () => expect(seen).toHaveLength(3));
    // Dropped until it notices: the first drop may hit only the catch-up call it is leaving anyway.
    const dropping = setInterval(() => esdb.faults.dropSubscriptions(), 20);
    const failure = await iterating.then(() => null, (e: unknown) => e).finally(() => clearInterval(dropping));
    expect(failure).toBeInstanceOf(Error);
    expect(seen).toHaveLength(3);

    await store.appendToStream(name, events(2));
    const resumed = store.subscribeToAll({ fromPosition: (seen[2] as RecordedEvent).position, filter: { streamNamePrefixes: [name] } });
    const messages: SubscriptionMessage[] = [];
    for await (const message of resumed) {
      messages.push(message);
      if (messages.filter((m) => m.kind === 'event').length === 2) break;
    }
    expect(messages.flatMap((m) => (m.kind === 'event' ? [m.event.revision] : []))).toEqual([3n, 4n]);
  });
});
