import type { TicketTypeAvailability } from '@marquee/domain';
import type { Queryable } from '../projection';
import { isoOrNull } from '../read-models/db-values';
import type { SalesStatus, SeatStatus } from '../read-models/inventory/inventory-tables';

/** The same shape the inventory decider's own `availability(state)` answers with. */
export type TicketTypeAvailabilityView = TicketTypeAvailability;

export interface EventAvailability {
  readonly eventId: string;
  readonly status: SalesStatus;
  /** Why sales are closed (paused, sales-ended, event-cancelled); null while open. */
  readonly reason: string | null;
  readonly currency: string;
  readonly perOrderLimit: number;
  readonly holdMinutes: number;
  readonly salesWindow: { readonly opensAt: string | null; readonly closesAt: string | null };
  readonly ticketTypes: readonly TicketTypeAvailabilityView[];
}

export interface SeatView {
  readonly seatId: string;
  readonly label: string;
  readonly ticketTypeId: string;
  readonly accessible: boolean;
  readonly status: SeatStatus;
  readonly holdId: string | null;
  readonly orderId: string | null;
}

/** Live stock of an event; null until its inventory has opened. */
export async function availabilityOf(db: Queryable, eventId: string): Promise<EventAvailability | null> {
  const { rows: statuses } = await db.query<{
    status: SalesStatus; reason: string | null; currency: string; per_order_limit: number; hold_minutes: number;
    opens_at: Date | null; closes_at: Date | null;
  }>('SELECT status, reason, currency, per_order_limit, hold_minutes, opens_at, closes_at FROM rm_sales_status WHERE event_id = $1', [eventId]);
  const status = statuses[0];
  if (!status) return null;
  const { rows } = await db.query<{
    ticket_type_id: string; name: string; price: string; capacity: number; held: number; sold: number; blocked: number;
    available: number; seated: boolean;
  }>(
    `SELECT ticket_type_id, name, price, capacity, held, sold, blocked, available, seated
     FROM rm_availability WHERE event_id = $1 ORDER BY ticket_type_id COLLATE "C"`, [eventId]);
  return {
    eventId,
    status: status.status,
    reason: status.reason,
    currency: status.currency,
    perOrderLimit: status.per_order_limit,
    holdMinutes: status.hold_minutes,
    salesWindow: { opensAt: isoOrNull(status.opens_at), closesAt: isoOrNull(status.closes_at) },
    ticketTypes: rows.map((row) => ({
      ticketTypeId: row.ticket_type_id, name: row.name, price: Number(row.price), capacity: row.capacity, held: row.held,
      sold: row.sold, blocked: row.blocked, available: row.available, seated: row.seated,
    })),
  };
}

/** Every seat of an event with its status; empty for general admission or before the inventory opens. */
export async function seatsOf(db: Queryable, eventId: string): Promise<SeatView[]> {
  const { rows } = await db.query<{
    seat_id: string; label: string; ticket_type_id: string; accessible: boolean; status: SeatStatus; hold_id: string | null; order_id: string | null;
  }>('SELECT seat_id, label, ticket_type_id, accessible, status, hold_id, order_id FROM rm_seats WHERE event_id = $1 ORDER BY seat_id', [eventId]);
  return rows.map((row) => ({
    seatId: row.seat_id, label: row.label, ticketTypeId: row.ticket_type_id, accessible: row.accessible, status: row.status,
    holdId: row.hold_id, orderId: row.order_id,
  }));
}
