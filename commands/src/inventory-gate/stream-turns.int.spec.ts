import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { availability, InventoryCommand, inventoryDecider, inventoryStreamName } from '@marquee/domain';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { loadAggregate } from '../command-handling/load-aggregate';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { GateOutcome } from './batching-gate';
import { InventoryGates } from './inventory-gates';
import { PostgresStreamTurns } from './stream-turns';

/** Two API processes, each with its own store, pool and gates, selling the same event. */
let database: TestDatabase;
const opened: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  database = await createTestDatabase('stream_turns');
});
afterAll(async () => {
  for (const resource of opened) await resource.close();
  await database.drop();
});

async function process_(turns: boolean): Promise<{ gates: InventoryGates; store: PostgresEventStore; pool: Pool }> {
  const store = await PostgresEventStore.connect({ connectionString: database.url });
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  opened.push(store, { close: () => pool.end() });
  return { store, pool, gates: new InventoryGates(store, turns ? { gate: { turns: new PostgresStreamTurns(pool) } } : {}) };
}

const meta = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'buyer:test', occurredAt: new Date().toISOString() });
const hold = (): InventoryCommand => ({
  type: 'HoldTickets',
  data: { holdId: randomUUID(), items: [{ ticketTypeId: 'ga', quantity: 1 }], buyer: { email: 'fan@example.com', name: 'Fan' }, now: new Date().toISOString() },
});

async function openEvent(gates: InventoryGates, capacity: number): Promise<string> {
  const eventId = randomUUID();
  const outcome = await gates.forEvent(eventId).submit({
    type: 'OpenInventory',
    data: { eventId, currency: 'EUR', perOrderLimit: 10, holdMinutes: 10, now: new Date().toISOString(), seats: [], ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 2_000, capacity }] },
  }, meta());
  if (!outcome.accepted) throw outcome.error;
  return eventId;
}

const held = (outcomes: readonly GateOutcome<unknown>[]) => outcomes.filter((o) => o.accepted).length;

async function heldInStream(store: PostgresEventStore, eventId: string): Promise<number> {
  const { state } = await loadAggregate(store, inventoryDecider, inventoryStreamName(eventId));
  return availability(state).find((t) => t.ticketTypeId === 'ga')?.held ?? -1;
}

describe('gates of several processes on one inventory stream', () => {
  it('take turns: every batch decided on the current stream, no conflict retried, nothing oversold', async () => {
    const [a, b] = [await process_(true), await process_(true)];
    const eventId = await openEvent(a.gates, 600);

    const outcomes = await Promise.all([
      ...Array.from({ length: 400 }, () => a.gates.forEvent(eventId).submit(hold(), meta())),
      ...Array.from({ length: 400 }, () => b.gates.forEvent(eventId).submit(hold(), meta())),
    ]);

    expect(held(outcomes)).toBe(600);
    expect(outcomes.filter((o) => !o.accepted).every((o) => !o.accepted && o.error.rule === 'not-enough-tickets')).toBe(true);
    expect(a.gates.forEvent(eventId).snapshotStats().appendsRetriedOnConflict + b.gates.forEvent(eventId).snapshotStats().appendsRetriedOnConflict).toBe(0);
    expect(await heldInStream(a.store, eventId)).toBe(600);
  });

  it('read the other process’s writes before answering what the stream holds', async () => {
    const [a, b] = [await process_(true), await process_(true)];
    const eventId = await openEvent(a.gates, 100);
    await b.gates.forEvent(eventId).currentState(); // b caches the stream as opened
    await Promise.all(Array.from({ length: 30 }, () => a.gates.forEvent(eventId).submit(hold(), meta())));

    const { state } = await b.gates.forEvent(eventId).currentState();

    expect(availability(state).find((t) => t.ticketTypeId === 'ga')).toMatchObject({ held: 30, available: 70 });
  });

  it('never oversell even when both believe the stream is theirs (no turns): the expected revision decides', async () => {
    const [a, b] = [await process_(false), await process_(false)];
    const eventId = await openEvent(a.gates, 300);

    const outcomes = await Promise.all([
      ...Array.from({ length: 250 }, () => a.gates.forEvent(eventId).submit(hold(), meta()).catch((error: unknown) => error)),
      ...Array.from({ length: 250 }, () => b.gates.forEvent(eventId).submit(hold(), meta()).catch((error: unknown) => error)),
    ]);

    const answered = outcomes.filter((o): o is GateOutcome<unknown> => typeof o === 'object' && o !== null && 'accepted' in o);
    expect(held(answered)).toBeLessThanOrEqual(300);
    expect(await heldInStream(a.store, eventId)).toBe(held(answered));
    expect(a.gates.forEvent(eventId).snapshotStats().appendsRetriedOnConflict + b.gates.forEvent(eventId).snapshotStats().appendsRetriedOnConflict).toBeGreaterThan(0);
  });

  it('go on within seconds when the process holding the turn dies', async () => {
    const [a, b] = [await process_(true), await process_(true)];
    const eventId = await openEvent(b.gates, 10);
    const admin = new Pool({ connectionString: database.url, max: 1 });
    try {
      // a takes the turn and hangs in it, as a process would that froze mid-append.
      let entered!: () => void;
      let thaw!: () => void;
      const inTurn = new Promise<void>((resolve) => (entered = resolve));
      const frozen = new PostgresStreamTurns(a.pool).take(inventoryStreamName(eventId), () => {
        entered();
        return new Promise<void>((resolve) => (thaw = resolve));
      });
      await inTurn;
      const waiting = b.gates.forEvent(eventId).submit(hold(), meta());

      // The process dies: its connection, and the lock with it, go away.
      await admin.query(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.pid <> pg_backend_pid()`);
      const started = performance.now();
      const outcome = await waiting;

      expect(outcome.accepted).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
      thaw();
      await frozen; // the lost connection is closed, not handed out again
    } finally {
      await admin.end();
    }
  });
});
