import { inventoryDecider } from '@marquee/domain';
import { salesPerMinute } from '../queries/sales-queries';
import { tableSnapshot } from '../runner/table-snapshot';
import { DecidedStreams } from '../testing/decided-streams';
import { MemoryEventSource } from '../testing/memory-event-source';
import { openInventory, randomBatches, walkOnSale } from '../testing/on-sale-walk';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../testing/projection-database';
import { salesProjection } from './sales';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('sales', [salesProjection]);
});
afterAll(() => db.close());

it('adds each sale to its ticket types\' minute, a seat as one ticket, at the held price', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const stream = 'inventory-gig';
  const hold = (holdId: string, now: string, items: { ticketTypeId: string; quantity: number }[], seats: string[] = []) =>
    streams.decide(inventoryDecider, stream, { type: 'HoldTickets', data: { holdId, items, seats, buyer: { email: 'a@example.com', name: 'A' }, now } });
  const sell = (holdId: string, now: string) => streams.decide(inventoryDecider, stream, { type: 'SellHold', data: { holdId, orderId: `order-${holdId}`, now } });
  const events = [
    ...streams.decide(inventoryDecider, stream, openInventory('gig')),
    ...hold('h1', '2026-12-01T10:00:00.000Z', [{ ticketTypeId: 'standing', quantity: 2 }], ['A1', 'A2']),
    ...hold('h2', '2026-12-01T10:00:10.000Z', [{ ticketTypeId: 'standing', quantity: 3 }]),
    ...hold('h3', '2026-12-01T10:00:20.000Z', [{ ticketTypeId: 'vip', quantity: 1 }]),
    ...sell('h1', '2026-12-01T10:01:05.000Z'),
    ...sell('h2', '2026-12-01T10:01:59.999Z'),
    ...sell('h3', '2026-12-01T10:02:00.000Z'),
  ];
  expect(await applyBatch(db.pool, salesProjection, events)).toEqual([]);
  expect(await salesPerMinute(db.pool, 'gig')).toEqual([
    { ticketTypeId: 'stalls', minute: '2026-12-01T10:01:00.000Z', tickets: 2, revenue: 12_000 },
    { ticketTypeId: 'standing', minute: '2026-12-01T10:01:00.000Z', tickets: 5, revenue: 17_500 },
    { ticketTypeId: 'vip', minute: '2026-12-01T10:02:00.000Z', tickets: 1, revenue: 9_000 },
  ]);
  expect(await salesPerMinute(db.pool, 'other')).toEqual([]);
});

it('counts each sale once however the log is batched and replayed', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const events = walkOnSale(streams, 'walk', 250, 5);
  const batches = randomBatches(events, 5);
  for (const [i, batch] of batches.entries()) {
    await applyBatch(db.pool, salesProjection, batch);
    const before = await tableSnapshot(db.pool, salesProjection.tables);
    await applyBatch(db.pool, salesProjection, batch);
    if (i > 1) await applyBatch(db.pool, salesProjection, [...(batches[i - 2] ?? []), ...(batches[i - 1] ?? [])]);
    expect(await tableSnapshot(db.pool, salesProjection.tables)).toEqual(before);
  }
  const expected = new Map<string, { tickets: number; revenue: number }>();
  for (const event of events.filter((e) => e.type === 'HoldSold')) {
    const { items, seats, soldAt } = event.data as { items: { ticketTypeId: string; quantity: number; unitPrice: number }[]; seats: { ticketTypeId: string; unitPrice: number }[]; soldAt: string };
    const minute = `${soldAt.slice(0, 16)}:00.000Z`;
    const add = (ticketTypeId: string, tickets: number, revenue: number) => {
      const key = `${minute}|${ticketTypeId}`;
      const sum = expected.get(key) ?? { tickets: 0, revenue: 0 };
      expected.set(key, { tickets: sum.tickets + tickets, revenue: sum.revenue + revenue });
    };
    for (const item of items) add(item.ticketTypeId, item.quantity, item.quantity * item.unitPrice);
    for (const seat of seats) add(seat.ticketTypeId, 1, seat.unitPrice);
  }
  const read = await salesPerMinute(db.pool, 'walk');
  expect(new Map(read.map((row) => [`${row.minute}|${row.ticketTypeId}`, { tickets: row.tickets, revenue: row.revenue }]))).toEqual(expected);
  expect(read.reduce((sum, row) => sum + row.tickets, 0)).toBeGreaterThan(20);
});
