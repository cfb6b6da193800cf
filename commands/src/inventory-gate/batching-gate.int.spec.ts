import { randomUUID } from 'node:crypto';
import { Decider, DomainError, EventMetadata } from '@marquee/domain';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { EventStore, EventToAppend } from '../event-store/event-store';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { PostgresSnapshotStore } from '../snapshots/postgres-snapshot-store';
import { loadAggregate } from '../command-handling/load-aggregate';
import { BatchingGate, GateBusyError, GateOutcome } from './batching-gate';

/** A minimal stock decider: enough to exercise the gate's mechanics on their own. */
type StockCommand = { type: 'Open'; data: { capacity: number } } | { type: 'Take'; data: { quantity: number; buyer: string } };
type StockEvent = { type: 'Opened'; data: { capacity: number } } | { type: 'Taken'; data: { quantity: number; buyer: string } };
type StockState = { status: 'Closed' } | { status: 'Open'; remaining: number; buyers: string[] };
class SoldOut extends DomainError {
  constructor(requested: number, available: number) {
    super('sold-out', `only ${available} left`, { requested, available });
  }
}
const stock: Decider<StockCommand, StockEvent, StockState> = {
  initialState: () => ({ status: 'Closed' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Opened':
        return { status: 'Open', remaining: event.data.capacity, buyers: [] };
      case 'Taken':
        return state.status === 'Open' ? { ...state, remaining: state.remaining - event.data.quantity, buyers: [...state.buyers, event.data.buyer] } : state;
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'Open':
        return [{ type: 'Opened', data: command.data }];
      case 'Take':
        if (state.status !== 'Open') throw new DomainError('closed', 'not open');
        if (command.data.quantity > state.remaining) throw new SoldOut(command.data.quantity, state.remaining);
        return [{ type: 'Taken', data: command.data }];
    }
  },
};
const snapshotCodec = {
  schemaVersion: 1,
  toSnapshot: (s: StockState) => structuredClone(s),
  fromSnapshot: (s: unknown) => s as StockState,
};
const meta = (actor = 'buyer:test'): EventMetadata => ({ correlationId: randomUUID(), causationId: randomUUID(), actor, occurredAt: new Date().toISOString() });
const take = (buyer: string, quantity = 1): StockCommand => ({ type: 'Take', data: { quantity, buyer } });
const accepted = (outcomes: GateOutcome<StockEvent>[]) => outcomes.filter((o) => o.accepted).length;

let database: TestDatabase;
let store: PostgresEventStore;
beforeAll(async () => {
  database = await createTestDatabase('gate');
  store = await PostgresEventStore.connect({ connectionString: database.url });
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

async function openStock(capacity: number): Promise<string> {
  const stream = `stock-${randomUUID()}`;
  await store.appendToStream(stream, [{ id: randomUUID(), type: 'Opened', data: { capacity }, metadata: meta() }]);
  return stream;
}

it('2,000 concurrent buyers for 500: exactly 500 held, in a handful of appends, the rest told what is left', async () => {
  const stream = await openStock(500);
  const gate = new BatchingGate(store, stock, stream, { maxBatch: 1000 });
  const outcomes = await Promise.all(Array.from({ length: 2000 }, (_, i) => gate.submit(take(`b${i}`), meta())));
  expect(accepted(outcomes)).toBe(500);
  const rejections = outcomes.filter((o): o is Extract<GateOutcome<StockEvent>, { accepted: false }> => !o.accepted);
  expect(rejections.every((o) => o.error.rule === 'sold-out' && o.error.details['available'] === 0)).toBe(true);
  expect(await store.readStream(stream)).toHaveLength(501);
  expect(gate.snapshotStats().batches).toBeLessThanOrEqual(5);
});

it('decides in arrival order and answers each caller only after its append committed', async () => {
  const stream = await openStock(3);
  const gate = new BatchingGate(store, stock, stream);
  const results = await Promise.all(['a', 'b', 'c', 'd'].map(async (buyer) => {
    const outcome = await gate.submit(take(buyer), meta());
    const committed = (await store.readStream(stream)).some((e) => (e.data as { buyer?: string }).buyer === buyer);
    return { buyer, held: outcome.accepted, committed };
  }));
  expect(results).toEqual([
    { buyer: 'a', held: true, committed: true },
    { buyer: 'b', held: true, committed: true },
    { buyer: 'c', held: true, committed: true },
    { buyer: 'd', held: false, committed: false },
  ]);
});

it('two processes on one stream (two gates) never oversell: conflicts reload and decide again', async () => {
  const stream = await openStock(300);
  const first = new BatchingGate(store, stock, stream, { maxBatch: 50 });
  const second = new BatchingGate(store, stock, stream, { maxBatch: 50 });
  const outcomes = await Promise.all(Array.from({ length: 800 }, (_, i) => (i % 2 ? first : second).submit(take(`b${i}`), meta())));
  expect(accepted(outcomes)).toBe(300);
  const loaded = await loadAggregate(store, stock, stream);
  expect(loaded.state).toMatchObject({ status: 'Open', remaining: 0 });
  expect(first.snapshotStats().appendsRetriedOnConflict + second.snapshotStats().appendsRetriedOnConflict).toBeGreaterThan(0);
});

it('a full queue refuses at once with a retry-after instead of growing without bound', async () => {
  const stream = await openStock(10_000);
  const gate = new BatchingGate(store, stock, stream, { maxQueue: 20, maxBatch: 5 });
  const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => gate.submit(take(`b${i}`), meta())));
  const busy = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
  expect(busy.length).toBeGreaterThan(0);
  expect(busy.every((e) => e instanceof GateBusyError && e.retryAfterMs >= 50)).toBe(true);
  const held = results.filter((r) => r.status === 'fulfilled' && r.value.accepted).length;
  expect(await store.readStream(stream)).toHaveLength(1 + held);
});

it("one stream's trouble never blocks another stream", async () => {
  const slow = await openStock(10);
  const fast = await openStock(10);
  let releaseSlow!: () => void;
  const slowAppendsWait = new Promise<void>((r) => (releaseSlow = r));
  const stalling: EventStore = Object.assign(Object.create(store) as EventStore, {
    appendToStream: async (name: string, events: readonly EventToAppend[], options?: object) => {
      if (name === slow) await slowAppendsWait;
      return store.appendToStream(name, events, options);
    },
  });
  const slowGate = new BatchingGate(stalling, stock, slow);
  const fastGate = new BatchingGate(stalling, stock, fast);
  const slowOutcome = slowGate.submit(take('s'), meta());
  await expect(fastGate.submit(take('f'), meta())).resolves.toMatchObject({ accepted: true });
  releaseSlow();
  await expect(slowOutcome).resolves.toMatchObject({ accepted: true });
});

it('an append that fails tells every caller of that batch, keeps nothing, and the gate recovers', async () => {
  const stream = await openStock(10);
  let failNext = true;
  const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
    appendToStream: async (name: string, events: readonly EventToAppend[], options?: object) => {
      if (failNext) {
        failNext = false;
        throw new Error('connection reset');
      }
      return store.appendToStream(name, events, options);
    },
  });
  const gate = new BatchingGate(flaky, stock, stream);
  await expect(gate.submit(take('lost', 4), meta())).rejects.toThrow('connection reset');
  await expect(gate.submit(take('next', 10), meta())).resolves.toMatchObject({ accepted: true });
});

it('a bug in one decision fails that caller only', async () => {
  const stream = await openStock(10);
  const buggy: Decider<StockCommand, StockEvent, StockState> = {
    ...stock,
    decide: (command, state) => {
      if (command.type === 'Take' && command.data.buyer === 'bug') throw new TypeError('boom');
      return stock.decide(command, state);
    },
  };
  const gate = new BatchingGate(store, buggy, stream);
  const [ok, bug] = await Promise.allSettled([gate.submit(take('fine'), meta()), gate.submit(take('bug'), meta())]);
  expect(ok).toMatchObject({ status: 'fulfilled', value: { accepted: true } });
  expect(bug).toMatchObject({ status: 'rejected' });
});

it('takes snapshots as the stream grows, and a gate started later loads from one', async () => {
  const stream = await openStock(1000);
  const snapshots = { store: new PostgresSnapshotStore(store.pool), codec: snapshotCodec, every: 100 };
  const gate = new BatchingGate(store, stock, stream, { snapshots, maxBatch: 30 });
  await Promise.all(Array.from({ length: 450 }, (_, i) => gate.submit(take(`b${i}`), meta())));
  await new Promise((r) => setTimeout(r, 600));
  const saved = await snapshots.store.load(stream);
  expect(saved && saved.revision).toBeGreaterThanOrEqual(300n);
  const viaSnapshot = await loadAggregate(store, stock, stream, snapshots);
  const fromEventsAlone = await loadAggregate(store, stock, stream);
  expect(viaSnapshot.fromSnapshot).toBe(true);
  expect(viaSnapshot.eventsFolded).toBeLessThan(fromEventsAlone.eventsFolded);
  expect(viaSnapshot.state).toEqual(fromEventsAlone.state);
  expect(viaSnapshot.revision).toBe(fromEventsAlone.revision);
  const later = new BatchingGate(store, stock, stream, { snapshots });
  await expect(later.submit(take('late', 550), meta())).resolves.toMatchObject({ accepted: true });
  await expect(later.submit(take('too-late'), meta())).resolves.toMatchObject({ accepted: false });
});
