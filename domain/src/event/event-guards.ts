import { EventIsCancelled, EventNotFound, UnknownTicketType } from './event-errors';
import { EventState, LiveEvent, TicketTypeDefinition } from './event-state';

/** The event a change applies to: it must exist and not be cancelled. */
export function liveEvent(state: EventState): LiveEvent {
  switch (state.status) {
    case 'None':
      throw new EventNotFound();
    case 'Cancelled':
      throw new EventIsCancelled(state.eventId);
    case 'Draft':
    case 'Published':
      return state;
    default: {
      const _exhaustive: never = state;
      throw new Error(`unknown event status ${JSON.stringify(_exhaustive)}`);
    }
  }
}

export function ticketTypeOf(event: LiveEvent, ticketTypeId: string): TicketTypeDefinition {
  const type = event.ticketTypes.find((candidate) => candidate.ticketTypeId === ticketTypeId);
  if (!type) throw new UnknownTicketType(ticketTypeId);
  return type;
}
