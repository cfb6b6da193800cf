import { InvalidInput } from '../shared/domain-error';
import { EventEvent } from './event-events';
import { EventIsCancelled, EventNotFound } from './event-errors';
import { eventDecider } from './event-decider';
import { cancelled, draft, EVENT_ID, eventCreated, eventPublished, LATER, seatMapAssigned, ticketTypeAdded, ticketTypeRetired } from './event-spec-fixtures';
import { inventoryOpeningFrom } from './inventory-opening';
import { availability, inventoryDecider } from '../inventory';

const stateOf = (events: EventEvent[]) => events.reduce(eventDecider.evolve, eventDecider.initialState());

it('opens general admission with the event\'s currency, limits and ticket types', () => {
  expect(inventoryOpeningFrom(stateOf([...draft, eventPublished]), LATER)).toEqual({
    eventId: EVENT_ID,
    currency: 'GBP',
    perOrderLimit: 10,
    holdMinutes: 10,
    ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 4_500, capacity: 500 }],
    seats: [],
    now: LATER,
  });
});

it('sells a seated type by its seats and leaves retired types and their seats out', () => {
  const state = stateOf([
    eventCreated(),
    ticketTypeAdded('stalls', { capacity: 999 }),
    ticketTypeAdded('standing', { capacity: 200 }),
    ticketTypeAdded('old'),
    seatMapAssigned({ sections: [{ sectionId: 'stalls', name: 'Stalls', rows: [
      { rowId: 'A', label: 'A', seats: [
        { seatId: 'stalls-A-12', label: '12', ticketTypeId: 'stalls', accessible: true, x: 1, y: 2 },
        { seatId: 'stalls-A-13', label: '13', ticketTypeId: 'stalls' },
        { seatId: 'stalls-A-14', label: '14', ticketTypeId: 'old' },
      ] },
    ] }] }),
    ticketTypeRetired('old'),
  ]);
  const opening = inventoryOpeningFrom(state, LATER);
  expect(opening.ticketTypes).toEqual([
    { ticketTypeId: 'stalls', name: 'STALLS', price: 4_500, capacity: 2 },
    { ticketTypeId: 'standing', name: 'STANDING', price: 4_500, capacity: 200 },
  ]);
  expect(opening.seats).toEqual([
    { seatId: 'stalls-A-12', label: 'Stalls A-12', ticketTypeId: 'stalls', accessible: true },
    { seatId: 'stalls-A-13', label: 'Stalls A-13', ticketTypeId: 'stalls' },
  ]);
});

it('carries the sales window when one is set', () => {
  const salesWindow = { opensAt: '2026-04-01T09:00:00Z', closesAt: '2026-11-24T18:00:00Z' };
  const state = stateOf([...draft, { type: 'SalesWindowSet', data: { eventId: EVENT_ID, salesWindow, setAt: LATER } }]);
  expect(inventoryOpeningFrom(state, LATER)).toMatchObject({ salesWindow });
});

it('follows the latest prices, capacities and policies', () => {
  const state = stateOf([
    ...draft,
    { type: 'TicketTypeRepriced', data: { eventId: EVENT_ID, ticketTypeId: 'ga', price: 5_000, previousPrice: 4_500, repricedAt: LATER } },
    { type: 'TicketTypeCapacityChanged', data: { eventId: EVENT_ID, ticketTypeId: 'ga', capacity: 450, previousCapacity: 500, changedAt: LATER } },
    { type: 'TicketTypeRenamed', data: { eventId: EVENT_ID, ticketTypeId: 'ga', name: 'Standing', previousName: 'GA', renamedAt: LATER } },
    { type: 'HoldMinutesSet', data: { eventId: EVENT_ID, holdMinutes: 5, setAt: LATER } },
    { type: 'OrderLimitSet', data: { eventId: EVENT_ID, perOrderLimit: 4, setAt: LATER } },
    { type: 'EventDetailsEdited', data: { eventId: EVENT_ID, currency: 'EUR', editedAt: LATER } },
  ]);
  expect(inventoryOpeningFrom(state, LATER)).toMatchObject({
    currency: 'EUR', holdMinutes: 5, perOrderLimit: 4,
    ticketTypes: [{ ticketTypeId: 'ga', name: 'Standing', price: 5_000, capacity: 450 }],
  });
});

it('refuses an event that does not exist', () => {
  expect(() => inventoryOpeningFrom(eventDecider.initialState(), LATER)).toThrow(EventNotFound);
});

it('refuses a cancelled event', () => {
  expect(() => inventoryOpeningFrom(stateOf(cancelled), LATER)).toThrow(EventIsCancelled);
});

it('refuses a malformed now', () => {
  expect(() => inventoryOpeningFrom(stateOf(draft), 'tomorrow')).toThrow(InvalidInput);
});

it('opens an inventory the inventory decider accepts, ready to hold the published seats', () => {
  const opening = inventoryOpeningFrom(stateOf([...draft, ticketTypeAdded('stalls', { name: 'Stalls', capacity: 2 }), seatMapAssigned(), eventPublished]), LATER);
  const fold = (events: ReturnType<typeof inventoryDecider.decide>, state = inventoryDecider.initialState()) => events.reduce(inventoryDecider.evolve, state);
  const opened = fold(inventoryDecider.decide({ type: 'OpenInventory', data: opening }, inventoryDecider.initialState()));
  const held = fold(inventoryDecider.decide({
    type: 'HoldTickets',
    data: { holdId: 'h1', seats: ['stalls-A-1'], items: [{ ticketTypeId: 'ga', quantity: 2 }], buyer: { email: 'a@example.com', name: 'A' }, now: LATER },
  }, opened), opened);
  expect(availability(held).map(({ ticketTypeId, capacity, held: onHold }) => ({ ticketTypeId, capacity, held: onHold }))).toEqual([
    { ticketTypeId: 'ga', capacity: 500, held: 2 },
    { ticketTypeId: 'stalls', capacity: 4, held: 1 },
  ]);
});
