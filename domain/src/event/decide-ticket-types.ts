import { InvalidInput } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText, assertNonNegativeInteger } from '../shared/validation';
import { AddTicketType, ChangeTicketTypeCapacity, RenameTicketType, RepriceTicketType, RetireTicketType, TicketTypeInput } from './event-commands';
import { CapacityBelowCommitted, SeatedCapacityFollowsSeats, TicketTypeExists } from '../shared/ticket-type-rules';
import { seatCountsByTicketType } from './seat-map';
import { EventState, TicketTypeDefinition } from './event-state';
import { TicketTypeAdded, TicketTypeCapacityChanged, TicketTypeRenamed, TicketTypeRepriced, TicketTypeRetired } from './event-events';
import { liveEvent, ticketTypeOf } from './event-guards';
import { assertCapacity, assertId, assertPrice } from './event-validation';

export function addTicketType(command: AddTicketType, state: EventState): TicketTypeAdded[] {
  const event = liveEvent(state);
  assertInstant('now', command.data.now);
  return [ticketTypeAdded(event.eventId, event.ticketTypes, command.data, '', command.data.now)];
}

/**
 * Shared by AddTicketType and CreateEvent. Ids stay taken after retirement because sold tickets
 * still name them; names only have to differ among types on sale, where buyers compare them.
 */
export function ticketTypeAdded(eventId: string, existing: readonly TicketTypeDefinition[], input: TicketTypeInput, path: string, now: string): TicketTypeAdded {
  const field = (name: string) => (path ? `${path}.${name}` : name);
  if (typeof input !== 'object' || input === null) throw new InvalidInput(path || 'ticketType', `${path || 'ticketType'} must be a ticket type`);
  assertId(field('ticketTypeId'), input.ticketTypeId);
  assertNonEmptyText(field('name'), input.name, 100);
  assertPrice(field('price'), input.price);
  assertCapacity(field('capacity'), input.capacity);
  if (existing.some((type) => type.ticketTypeId === input.ticketTypeId)) throw new TicketTypeExists(input.ticketTypeId);
  assertNameFree(existing, input.ticketTypeId, input.name, field('name'));
  const { ticketTypeId, name, price, capacity } = input;
  return { type: 'TicketTypeAdded', data: { eventId, ticketTypeId, name, price, capacity, addedAt: now } };
}

export function renameTicketType(command: RenameTicketType, state: EventState): TicketTypeRenamed[] {
  const event = liveEvent(state);
  const { ticketTypeId, name, now } = command.data;
  assertInstant('now', now);
  const type = ticketTypeOf(event, ticketTypeId);
  assertNonEmptyText('name', name, 100);
  if (name === type.name) return [];
  assertNameFree(event.ticketTypes, ticketTypeId, name, 'name');
  return [{ type: 'TicketTypeRenamed', data: { eventId: event.eventId, ticketTypeId, name, previousName: type.name, renamedAt: now } }];
}

export function repriceTicketType(command: RepriceTicketType, state: EventState): TicketTypeRepriced[] {
  const event = liveEvent(state);
  const { ticketTypeId, price, now } = command.data;
  assertInstant('now', now);
  const type = ticketTypeOf(event, ticketTypeId);
  assertPrice('price', price);
  if (price === type.price) return [];
  return [{ type: 'TicketTypeRepriced', data: { eventId: event.eventId, ticketTypeId, price, previousPrice: type.price, repricedAt: now } }];
}

export function changeTicketTypeCapacity(command: ChangeTicketTypeCapacity, state: EventState): TicketTypeCapacityChanged[] {
  const event = liveEvent(state);
  const { ticketTypeId, capacity, committed, now } = command.data;
  assertInstant('now', now);
  const type = ticketTypeOf(event, ticketTypeId);
  if (seatCountsByTicketType(event.seatMap).has(ticketTypeId)) throw new SeatedCapacityFollowsSeats(ticketTypeId);
  assertCapacity('capacity', capacity);
  assertNonNegativeInteger('committed', committed);
  if (capacity < committed) throw new CapacityBelowCommitted(ticketTypeId, capacity, committed);
  if (capacity === type.capacity) return [];
  return [{ type: 'TicketTypeCapacityChanged', data: { eventId: event.eventId, ticketTypeId, capacity, previousCapacity: type.capacity, changedAt: now } }];
}

export function retireTicketType(command: RetireTicketType, state: EventState): TicketTypeRetired[] {
  const event = liveEvent(state);
  const { ticketTypeId, now } = command.data;
  assertInstant('now', now);
  if (ticketTypeOf(event, ticketTypeId).retired) return [];
  return [{ type: 'TicketTypeRetired', data: { eventId: event.eventId, ticketTypeId, retiredAt: now } }];
}

// Case and surrounding spaces are ignored: "VIP" and "vip " look the same to a buyer.
function assertNameFree(existing: readonly TicketTypeDefinition[], ticketTypeId: string, name: string, field: string): void {
  const wanted = name.trim().toLowerCase();
  const clash = existing.find((type) => !type.retired && type.ticketTypeId !== ticketTypeId && type.name.trim().toLowerCase() === wanted);
  if (clash) throw new InvalidInput(field, `ticket type ${clash.ticketTypeId} is already called ${JSON.stringify(clash.name)}`, { ticketTypeId: clash.ticketTypeId });
}
