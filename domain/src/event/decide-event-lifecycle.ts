import { InvalidInput } from '../shared/domain-error';
import { assertCurrency } from '../shared/money';
import { assertInstant, assertNonEmptyText, assertNonNegativeInteger, instantMs } from '../shared/validation';
import { CancelEvent, CreateEvent, EditEventDetails, PublishEvent } from './event-commands';
import { CurrencyLockedAfterFirstSale, EventAlreadyExists, EventNotFound, NoSellableTicketType } from './event-errors';
import { EventState, TicketTypeDefinition, Venue } from './event-state';
import { EventCancelled, EventCreated, EventDetailsEdited, EventPublished, TicketTypeAdded } from './event-events';
import { liveEvent } from './event-guards';
import { DEFAULT_HOLD_MINUTES, DEFAULT_ORDER_LIMIT } from './event-limits';
import { ticketTypeAdded } from './decide-ticket-types';
import { activeTicketTypes } from './ticket-type-capacity';
import { assertEndsAfterStarts, assertHoldMinutes, assertId, assertOrderLimit, assertTimezone, assertVenue, sameVenue } from './event-validation';

export function createEvent(command: CreateEvent, state: EventState): (EventCreated | TicketTypeAdded)[] {
  if (state.status !== 'None') throw new EventAlreadyExists(state.eventId);
  const { eventId, organizerId, name, venue, startsAt, endsAt, timezone, currency, now } = command.data;
  const holdMinutes = command.data.holdMinutes ?? DEFAULT_HOLD_MINUTES;
  const perOrderLimit = command.data.perOrderLimit ?? DEFAULT_ORDER_LIMIT;
  const ticketTypes = command.data.ticketTypes ?? [];
  assertInstant('now', now);
  assertId('eventId', eventId);
  assertId('organizerId', organizerId);
  assertNonEmptyText('name', name);
  assertVenue('venue', venue);
  assertInstant('startsAt', startsAt);
  assertInstant('endsAt', endsAt);
  assertEndsAfterStarts(startsAt, endsAt);
  assertTimezone('timezone', timezone);
  assertCurrency('currency', currency);
  assertHoldMinutes('holdMinutes', holdMinutes);
  assertOrderLimit('perOrderLimit', perOrderLimit);
  if (!Array.isArray(ticketTypes)) throw new InvalidInput('ticketTypes', 'ticketTypes must be a list');

  const created: EventCreated = {
    type: 'EventCreated',
    data: { eventId, organizerId, name, venue, startsAt, endsAt, timezone, currency, holdMinutes, perOrderLimit, createdAt: now },
  };
  const added: TicketTypeAdded[] = [];
  const defined: TicketTypeDefinition[] = [];
  ticketTypes.forEach((input, i) => {
    const event = ticketTypeAdded(eventId, defined, input, `ticketTypes[${i}]`, now);
    const { ticketTypeId, name, price, capacity } = event.data;
    added.push(event);
    defined.push({ ticketTypeId, name, price, capacity, retired: false });
  });
  return [created, ...added];
}

interface DetailChanges {
  name?: string;
  venue?: Venue;
  startsAt?: string;
  endsAt?: string;
  timezone?: string;
  currency?: string;
}

export function editEventDetails(command: EditEventDetails, state: EventState): EventDetailsEdited[] {
  const event = liveEvent(state);
  const { name, venue, startsAt, endsAt, timezone, currency, ticketsSoldSoFar, now } = command.data;
  assertInstant('now', now);
  assertNonNegativeInteger('ticketsSoldSoFar', ticketsSoldSoFar);
  const changes: DetailChanges = {};
  if (name !== undefined) {
    assertNonEmptyText('name', name);
    if (name !== event.name) changes.name = name;
  }
  if (venue !== undefined) {
    assertVenue('venue', venue);
    if (!sameVenue(venue, event.venue)) changes.venue = venue;
  }
  if (startsAt !== undefined) {
    assertInstant('startsAt', startsAt);
    if (instantMs(startsAt) !== instantMs(event.startsAt)) changes.startsAt = startsAt;
  }
  if (endsAt !== undefined) {
    assertInstant('endsAt', endsAt);
    if (instantMs(endsAt) !== instantMs(event.endsAt)) changes.endsAt = endsAt;
  }
  if (timezone !== undefined) {
    assertTimezone('timezone', timezone);
    if (timezone !== event.timezone) changes.timezone = timezone;
  }
  if (currency !== undefined) {
    assertCurrency('currency', currency);
    if (currency !== event.currency) {
      // Tickets already paid for in one currency cannot be refunded or reported in another.
      if (ticketsSoldSoFar > 0) throw new CurrencyLockedAfterFirstSale(event.currency, currency, ticketsSoldSoFar);
      changes.currency = currency;
    }
  }
  assertEndsAfterStarts(changes.startsAt ?? event.startsAt, changes.endsAt ?? event.endsAt);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'EventDetailsEdited', data: { eventId: event.eventId, ...changes, editedAt: now } }];
}

export function publishEvent(command: PublishEvent, state: EventState): EventPublished[] {
  const event = liveEvent(state);
  assertInstant('now', command.data.now);
  if (event.status === 'Published') return [];
  if (!activeTicketTypes(event).some((type) => type.capacity > 0)) throw new NoSellableTicketType(event.eventId);
  return [{ type: 'EventPublished', data: { eventId: event.eventId, publishedAt: command.data.now } }];
}

export function cancelEvent(command: CancelEvent, state: EventState): EventCancelled[] {
  if (state.status === 'None') throw new EventNotFound();
  if (state.status === 'Cancelled') return [];
  const { reason, now } = command.data;
  assertInstant('now', now);
  assertNonEmptyText('reason', reason, 500);
  return [{ type: 'EventCancelled', data: { eventId: state.eventId, reason, cancelledAt: now } }];
}
