import { inventoryDecider, InventoryState } from '@marquee/domain';
import { reservation } from '../queries/reservation-queries';
import { tableSnapshot } from '../runner/table-snapshot';
import { DecidedStreams } from '../testing/decided-streams';
import { MemoryEventSource } from '../testing/memory-event-source';
import { openInventory, randomBatches, walkOnSale } from '../testing/on-sale-walk';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../testing/projection-database';
import { reservationsProjection } from './reservations';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('reservations', [reservationsProjection]);
});
afterAll(() => db.close());

it('shows a hold with its buyer, lines, seats and total, then how it ended', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const stream = 'inventory-gig';
  const opened = streams.decide(inventoryDecider, stream, openInventory('gig'));
  const held = streams.decide(inventoryDecider, stream, {
    type: 'HoldTickets',
    data: {
      holdId: 'hold-1', items: [{ ticketTypeId: 'standing', quantity: 2 }], seats: ['A1', 'A2'], idempotencyKey: 'key-1',
      buyer: { email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB', postcode: 'NW1 8AH' },
      now: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T10:05:00.000Z',
    },
  });
  expect(await applyBatch(db.pool, reservationsProjection, [...opened, ...held])).toEqual([{ kind: 'reservation', eventId: 'gig', holdId: 'hold-1' }]);
  expect(await reservation(db.pool, 'hold-1')).toEqual({
    holdId: 'hold-1', eventId: 'gig', status: 'held', releaseReason: null, orderId: null,
    buyer: { email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB', postcode: 'NW1 8AH' },
    items: [{ ticketTypeId: 'standing', quantity: 2, unitPrice: 3_500 }],
    seats: [{ seatId: 'A1', ticketTypeId: 'stalls', unitPrice: 6_000 }, { seatId: 'A2', ticketTypeId: 'stalls', unitPrice: 6_000 }],
    currency: 'EUR', totalPrice: 2 * 3_500 + 2 * 6_000, heldAt: '2026-12-01T10:00:00.000Z', expiresAt: '2026-12-01T10:05:00.000Z',
    endedAt: null, idempotencyKey: 'key-1',
  });

  const sold = streams.decide(inventoryDecider, stream, { type: 'SellHold', data: { holdId: 'hold-1', orderId: 'order-1', now: '2026-12-01T10:03:00.000Z' } });
  expect(await applyBatch(db.pool, reservationsProjection, sold)).toEqual([{ kind: 'reservation', eventId: 'gig', holdId: 'hold-1', orderId: 'order-1' }]);
  expect(await reservation(db.pool, 'hold-1')).toMatchObject({ status: 'sold', orderId: 'order-1', endedAt: '2026-12-01T10:03:00.000Z' });

  const other = streams.decide(inventoryDecider, stream, {
    type: 'HoldTickets', data: { holdId: 'hold-2', items: [{ ticketTypeId: 'vip', quantity: 1 }], buyer: { email: 'b@example.com', name: 'B' }, now: '2026-12-01T10:04:00.000Z' },
  });
  const released = streams.decide(inventoryDecider, stream, { type: 'ReleaseHold', data: { holdId: 'hold-2', reason: 'expired', now: '2026-12-01T10:20:00.000Z' } });
  await applyBatch(db.pool, reservationsProjection, [...other, ...released]);
  expect(await reservation(db.pool, 'hold-2')).toMatchObject({
    status: 'released', releaseReason: 'expired', endedAt: '2026-12-01T10:20:00.000Z', totalPrice: 9_000, idempotencyKey: null,
    buyer: { country: null, postcode: null },
  });
  expect(await reservation(db.pool, 'no-such-hold')).toBeNull();
});

it('ends every hold of an on-sale as the inventory decider ended it, whatever the batching and however often a batch repeats', async () => {
  const streams = new DecidedStreams(new MemoryEventSource());
  const events = walkOnSale(streams, 'walk', 250, 11);
  for (const batch of randomBatches(events, 11)) {
    await applyBatch(db.pool, reservationsProjection, batch);
    const before = await tableSnapshot(db.pool, reservationsProjection.tables);
    expect(await applyBatch(db.pool, reservationsProjection, batch)).toEqual([]);
    expect(await tableSnapshot(db.pool, reservationsProjection.tables)).toEqual(before);
  }
  const state = streams.stateOf<InventoryState>('inventory-walk');
  if (!state || state.status === 'NotOpened') throw new Error('not opened');
  for (const holdId of state.holds.keys()) expect(await reservation(db.pool, holdId)).toMatchObject({ status: 'held' });
  for (const [holdId, ended] of state.endedHolds) {
    expect(await reservation(db.pool, holdId)).toMatchObject(ended.outcome === 'sold'
      ? { status: 'sold', orderId: ended.orderId, releaseReason: null }
      : { status: 'released', releaseReason: ended.reason, orderId: null });
  }
  expect(state.endedHolds.size).toBeGreaterThan(10);
});
