import { InventoryState, SeatStatus } from './inventory-state';

export interface TicketTypeAvailability {
  readonly ticketTypeId: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
  readonly held: number;
  readonly sold: number;
  readonly blocked: number;
  readonly available: number;
  readonly seated: boolean;
}

export interface SeatAvailability {
  readonly seatId: string;
  readonly label: string;
  readonly ticketTypeId: string;
  readonly accessible: boolean;
  readonly status: SeatStatus;
}

export function availability(state: InventoryState): TicketTypeAvailability[] {
  if (state.status === 'NotOpened') return [];
  return [...state.ticketTypes.values()].map(({ ticketTypeId, name, price, capacity, held, sold, blocked, seated }) => ({
    ticketTypeId, name, price, capacity, held, sold, blocked, seated, available: capacity - held - sold - blocked,
  }));
}

export function seatStatus(state: InventoryState): SeatAvailability[] {
  if (state.status === 'NotOpened') return [];
  return [...state.seats.values()].map(({ seatId, label, ticketTypeId, accessible, status }) => ({ seatId, label, ticketTypeId, accessible, status }));
}
