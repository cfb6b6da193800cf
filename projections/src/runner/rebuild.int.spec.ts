import { eventDecider, HoldSold, orderDecider, OrderState, ticketDecider } from '@marquee/domain';
import type { ProjectionEventSource } from '../event-source';
import type { Projection } from '../projection';
import { allProjections } from '../read-models/all-projections';
import { reservationsProjection } from '../read-models/reservations';
import { DecidedStreams } from '../testing/decided-streams';
import { MemoryEventSource } from '../testing/memory-event-source';
import { walkOnSale } from '../testing/on-sale-walk';
import { ProjectionDatabase, projectionDatabase, waitUntil } from '../testing/projection-database';
import { loadCheckpoint } from './checkpoints';
import { ProjectionRunner } from './projection-runner';
import { ProjectionBusy } from './projection-lock';
import type { RebuildProgress } from './rebuild';
import { rebuildProjection } from './rebuild';
import { tableSnapshot } from './table-snapshot';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('rebuild', allProjections);
});
// Each test brings its own log, so no rows or checkpoints may carry over from the last one.
beforeEach(async () => {
  await db.pool.query(`TRUNCATE projection_checkpoints, ${allProjections.flatMap((projection) => projection.tables).join(', ')}`);
});
afterAll(() => db.close());

const allTables = allProjections.flatMap((projection) => projection.tables);

/** A box office's log: two events created and published, their on-sales, and orders paid with tickets for some sales. */
function boxOfficeLog(source: MemoryEventSource, prefix: string): void {
  const streams = new DecidedStreams(source);
  for (const [n, eventId] of [`${prefix}-gig`, `${prefix}-fest`].entries()) {
    const now = '2026-03-01T10:00:00.000Z';
    streams.decide(eventDecider, `event-${eventId}`, {
      type: 'CreateEvent',
      data: {
        eventId, organizerId: 'org-1', name: `Show ${eventId}`, venue: { name: 'Roundhouse' }, startsAt: '2026-12-24T20:00:00.000Z',
        endsAt: '2026-12-24T23:00:00.000Z', timezone: 'Europe/London', currency: 'EUR', now,
        ticketTypes: [{ ticketTypeId: 'standing', name: 'Standing', price: 3_500, capacity: 40 }, { ticketTypeId: 'vip', name: 'VIP', price: 9_000, capacity: 6 }],
      },
    });
    streams.decide(eventDecider, `event-${eventId}`, { type: 'PublishEvent', data: { now } });
    const sales = walkOnSale(streams, eventId, 120, 20 + n).filter((event) => event.type === 'HoldSold');
    for (const sale of sales.slice(0, 6)) {
      const { holdId, orderId, items, seats, soldAt } = sale.data as HoldSold['data'];
      const stream = `order-${orderId}`;
      streams.decide(orderDecider, stream, {
        type: 'PlaceOrder',
        data: {
          orderId, eventId, holdId, buyer: { email: `${orderId}@example.com`, name: `Buyer ${orderId}` }, items: [...items], seats: [...seats],
          currency: 'EUR', fees: { fixed: 100, percentBasisPoints: 0 }, tax: { rateBasisPoints: 0, inclusive: true },
          expiresAt: new Date(Date.parse(soldAt) + 600_000).toISOString(), now: soldAt,
        },
      });
      const placed = streams.stateOf<OrderState>(stream);
      if (!placed || placed.status === 'None') throw new Error('order not placed');
      streams.decide(orderDecider, stream, { type: 'ConfirmOrder', data: { paymentReference: `pi_${orderId}`, amountPaid: placed.pricing.total, currency: 'EUR', now: soldAt } });
      const tickets = [
        ...items.flatMap((item) => Array.from({ length: item.quantity }, (): { ticketTypeId: string; seatId?: string } => ({ ticketTypeId: item.ticketTypeId }))),
        ...seats.map((seat) => ({ ticketTypeId: seat.ticketTypeId, seatId: seat.seatId })),
      ].map((ticket, i) => ({ ticketId: `${orderId}-t${i}`, ...ticket }));
      streams.decide(orderDecider, stream, { type: 'IssueTickets', data: { tickets, now: soldAt } });
      for (const ticket of tickets) {
        streams.decide(ticketDecider, `ticket-${ticket.ticketId}`, {
          type: 'IssueTicket',
          data: { ...ticket, orderId, eventId, holderName: `Buyer ${orderId}`, ...(ticket.seatId && { seatLabel: `Stalls ${ticket.seatId}` }), now: soldAt },
        });
      }
    }
  }
}

async function runLive(source: MemoryEventSource, projections: readonly Projection[]): Promise<ProjectionRunner[]> {
  const runners = projections.map((projection) => new ProjectionRunner({ pool: db.pool, source, projection, batchSize: 37 }));
  await Promise.all(runners.map((runner) => runner.start()));
  const head = source.head;
  await waitUntil(async () => {
    for (const projection of projections) {
      const stored = await loadCheckpoint(db.pool, projection.name);
      if (head && (!stored || stored.commit < head.commit)) return false;
    }
    return true;
  }, 10_000, 'every projection to reach the head');
  return runners;
}

it('rebuilds every read model from the log into exactly the rows the live runners wrote', async () => {
  const source = new MemoryEventSource({ pageSize: 64 });
  boxOfficeLog(source, 'a');
  const runners = await runLive(source, allProjections);
  await Promise.all(runners.map((runner) => runner.stop()));
  const live = await tableSnapshot(db.pool, allTables);
  expect(live['rm_events']).toHaveLength(2);
  expect(live['rm_orders']).toHaveLength(12);
  expect(live['rm_tickets']?.length).toBeGreaterThan(12);
  expect(live['rm_sales_per_minute']?.length).toBeGreaterThan(5);

  for (const projection of allProjections) {
    const progress: RebuildProgress[] = [];
    const result = await rebuildProjection({ pool: db.pool, source, projection, pageSize: 50, batchSize: 13, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ read: source.log.length, position: source.head });
    expect(progress[progress.length - 1]).toMatchObject({ done: source.log.length, total: source.log.length, etaSeconds: 0 });
    for (const step of progress) expect(step.total).toBe(source.log.length);
    expect(await loadCheckpoint(db.pool, projection.name)).toEqual(source.head);
  }
  expect(await tableSnapshot(db.pool, allTables)).toEqual(live);
});

it('keeps the old rows visible to readers until the rebuilt ones commit', async () => {
  const source = new MemoryEventSource();
  boxOfficeLog(source, 'b');
  const runners = await runLive(source, [reservationsProjection]);
  await Promise.all(runners.map((runner) => runner.stop()));
  const count = async () => Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM rm_reservations')).rows[0]?.n);
  const before = await count();
  const seenDuringRebuild: number[] = [];
  let reads = 0;
  const watchedSource: ProjectionEventSource = {
    subscribeToAll: (options) => source.subscribeToAll(options),
    readAll: async (options) => {
      // Halfway through the replay, a reader on another connection looks at the table.
      if (++reads === 5) seenDuringRebuild.push(await count());
      return source.readAll(options);
    },
  };
  await rebuildProjection({ pool: db.pool, source: watchedSource, projection: reservationsProjection, pageSize: 40 });
  expect(seenDuringRebuild).toEqual([before]);
  expect(await count()).toBe(before);
});

it('waits for a runner elsewhere and gives up with ProjectionBusy; the active runner rebuilds in place and carries on', async () => {
  const source = new MemoryEventSource();
  boxOfficeLog(source, 'c');
  const [runner] = await runLive(source, [reservationsProjection]);
  if (!runner) throw new Error('no runner');
  try {
    await expect(rebuildProjection({ pool: db.pool, source, projection: reservationsProjection, lockWaitMs: 150 })).rejects.toBeInstanceOf(ProjectionBusy);
    const before = await tableSnapshot(db.pool, reservationsProjection.tables);
    const result = await runner.rebuild();
    expect(result.position).toEqual(source.head);
    expect(await tableSnapshot(db.pool, reservationsProjection.tables)).toEqual(before);

    const [held] = source.push('inventory-c-gig', [{ type: 'TicketsHeld', data: {
      holdId: 'late-hold', items: [{ ticketTypeId: 'standing', quantity: 1, unitPrice: 3_500 }], seats: [], currency: 'EUR',
      buyer: { email: 'late@example.com', name: 'Late' }, heldAt: '2026-12-02T10:00:00.000Z', expiresAt: '2026-12-02T10:10:00.000Z',
    } }]);
    if (!held) throw new Error('nothing pushed');
    expect(await runner.waitForPosition(held.position, 2_000)).toBe(true);
    expect((await db.pool.query('SELECT 1 FROM rm_reservations WHERE hold_id = $1', ['late-hold'])).rowCount).toBe(1);
  } finally {
    await runner.stop();
  }
});
