import { EventDetails } from './event-state';
import { seatCountsByTicketType } from './seat-map';

export interface ActiveTicketType {
  readonly ticketTypeId: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
}

/**
 * The ticket types buyers can be offered, with the capacity the inventory will sell: for a type
 * that has seats in the map that is its number of seats, whatever capacity was typed in.
 */
export function activeTicketTypes(event: EventDetails): ActiveTicketType[] {
  const seats = seatCountsByTicketType(event.seatMap);
  return event.ticketTypes
    .filter((type) => !type.retired)
    .map(({ ticketTypeId, name, price, capacity }) => ({ ticketTypeId, name, price, capacity: seats.get(ticketTypeId) ?? capacity }));
}
