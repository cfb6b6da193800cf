import { PricingLine } from './pricing-types';

/** GA lines and seats as a hold or an order carries them, each with its price snapshot. */
export interface HeldTickets {
  readonly items: readonly { readonly ticketTypeId: string; readonly quantity: number; readonly unitPrice: number }[];
  readonly seats: readonly { readonly seatId: string; readonly ticketTypeId: string; readonly unitPrice: number }[];
}

/** Seats become one line per ticket type and price, so a hold and its order price alike. */
export function pricingLinesOf({ items, seats }: HeldTickets): PricingLine[] {
  const seatLines = new Map<string, PricingLine>();
  for (const seat of seats) {
    const key = JSON.stringify([seat.ticketTypeId, seat.unitPrice]);
    const line = seatLines.get(key);
    seatLines.set(key, { ticketTypeId: seat.ticketTypeId, unitPrice: seat.unitPrice, quantity: (line?.quantity ?? 0) + 1 });
  }
  return [...items.map(({ ticketTypeId, unitPrice, quantity }) => ({ ticketTypeId, unitPrice, quantity })), ...seatLines.values()];
}
