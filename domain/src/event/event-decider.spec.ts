import { InvalidInput } from '../shared/domain-error';
import { deciderSpec } from '../testing/given-when-then';
import { CreateEvent } from './event-commands';
import { CurrencyLockedAfterFirstSale, EventAlreadyExists, EventIsCancelled, EventNotFound, NoSellableTicketType } from './event-errors';
import { TicketTypeExists } from '../shared/ticket-type-rules';
import { eventDecider, eventStreamName } from './event-decider';
import {
  cancelled, commandsOnAnExistingEvent, draft, EVENT_ID, eventCancelled, eventCreated, eventPublished, LATER, NOW, published,
  seatMapAssigned, ticketTypeAdded, ticketTypeRetired,
} from './event-spec-fixtures';

const spec = deciderSpec(eventDecider);

function createEvent(overrides: Partial<CreateEvent['data']> = {}): CreateEvent {
  const { createdAt: _createdAt, holdMinutes: _holdMinutes, perOrderLimit: _perOrderLimit, ...details } = eventCreated().data;
  return { type: 'CreateEvent', data: { ...details, now: NOW, ...overrides } };
}

it('names the stream after the event', () => {
  expect(eventStreamName('abc')).toBe('event-abc');
});

describe('CreateEvent', () => {
  it('creates a draft with the default hold minutes and order limit', () => {
    spec.given([]).when(createEvent()).then([eventCreated()]);
  });

  it('adds each given ticket type right after creating the event', () => {
    spec.given([])
      .when(createEvent({ holdMinutes: 15, perOrderLimit: 4, ticketTypes: [
        { ticketTypeId: 'ga', name: 'GA', price: 4_500, capacity: 500 },
        { ticketTypeId: 'vip', name: 'VIP', price: 12_000, capacity: 40 },
      ] }))
      .then([
        eventCreated({ holdMinutes: 15, perOrderLimit: 4 }),
        ticketTypeAdded('ga'),
        ticketTypeAdded('vip', { price: 12_000, capacity: 40 }),
      ]);
  });

  it('refuses to create an event twice', () => {
    spec.given(draft).when(createEvent()).thenThrows(EventAlreadyExists, { rule: 'event-already-exists', details: { eventId: EVENT_ID } });
  });

  it('refuses an event that ends before it starts', () => {
    spec.given([]).when(createEvent({ endsAt: '2026-11-24T19:00:00Z' })).thenThrows(InvalidInput, { rule: 'invalid-input', field: 'endsAt' });
  });

  it.each(['Europe/London', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+3'])('accepts the time zone %s', (timezone) => {
    spec.given([]).when(createEvent({ timezone })).then([eventCreated({ timezone })]);
  });

  it.each(['London', 'europe/london', '+01:00', ''])('refuses the time zone %p', (timezone) => {
    spec.given([]).when(createEvent({ timezone })).thenThrows(InvalidInput, { field: 'timezone' });
  });

  it('refuses a currency that is not an ISO code', () => {
    spec.given([]).when(createEvent({ currency: 'eur' })).thenThrows(InvalidInput, { field: 'currency' });
  });

  it('refuses two ticket types with the same id', () => {
    spec.given([])
      .when(createEvent({ ticketTypes: [
        { ticketTypeId: 'ga', name: 'GA', price: 4_500, capacity: 500 },
        { ticketTypeId: 'ga', name: 'Standing', price: 4_500, capacity: 500 },
      ] }))
      .thenThrows(TicketTypeExists, { rule: 'ticket-type-exists' });
  });

  it('names the offending ticket type in a bad price', () => {
    spec.given([])
      .when(createEvent({ ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: -1, capacity: 500 }] }))
      .thenThrows(InvalidInput, { field: 'ticketTypes[0].price' });
  });
});

describe('an event that does not exist or was cancelled', () => {
  it.each(commandsOnAnExistingEvent.map((command) => [command.type, command] as const))('refuses %s on a missing event', (_type, command) => {
    spec.given([]).when(command).thenThrows(EventNotFound, { rule: 'event-not-found' });
  });

  it.each(commandsOnAnExistingEvent.map((command) => [command.type, command] as const))('refuses %s on a cancelled event', (_type, command) => {
    spec.given(cancelled).when(command).thenThrows(EventIsCancelled, { rule: 'event-cancelled' });
  });

  it('refuses to cancel a missing event', () => {
    spec.given([]).when({ type: 'CancelEvent', data: { reason: 'x', now: LATER } }).thenThrows(EventNotFound, { rule: 'event-not-found' });
  });
});

describe('EditEventDetails', () => {
  it('records only the fields that changed', () => {
    spec.given(draft)
      .when({ type: 'EditEventDetails', data: { name: 'Night Shift Live 2', venue: eventCreated().data.venue, timezone: 'Europe/London', endsAt: '2026-11-24T23:30:00Z', ticketsSoldSoFar: 0, now: LATER } })
      .then([{ type: 'EventDetailsEdited', data: { eventId: EVENT_ID, name: 'Night Shift Live 2', endsAt: '2026-11-24T23:30:00Z', editedAt: LATER } }]);
  });

  it('does nothing when nothing changed, even an instant written with another offset', () => {
    spec.given(draft)
      .when({ type: 'EditEventDetails', data: { name: 'Night Shift Live', startsAt: '2026-11-24T21:00:00+01:00', ticketsSoldSoFar: 0, now: LATER } })
      .thenNothingHappens();
  });

  it('lets a published event move to another venue', () => {
    spec.given(published)
      .when({ type: 'EditEventDetails', data: { venue: { name: 'O2 Forum' }, ticketsSoldSoFar: 120, now: LATER } })
      .then([{ type: 'EventDetailsEdited', data: { eventId: EVENT_ID, venue: { name: 'O2 Forum' }, editedAt: LATER } }]);
  });

  it('changes the currency while nothing is sold', () => {
    spec.given(published)
      .when({ type: 'EditEventDetails', data: { currency: 'EUR', ticketsSoldSoFar: 0, now: LATER } })
      .then([{ type: 'EventDetailsEdited', data: { eventId: EVENT_ID, currency: 'EUR', editedAt: LATER } }]);
  });

  it('locks the currency after the first sale', () => {
    spec.given(published)
      .when({ type: 'EditEventDetails', data: { currency: 'EUR', ticketsSoldSoFar: 1, now: LATER } })
      .thenThrows(CurrencyLockedAfterFirstSale, { rule: 'currency-locked-after-first-sale', details: { currency: 'GBP', requested: 'EUR', ticketsSold: 1 } });
  });

  it('accepts the same currency after sales', () => {
    spec.given(published).when({ type: 'EditEventDetails', data: { currency: 'GBP', ticketsSoldSoFar: 30, now: LATER } }).thenNothingHappens();
  });

  it('refuses a start after the existing end', () => {
    spec.given(draft)
      .when({ type: 'EditEventDetails', data: { startsAt: '2026-11-25T01:00:00Z', ticketsSoldSoFar: 0, now: LATER } })
      .thenThrows(InvalidInput, { field: 'endsAt' });
  });
});

describe('PublishEvent', () => {
  it('publishes a draft with a ticket type to sell', () => {
    spec.given(draft).when({ type: 'PublishEvent', data: { now: LATER } })
      .then([{ type: 'EventPublished', data: { eventId: EVENT_ID, publishedAt: LATER } }]);
  });

  it('does nothing when already published', () => {
    spec.given(published).when({ type: 'PublishEvent', data: { now: LATER } }).thenNothingHappens();
  });

  it.each([
    ['no ticket type', [eventCreated()]],
    ['only a retired ticket type', [...draft, ticketTypeRetired('ga')]],
    ['only ticket types of capacity 0', [eventCreated(), ticketTypeAdded('ga', { capacity: 0 })]],
  ])('refuses to publish with %s', (_case, given) => {
    spec.given(given).when({ type: 'PublishEvent', data: { now: LATER } }).thenThrows(NoSellableTicketType, { rule: 'no-sellable-ticket-type' });
  });

  it('counts seats, not typed capacity, for a seated ticket type', () => {
    spec.given([eventCreated(), ticketTypeAdded('stalls', { capacity: 0 }), seatMapAssigned()])
      .when({ type: 'PublishEvent', data: { now: LATER } })
      .then([{ type: 'EventPublished', data: { eventId: EVENT_ID, publishedAt: LATER } }]);
  });
});

describe('CancelEvent', () => {
  it.each([['draft', draft], ['published', published]])('cancels a %s event', (_case, given) => {
    spec.given(given).when({ type: 'CancelEvent', data: { reason: 'artist ill', now: NOW } }).then([eventCancelled]);
  });

  it('does nothing when already cancelled', () => {
    spec.given(cancelled).when({ type: 'CancelEvent', data: { reason: 'again', now: LATER } }).thenNothingHappens();
  });

  it('wants a reason', () => {
    spec.given(draft).when({ type: 'CancelEvent', data: { reason: ' ', now: LATER } }).thenThrows(InvalidInput, { field: 'reason' });
  });

  it('remembers that a cancelled event had been on sale', () => {
    const state = [...published, eventCancelled].reduce(eventDecider.evolve, eventDecider.initialState());
    expect(state).toMatchObject({ status: 'Cancelled', publishedAt: NOW, cancelledAt: NOW, cancellationReason: 'artist ill' });
  });
});

it('folds its events into the state it describes', () => {
  const events = [
    ...draft,
    { type: 'EventDetailsEdited', data: { eventId: EVENT_ID, name: 'Renamed', editedAt: LATER } },
    { type: 'TicketTypeRepriced', data: { eventId: EVENT_ID, ticketTypeId: 'ga', price: 5_000, previousPrice: 4_500, repricedAt: LATER } },
    { type: 'FeesSet', data: { eventId: EVENT_ID, fees: { fixed: 150, percentBasisPoints: 250 }, setAt: LATER } },
    eventPublished,
  ] as const;
  const state = events.reduce(eventDecider.evolve, eventDecider.initialState());
  expect(state).toEqual({
    status: 'Published',
    eventId: EVENT_ID,
    organizerId: 'org-1',
    name: 'Renamed',
    venue: { name: 'Roundhouse', address: 'Chalk Farm Rd, London' },
    startsAt: '2026-11-24T20:00:00Z',
    endsAt: '2026-11-24T23:00:00Z',
    timezone: 'Europe/London',
    currency: 'GBP',
    ticketTypes: [{ ticketTypeId: 'ga', name: 'GA', price: 5_000, capacity: 500, retired: false }],
    holdMinutes: 10,
    perOrderLimit: 10,
    salesWindow: {},
    fees: { fixed: 150, percentBasisPoints: 250 },
    tax: { rateBasisPoints: 0, inclusive: true },
    refundPolicy: { kind: 'final-sale' },
    createdAt: NOW,
    publishedAt: NOW,
  });
});
