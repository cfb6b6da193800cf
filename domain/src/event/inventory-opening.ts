import type { OpenInventory, SeatInput } from '../inventory/inventory-commands';
import { assertInstant } from '../shared/validation';
import { EventIsCancelled, EventNotFound } from './event-errors';
import { EventState } from './event-state';
import { SeatMap } from './seat-map';
import { activeTicketTypes } from './ticket-type-capacity';

/** The data of the inventory stream's OpenInventory command. */
export type InventoryOpening = OpenInventory['data'];
export type InventorySeat = SeatInput;

/**
 * What the inventory must know to start selling, taken from the event as it is being published.
 * Retired types and their seats are left out: they can no longer be sold.
 */
export function inventoryOpeningFrom(state: EventState, now: string): InventoryOpening {
  if (state.status === 'None') throw new EventNotFound();
  if (state.status === 'Cancelled') throw new EventIsCancelled(state.eventId);
  assertInstant('now', now);
  const ticketTypes = activeTicketTypes(state);
  const { opensAt, closesAt } = state.salesWindow;
  return {
    eventId: state.eventId,
    currency: state.currency,
    perOrderLimit: state.perOrderLimit,
    holdMinutes: state.holdMinutes,
    ...((opensAt !== undefined || closesAt !== undefined) && { salesWindow: state.salesWindow }),
    ticketTypes,
    seats: seatsOf(state.seatMap, new Set(ticketTypes.map((type) => type.ticketTypeId))),
    now,
  };
}

function seatsOf(seatMap: SeatMap | undefined, sellable: ReadonlySet<string>): InventorySeat[] {
  const seats: InventorySeat[] = [];
  for (const section of seatMap?.sections ?? []) {
    for (const row of section.rows) {
      for (const { seatId, label, ticketTypeId, accessible } of row.seats) {
        if (!sellable.has(ticketTypeId)) continue;
        seats.push({ seatId, label: `${section.name} ${row.label}-${label}`, ticketTypeId, ...(accessible !== undefined && { accessible }) });
      }
    }
  }
  return seats;
}
