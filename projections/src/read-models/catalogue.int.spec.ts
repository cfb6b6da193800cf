import { EventCommand, eventDecider, EventState, SeatMap } from '@marquee/domain';
import { getEvent, listOrganizerEvents, listPublishedEvents } from '../queries/catalogue-queries';
import { tableSnapshot } from '../runner/table-snapshot';
import { DecidedStreams } from '../testing/decided-streams';
import { MemoryEventSource } from '../testing/memory-event-source';
import { applyBatch, ProjectionDatabase, projectionDatabase } from '../testing/projection-database';
import { catalogueProjection } from './catalogue';
import { inventoryProjection } from './inventory/inventory-projection';

let db: ProjectionDatabase;
beforeAll(async () => {
  db = await projectionDatabase('catalogue', [catalogueProjection, inventoryProjection]);
});
afterAll(() => db.close());

const NOW = '2026-03-01T10:00:00.000Z';
const seatMap: SeatMap = {
  sections: [{ sectionId: 'stalls', name: 'Stalls', rows: [{ rowId: 'A', label: 'A', seats: [
    { seatId: 'A-1', label: '1', ticketTypeId: 'stalls', accessible: true, x: 1, y: 1 },
    { seatId: 'A-2', label: '2', ticketTypeId: 'stalls' },
  ] }] }],
};

function create(eventId: string, organizerId = 'org-1', startsAt = '2026-11-24T20:00:00.000Z'): EventCommand {
  return {
    type: 'CreateEvent',
    data: {
      eventId, organizerId, name: `Night Shift ${eventId}`, venue: { name: 'Roundhouse', address: 'Chalk Farm Rd' }, startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString(), timezone: 'Europe/London', currency: 'GBP', holdMinutes: 12, perOrderLimit: 6,
      ticketTypes: [{ ticketTypeId: 'ga', name: 'Standing', price: 4_500, capacity: 500 }], now: NOW,
    },
  };
}

/** The read model must say what the event's own fold says. */
function expectedFrom(state: EventState) {
  if (state.status === 'None') throw new Error('no event');
  return {
    eventId: state.eventId, organizerId: state.organizerId, status: state.status.toLowerCase(), name: state.name, venue: state.venue,
    startsAt: new Date(state.startsAt).toISOString(), endsAt: new Date(state.endsAt).toISOString(), timezone: state.timezone,
    currency: state.currency, holdMinutes: state.holdMinutes, perOrderLimit: state.perOrderLimit, salesWindow: state.salesWindow,
    fees: state.fees, tax: state.tax, seatMap: state.seatMap ?? null,
    ticketTypes: state.ticketTypes.map(({ ticketTypeId, name, price, capacity, retired }) => ({ id: ticketTypeId, name, price, capacity, retired, available: null })),
  };
}

it('follows an event from draft through edits and publication to cancellation, as its decider folds it', async () => {
  const source = new MemoryEventSource();
  const streams = new DecidedStreams(source);
  const stream = 'event-evt-1';
  const commands: EventCommand[] = [
    create('evt-1'),
    { type: 'AddTicketType', data: { ticketTypeId: 'stalls', name: 'Stalls', price: 6_000, capacity: 2, now: NOW } },
    { type: 'AssignSeatMap', data: { seatMap, now: NOW } },
    { type: 'EditEventDetails', data: { name: 'Night Shift Live', venue: { name: 'KOKO' }, ticketsSoldSoFar: 0, now: NOW } },
    { type: 'RenameTicketType', data: { ticketTypeId: 'ga', name: 'General admission', now: NOW } },
    { type: 'RepriceTicketType', data: { ticketTypeId: 'ga', price: 5_000, now: NOW } },
    { type: 'ChangeTicketTypeCapacity', data: { ticketTypeId: 'ga', capacity: 450, committed: 0, now: NOW } },
    { type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 9_000, capacity: 20, now: NOW } },
    { type: 'RetireTicketType', data: { ticketTypeId: 'vip', now: NOW } },
    { type: 'SetHoldMinutes', data: { holdMinutes: 15, now: NOW } },
    { type: 'SetOrderLimit', data: { perOrderLimit: 4, now: NOW } },
    { type: 'SetSalesWindow', data: { opensAt: '2026-04-01T09:00:00.000Z', closesAt: '2026-11-24T19:00:00.000Z', now: NOW } },
    { type: 'SetFees', data: { fixed: 150, percentBasisPoints: 250, now: NOW } },
    { type: 'SetTax', data: { rateBasisPoints: 2_000, inclusive: true, now: NOW } },
    { type: 'PublishEvent', data: { now: '2026-03-02T10:00:00.000Z' } },
  ];
  for (const command of commands) {
    const events = streams.decide(eventDecider, stream, command);
    const notifications = await applyBatch(db.pool, catalogueProjection, events);
    expect(notifications).toEqual(events.length > 0 ? [{ kind: 'event', eventId: 'evt-1' }] : []);
    expect(await getEvent(db.pool, 'evt-1')).toMatchObject(expectedFrom(streams.stateOf<EventState>(stream) as EventState));
  }
  expect(await getEvent(db.pool, 'evt-1')).toMatchObject({ status: 'published', publishedAt: '2026-03-02T10:00:00.000Z', cancelledAt: null });
  expect((await listPublishedEvents(db.pool)).map((event) => event.eventId)).toContain('evt-1');

  await applyBatch(db.pool, catalogueProjection, streams.decide(eventDecider, stream, { type: 'CancelEvent', data: { reason: 'artist ill', now: '2026-03-03T10:00:00.000Z' } }));
  expect(await getEvent(db.pool, 'evt-1')).toMatchObject({
    ...expectedFrom(streams.stateOf<EventState>(stream) as EventState), status: 'cancelled', cancelledAt: '2026-03-03T10:00:00.000Z',
    cancellationReason: 'artist ill', publishedAt: '2026-03-02T10:00:00.000Z',
  });
  expect((await listPublishedEvents(db.pool)).map((event) => event.eventId)).not.toContain('evt-1');
});

it('lists published events soonest first, an organizer\'s events in every status, and shows availability once on sale', async () => {
  const source = new MemoryEventSource();
  const streams = new DecidedStreams(source);
  streams.decide(eventDecider, 'event-late', create('late', 'org-2', '2026-12-24T20:00:00.000Z'));
  streams.decide(eventDecider, 'event-soon', create('soon', 'org-2', '2026-10-01T20:00:00.000Z'));
  streams.decide(eventDecider, 'event-draft', create('draft', 'org-2', '2026-09-01T20:00:00.000Z'));
  streams.decide(eventDecider, 'event-late', { type: 'PublishEvent', data: { now: NOW } });
  streams.decide(eventDecider, 'event-soon', { type: 'PublishEvent', data: { now: NOW } });
  source.push('inventory-soon', [{ type: 'InventoryOpened', data: {
    eventId: 'soon', currency: 'GBP', perOrderLimit: 6, holdMinutes: 12, salesWindow: {}, seats: [], openedAt: NOW,
    ticketTypes: [{ ticketTypeId: 'ga', name: 'Standing', price: 4_500, capacity: 500 }],
  } }]);
  await applyBatch(db.pool, catalogueProjection, source.log.filter((event) => event.streamId.startsWith('event-')));
  await applyBatch(db.pool, inventoryProjection, source.log.filter((event) => event.streamId.startsWith('inventory-')));

  const published = (await listPublishedEvents(db.pool)).filter((event) => event.organizerId === 'org-2');
  expect(published.map((event) => event.eventId)).toEqual(['soon', 'late']);
  expect(published[0]?.ticketTypes).toEqual([{ id: 'ga', name: 'Standing', price: 4_500, capacity: 500, retired: false, available: 500 }]);
  expect(published[1]?.ticketTypes[0]?.available).toBeNull();
  expect((await listOrganizerEvents(db.pool, 'org-2')).map((event) => [event.eventId, event.status])).toEqual([
    ['draft', 'draft'], ['soon', 'published'], ['late', 'published'],
  ]);
  expect(await getEvent(db.pool, 'nope')).toBeNull();
});

it('changes nothing when a batch is applied again, in whole or in part', async () => {
  const source = new MemoryEventSource();
  const streams = new DecidedStreams(source);
  streams.decide(eventDecider, 'event-again', create('again'));
  streams.decide(eventDecider, 'event-again', { type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 9_000, capacity: 20, now: NOW } });
  streams.decide(eventDecider, 'event-again', { type: 'PublishEvent', data: { now: NOW } });
  const events = source.log;
  await applyBatch(db.pool, catalogueProjection, events);
  const before = await tableSnapshot(db.pool, catalogueProjection.tables);
  expect(await applyBatch(db.pool, catalogueProjection, events)).toEqual([]);
  expect(await applyBatch(db.pool, catalogueProjection, events.slice(1, 2))).toEqual([]);
  expect(await tableSnapshot(db.pool, catalogueProjection.tables)).toEqual(before);
});
