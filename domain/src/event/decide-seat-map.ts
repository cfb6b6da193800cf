import { assertInstant } from '../shared/validation';
import { AssignSeatMap } from './event-commands';
import { SeatMapLockedAfterPublish } from './event-errors';
import { EventState } from './event-state';
import { SeatMapAssigned } from './event-events';
import { liveEvent } from './event-guards';
import { assertSeatMap } from './seat-map';

/** Once published, buyers may hold or own seats: replacing the map would orphan them. */
export function assignSeatMap(command: AssignSeatMap, state: EventState): SeatMapAssigned[] {
  const event = liveEvent(state);
  const { seatMap, now } = command.data;
  assertInstant('now', now);
  if (event.status === 'Published') throw new SeatMapLockedAfterPublish(event.eventId);
  const sellable = new Set(event.ticketTypes.filter((type) => !type.retired).map((type) => type.ticketTypeId));
  assertSeatMap(seatMap, sellable);
  return [{ type: 'SeatMapAssigned', data: { eventId: event.eventId, seatMap, assignedAt: now } }];
}
