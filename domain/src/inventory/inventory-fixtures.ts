import { InventoryCommand } from './inventory-commands';
import { InventoryEvent } from './inventory-events';

/** Shared by the inventory specs: a small hall with GA standing and a row of seats. */
export const T0 = '2026-12-01T10:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
export const buyer = { email: 'ada@example.com', name: 'Ada Lovelace' };

export function inventoryOpened(overrides: { standing?: number; perOrderLimit?: number; salesWindow?: { opensAt?: string; closesAt?: string } } = {}): InventoryEvent {
  return {
    type: 'InventoryOpened',
    data: {
      eventId: 'evt-1', currency: 'EUR', perOrderLimit: overrides.perOrderLimit ?? 10, holdMinutes: 10,
      salesWindow: overrides.salesWindow ?? {},
      ticketTypes: [
        { ticketTypeId: 'standing', name: 'Standing', price: 3_500, capacity: overrides.standing ?? 100 },
        { ticketTypeId: 'stalls', name: 'Stalls', price: 6_000, capacity: 3 },
      ],
      seats: [
        { seatId: 'A1', label: 'Stalls A1', ticketTypeId: 'stalls', accessible: true },
        { seatId: 'A2', label: 'Stalls A2', ticketTypeId: 'stalls' },
        { seatId: 'A3', label: 'Stalls A3', ticketTypeId: 'stalls' },
      ],
      openedAt: T0,
    },
  };
}

export function holdCommand(holdId: string, request: { standing?: number; seats?: string[] }, now = T0): InventoryCommand {
  return {
    type: 'HoldTickets',
    data: {
      holdId, buyer, now,
      ...(request.standing ? { items: [{ ticketTypeId: 'standing', quantity: request.standing }] } : {}),
      ...(request.seats ? { seats: request.seats } : {}),
    },
  };
}

export function ticketsHeld(holdId: string, request: { standing?: number; seats?: string[] }, heldAt = T0, expiresAt = new Date(Date.parse(heldAt) + 10 * 60_000).toISOString()): InventoryEvent {
  return {
    type: 'TicketsHeld',
    data: {
      holdId,
      items: request.standing ? [{ ticketTypeId: 'standing', quantity: request.standing, unitPrice: 3_500 }] : [],
      seats: (request.seats ?? []).map((seatId) => ({ seatId, ticketTypeId: 'stalls', unitPrice: 6_000 })),
      currency: 'EUR', buyer, heldAt, expiresAt,
    },
  };
}

export function holdSold(held: InventoryEvent, orderId: string, soldAt = at(1)): InventoryEvent {
  if (held.type !== 'TicketsHeld') throw new Error('holdSold needs a TicketsHeld event');
  const { holdId, items, seats } = held.data;
  return { type: 'HoldSold', data: { holdId, orderId, items, seats, soldAt } };
}

export function holdReleased(held: InventoryEvent, reason: 'expired' | 'cancelled' | 'payment-failed', releasedAt = at(11)): InventoryEvent {
  if (held.type !== 'TicketsHeld') throw new Error('holdReleased needs a TicketsHeld event');
  const { holdId, items, seats } = held.data;
  return { type: 'HoldReleased', data: { holdId, reason, items, seats, releasedAt } };
}
