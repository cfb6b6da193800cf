import { randomUUID } from 'node:crypto';
import { EventMetadata, InventoryCommand } from '@marquee/domain';

export interface Scenario {
  readonly name: string;
  readonly buyers: number;
  readonly capacity: number;
  /** Every buyer wants this one seat, instead of one GA ticket. */
  readonly sameSeat?: boolean;
}

export const scenarios: Scenario[] = [
  { name: '5,000 buyers / 500 GA', buyers: 5_000, capacity: 500 },
  { name: '5,000 buyers / 5,000 GA', buyers: 5_000, capacity: 5_000 },
  { name: '100 buyers / 1 seat', buyers: 100, capacity: 1, sameSeat: true },
];

export const TICKET_TYPE = 'general-admission';
export const SEATED_TYPE = 'stalls';
export const CONTESTED_SEAT = 'stalls-A-1';

export function metadata(actor: string): EventMetadata {
  return { correlationId: randomUUID(), causationId: randomUUID(), actor, occurredAt: new Date().toISOString() };
}

/** The inventory a scenario sells: GA capacity, or a 100-seat block for the seat race. */
export function openInventory(eventId: string, scenario: Scenario): InventoryCommand {
  const seats = scenario.sameSeat
    ? Array.from({ length: 100 }, (_, i) => ({ seatId: i === 0 ? CONTESTED_SEAT : `stalls-A-${i + 1}`, label: `A${i + 1}`, ticketTypeId: SEATED_TYPE }))
    : [];
  return {
    type: 'OpenInventory',
    data: {
      eventId,
      currency: 'EUR',
      perOrderLimit: 10,
      holdMinutes: 10,
      ticketTypes: scenario.sameSeat
        ? [{ ticketTypeId: SEATED_TYPE, name: 'Stalls', price: 6_500, capacity: seats.length }]
        : [{ ticketTypeId: TICKET_TYPE, name: 'General admission', price: 4_500, capacity: scenario.capacity }],
      seats,
      now: new Date().toISOString(),
    },
  };
}

export function holdCommand(buyer: number, scenario: Scenario): InventoryCommand {
  const now = new Date();
  return {
    type: 'HoldTickets',
    data: {
      holdId: randomUUID(),
      ...(scenario.sameSeat ? { seats: [CONTESTED_SEAT] } : { items: [{ ticketTypeId: TICKET_TYPE, quantity: 1 }] }),
      buyer: { email: `buyer${buyer}@example.com`, name: `Buyer ${buyer}` },
      idempotencyKey: randomUUID(),
      now: now.toISOString(),
      expiresAt: new Date(now.getTime() + 10 * 60_000).toISOString(),
    },
  };
}
