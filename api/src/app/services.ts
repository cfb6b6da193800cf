import type { Checkout, OrganizerEvents, Position, Reservations } from '@marquee/commands';

/** What the read models answer (camelCase, numbers, ISO times); see app/read-models.ts. */
export interface ReadModels {
  publishedEvents(): Promise<CatalogueEvent[]>;
  event(eventId: string): Promise<CatalogueEvent | null>;
  organizerEvents(organizerId: string): Promise<CatalogueEvent[]>;
  availability(eventId: string): Promise<TicketTypeAvailability[]>;
  seats(eventId: string): Promise<SeatView[]>;
  reservation(reservationId: string): Promise<ReservationView | null>;
  order(orderId: string): Promise<OrderView | null>;
  ordersOfEvent(eventId: string, options: { search?: string; limit?: number }): Promise<OrderView[]>;
  salesPerMinute(eventId: string): Promise<{ ticketTypeId: string; minute: string; tickets: number; revenue: number }[]>;
}

export interface CatalogueEvent {
  readonly eventId: string;
  readonly organizerId: string;
  readonly status: 'draft' | 'published' | 'cancelled';
  readonly name: string;
  readonly venue: { name: string; address?: string };
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timezone: string;
  readonly currency: string;
  readonly holdMinutes: number;
  readonly perOrderLimit: number;
  readonly ticketTypes: readonly { ticketTypeId: string; name: string; price: number; capacity: number; retired: boolean }[];
  readonly seated: boolean;
}

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

export interface SeatView {
  readonly seatId: string;
  readonly label: string;
  readonly ticketTypeId: string;
  readonly accessible: boolean;
  readonly status: 'free' | 'held' | 'sold' | 'blocked';
}

export interface ReservationView {
  readonly reservationId: string;
  readonly eventId: string;
  readonly status: 'held' | 'released' | 'sold';
  readonly releaseReason: string | null;
  readonly orderId: string | null;
  readonly buyer: { email: string; name: string };
  readonly items: unknown;
  readonly seats: unknown;
  readonly currency: string;
  readonly heldAt: string;
  readonly expiresAt: string;
}

export interface OrderView {
  readonly orderId: string;
  readonly eventId: string;
  readonly holdId: string;
  readonly status: 'placed' | 'confirmed' | 'cancelled' | 'expired';
  readonly buyer: { email: string; name: string; country?: string | null };
  readonly pricing: unknown;
  readonly total: number;
  readonly currency: string;
  readonly paymentReference: string | null;
  readonly placedAt: string;
  readonly confirmedAt: string | null;
  readonly tickets: readonly { ticketId: string; ticketTypeId: string; seatId?: string | null; seatLabel?: string | null; holderName?: string }[];
}

/** Read-your-writes: wait until the read models include a given append (or the log's head). */
export interface Freshness {
  waitFor(position: Position | null, timeoutMs?: number): Promise<boolean>;
  waitForHead(timeoutMs?: number): Promise<boolean>;
}

export interface OrderTokens {
  sign(orderId: string): Promise<string>;
  /** The order id the token grants, or null. */
  verify(token: string): Promise<string | null>;
}

export interface ApiServices {
  readonly organizerEvents: OrganizerEvents;
  readonly reservations: Reservations;
  readonly checkout: Checkout;
  readonly reads: ReadModels;
  readonly freshness: Freshness;
  readonly orderTokens: OrderTokens;
  readonly paymentProvider: string;
}
