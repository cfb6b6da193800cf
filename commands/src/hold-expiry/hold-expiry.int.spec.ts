import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { InventoryCommand, InventoryEvent } from '@marquee/domain';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { RecordedEvent } from '../event-store/event-store';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { HoldExpiryProcess } from './hold-expiry-process';

let database: TestDatabase;
let store: PostgresEventStore;
let pool: Pool;

beforeEach(async () => {
  database = await createTestDatabase('hold_expiry');
  store = await PostgresEventStore.connect({ connectionString: database.url, idlePollMs: 20 });
  pool = new Pool({ connectionString: database.url, max: 10 });
});
afterEach(async () => {
  await pool.end();
  await store.close();
  await database.drop();
});

const meta = (actor: string) => ({ correlationId: randomUUID(), causationId: randomUUID(), actor, occurredAt: new Date().toISOString() });

async function openInventory(gates: InventoryGates, capacity: number): Promise<string> {
  const eventId = randomUUID();
  const outcome = await gates.forEvent(eventId).submit({
    type: 'OpenInventory',
    data: { eventId, currency: 'EUR', perOrderLimit: 10, holdMinutes: 10, seats: [], now: new Date().toISOString(),
      ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 2_000, capacity }] },
  }, meta('organizer:test'));
  if (!outcome.accepted) throw outcome.error;
  return eventId;
}

async function hold(gates: InventoryGates, eventId: string, expiresInMs: number): Promise<string> {
  const holdId = randomUUID();
  const now = new Date();
  const command: InventoryCommand = {
    type: 'HoldTickets',
    data: { holdId, items: [{ ticketTypeId: 'ga', quantity: 1 }], buyer: { email: 'a@example.com', name: 'A' },
      now: now.toISOString(), expiresAt: new Date(now.getTime() + expiresInMs).toISOString() },
  };
  const outcome = await gates.forEvent(eventId).submit(command, meta('buyer:a@example.com'));
  if (!outcome.accepted) throw outcome.error;
  return holdId;
}

async function releases(eventId: string): Promise<RecordedEvent[]> {
  return (await store.readStream(`inventory-${eventId}`)).filter((e) => e.type === 'HoldReleased');
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('releases each due hold soon after it expires, as system:hold-expiry, and leaves the rest', async () => {
  const gates = new InventoryGates(store);
  const eventId = await openInventory(gates, 100);
  const soon = await Promise.all(Array.from({ length: 20 }, () => hold(gates, eventId, 300)));
  const later = await hold(gates, eventId, 60_000);
  const expiry = await HoldExpiryProcess.start(store, pool, gates, { sweepEveryMs: 100 });
  try {
    await waitFor(async () => (await releases(eventId)).length === 20, 5_000);
    const released = await releases(eventId);
    expect(new Set(released.map((e) => (e.data as { holdId: string }).holdId))).toEqual(new Set(soon));
    for (const event of released) {
      expect(event.data).toMatchObject({ reason: 'expired' });
      expect(event.metadata).toMatchObject({ actor: 'system:hold-expiry' });
      // Released within the sweep interval plus the schedule's lag, far inside 30 s.
      expect(event.created.getTime() - Date.parse((event.data as { releasedAt: string }).releasedAt)).toBeLessThan(2_000);
    }
    expect(released.map((e) => (e.data as { holdId: string }).holdId)).not.toContain(later);
  } finally {
    await expiry.stop();
  }
});

it('a hold sold before it expires is never released', async () => {
  const gates = new InventoryGates(store);
  const eventId = await openInventory(gates, 10);
  const holdId = await hold(gates, eventId, 400);
  const sold = await gates.forEvent(eventId).submit({ type: 'SellHold', data: { holdId, orderId: randomUUID(), now: new Date().toISOString() } }, meta('system:test'));
  expect(sold.accepted).toBe(true);
  const expiry = await HoldExpiryProcess.start(store, pool, gates, { sweepEveryMs: 100 });
  await new Promise((r) => setTimeout(r, 1_000));
  await expiry.stop();
  expect(await releases(eventId)).toHaveLength(0);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM hold_expiries');
  expect(rows[0].n).toBe(0);
});

it('two processes sweeping at once (each with its own gates) release every hold exactly once', async () => {
  const buyersGates = new InventoryGates(store);
  const eventId = await openInventory(buyersGates, 500);
  const holds = await Promise.all(Array.from({ length: 300 }, () => hold(buyersGates, eventId, 200)));
  // claimMs 0 lets both processes go for the same holds: the decider must make one a no-op.
  const first = await HoldExpiryProcess.start(store, pool, new InventoryGates(store), { sweepEveryMs: 50, claimMs: 0 });
  const second = await HoldExpiryProcess.start(store, pool, new InventoryGates(store), { sweepEveryMs: 50, claimMs: 0 });
  try {
    await waitFor(async () => (await releases(eventId)).length >= 300, 10_000);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
  const released = (await releases(eventId)).map((e) => (e.data as { holdId: string }).holdId);
  expect(released).toHaveLength(300);
  expect(new Set(released)).toEqual(new Set(holds));
});

it('a restart resumes from its checkpoint: holds placed while it was down are not missed, none released twice', async () => {
  const gates = new InventoryGates(store);
  const eventId = await openInventory(gates, 500);
  const before = await Promise.all(Array.from({ length: 50 }, () => hold(gates, eventId, 300)));
  let expiry = await HoldExpiryProcess.start(store, pool, gates, { sweepEveryMs: 100 });
  await waitFor(async () => (await releases(eventId)).length === 50, 5_000);
  await expiry.stop();

  const whileDown = await Promise.all(Array.from({ length: 50 }, () => hold(gates, eventId, 300)));
  await new Promise((r) => setTimeout(r, 400));
  expiry = await HoldExpiryProcess.start(store, pool, gates, { sweepEveryMs: 100 });
  try {
    await waitFor(async () => (await releases(eventId)).length >= 100, 5_000);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await expiry.stop();
  }
  const released = (await releases(eventId)).map((e) => (e.data as { holdId: string }).holdId);
  expect(released).toHaveLength(100);
  expect(new Set(released)).toEqual(new Set([...before, ...whileDown]));
  const events = (await store.readStream(`inventory-${eventId}`)).map((e) => ({ type: e.type, data: e.data }) as InventoryEvent);
  expect(events.filter((e) => e.type === 'TicketsHeld')).toHaveLength(100);
});

it('a hold made while the process is already live is released too (not only holds found at start)', async () => {
  const gates = new InventoryGates(store);
  const eventId = await openInventory(gates, 10);
  const expiry = await HoldExpiryProcess.start(store, pool, gates, { sweepEveryMs: 100 });
  try {
    await new Promise((r) => setTimeout(r, 300)); // caught up and live before the hold exists
    const holdId = await hold(gates, eventId, 200);
    await waitFor(async () => (await releases(eventId)).length === 1, 5_000);
    expect((await releases(eventId))[0]?.data).toMatchObject({ holdId, reason: 'expired' });
  } finally {
    await expiry.stop();
  }
});
