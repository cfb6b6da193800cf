import { availability, inventoryDecider, InventoryState, seatStatus } from '@marquee/domain';
import { availabilityOf, seatsOf } from '../../queries/availability-queries';
import type { Notification } from '../../projection';
import { tableSnapshot } from '../../runner/table-snapshot';
import { DecidedStreams } from '../../testing/decided-streams';
import { MemoryEventSource } from '../../testing/memory-event-source';
import { openInventory, randomBatches, walkOnSale } from '../../testing/on-sale-walk';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../../testing/projection-database';
import { inventoryProjection } from './inventory-projection';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('inventory', [inventoryProjection]);
});
afterAll(() => db.close());

/** What the inventory decider's own state says the read model must show. */
async function expectSameAsDomain(eventId: string, state: InventoryState): Promise<void> {
  if (state.status === 'NotOpened') throw new Error('not opened');
  const read = await availabilityOf(db.pool, eventId);
  expect(read?.ticketTypes).toEqual(availability(state).sort((a, b) => a.ticketTypeId.localeCompare(b.ticketTypeId)));
  expect(read).toMatchObject({
    status: state.status === 'Open' ? 'open' : 'closed', reason: state.status === 'Closed' ? state.reason : null, currency: state.currency,
    perOrderLimit: state.perOrderLimit, holdMinutes: state.holdMinutes,
  });
  const seats = seatStatus(state).map((seat) => ({
    ...seat, holdId: state.seats.get(seat.seatId)?.holdId ?? null, orderId: state.seats.get(seat.seatId)?.orderId ?? null,
  }));
  expect(await seatsOf(db.pool, eventId)).toEqual(seats.sort((a, b) => a.seatId.localeCompare(b.seatId)));
}

it.each([1, 2, 3])('counts every hold, release, sale, return and block as the inventory decider does (walk %i)', async (seed) => {
  const source = new MemoryEventSource();
  const streams = new DecidedStreams(source);
  const eventId = `walk-${seed}`;
  const events = walkOnSale(streams, eventId, 250, seed);
  for (const batch of randomBatches(events, seed)) {
    const notified = (await applyBatch(db.pool, inventoryProjection, batch)).find((n) => n.kind === 'availability');
    // What the push carries is what a read right after the commit shows.
    if (notified) expect(notified.ticketTypes).toEqual((await availabilityOf(db.pool, eventId))?.ticketTypes);
  }
  await expectSameAsDomain(eventId, streams.stateOf<InventoryState>(`inventory-${eventId}`) as InventoryState);
});

it('changes nothing, and announces nothing, when batches are applied again', async () => {
  const source = new MemoryEventSource();
  const streams = new DecidedStreams(source);
  const events = walkOnSale(streams, 'replayed', 150, 7);
  const batches = randomBatches(events, 7);
  for (const [i, batch] of batches.entries()) {
    await applyBatch(db.pool, inventoryProjection, batch);
    const before = await tableSnapshot(db.pool, inventoryProjection.tables);
    expect(await applyBatch(db.pool, inventoryProjection, batch)).toEqual([]);
    // An older batch arriving late is as harmless as the last one again.
    if (i > 0) expect(await applyBatch(db.pool, inventoryProjection, batches[i - 1] ?? [])).toEqual([]);
    expect(await tableSnapshot(db.pool, inventoryProjection.tables)).toEqual(before);
  }
  await expectSameAsDomain('replayed', streams.stateOf<InventoryState>('inventory-replayed') as InventoryState);
});

it('tells which views changed: availability for counts, seats only when a seat moved', async () => {
  const source = new MemoryEventSource();
  const streams = new DecidedStreams(source);
  const kinds = (notifications: readonly Notification[]) => notifications.map(({ kind, eventId }) => ({ kind, eventId }));
  const opened = streams.decide(inventoryDecider, 'inventory-rooms', openInventory('rooms'));
  const openedNotifications = await applyBatch(db.pool, inventoryProjection, opened);
  expect(openedNotifications[0]?.ticketTypes).toEqual((await availabilityOf(db.pool, 'rooms'))?.ticketTypes);
  expect(kinds(openedNotifications)).toEqual([
    { kind: 'availability', eventId: 'rooms' }, { kind: 'seats', eventId: 'rooms' },
  ]);
  const standing = streams.decide(inventoryDecider, 'inventory-rooms', {
    type: 'HoldTickets', data: { holdId: 'h1', items: [{ ticketTypeId: 'standing', quantity: 2 }], buyer: { email: 'a@example.com', name: 'A' }, now: '2026-12-01T10:01:00.000Z' },
  });
  const standingNotifications = await applyBatch(db.pool, inventoryProjection, standing);
  expect(kinds(standingNotifications)).toEqual([{ kind: 'availability', eventId: 'rooms' }]);
  expect(standingNotifications[0]?.ticketTypes?.find((t) => t.ticketTypeId === 'standing')).toMatchObject({ held: 2 });
  const seat = streams.decide(inventoryDecider, 'inventory-rooms', {
    type: 'HoldTickets', data: { holdId: 'h2', seats: ['A2'], buyer: { email: 'b@example.com', name: 'B' }, now: '2026-12-01T10:02:00.000Z' },
  });
  expect(kinds(await applyBatch(db.pool, inventoryProjection, seat))).toEqual([{ kind: 'availability', eventId: 'rooms' }, { kind: 'seats', eventId: 'rooms' }]);
  expect((await seatsOf(db.pool, 'rooms')).find((s) => s.seatId === 'A2')).toEqual({
    seatId: 'A2', label: 'Stalls A2', ticketTypeId: 'stalls', accessible: false, status: 'held', holdId: 'h2', orderId: null,
  });
  expect(await availabilityOf(db.pool, 'unknown')).toBeNull();
  expect(await seatsOf(db.pool, 'unknown')).toEqual([]);
});
