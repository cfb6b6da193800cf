import type { Fees, RefundPolicy, SeatMap, Tax, Venue, WaitingRoom } from '@marquee/domain';
import type { Queryable } from '../projection';
import type { CatalogueStatus, CatalogueTicketType, SalesWindowValue } from '../read-models/catalogue';
import { iso, isoOrNull } from '../read-models/db-values';

export interface CatalogueTicketTypeView extends CatalogueTicketType {
  /** What the inventory can still sell; null until the event is on sale. */
  readonly available: number | null;
}

export interface CatalogueEvent {
  readonly eventId: string;
  readonly organizerId: string;
  readonly status: CatalogueStatus;
  readonly name: string;
  readonly venue: Venue;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timezone: string;
  readonly currency: string;
  readonly holdMinutes: number;
  readonly perOrderLimit: number;
  readonly salesWindow: SalesWindowValue;
  readonly fees: Fees;
  readonly tax: Tax;
  /** What buyers may get back on their own. */
  readonly refundPolicy: RefundPolicy;
  /** Buyers queue here first while set (POST /events/:id/queue). */
  readonly waitingRoom: WaitingRoom | null;
  readonly ticketTypes: readonly CatalogueTicketTypeView[];
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly cancelledAt: string | null;
  readonly cancellationReason: string | null;
  readonly updatedAt: string;
}

export interface CatalogueEventDetail extends CatalogueEvent {
  readonly seatMap: SeatMap | null;
}

interface EventRecord {
  event_id: string;
  organizer_id: string;
  status: CatalogueStatus;
  name: string;
  venue: Venue;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  currency: string;
  hold_minutes: number;
  per_order_limit: number;
  sales_window: SalesWindowValue;
  fees: Fees;
  tax: Tax;
  refund_policy: RefundPolicy;
  waiting_room: WaitingRoom | null;
  ticket_types: CatalogueTicketType[];
  seat_map?: SeatMap | null;
  created_at: Date;
  published_at: Date | null;
  cancelled_at: Date | null;
  cancellation_reason: string | null;
  updated_at: Date;
}

const LIST_COLUMNS = `event_id, organizer_id, status, name, venue, starts_at, ends_at, timezone, currency, hold_minutes,
  per_order_limit, sales_window, fees, tax, refund_policy, waiting_room, ticket_types, created_at, published_at, cancelled_at, cancellation_reason, updated_at`;

/** The storefront's list: published events (not drafts, not cancelled), soonest first. */
export async function listPublishedEvents(db: Queryable): Promise<CatalogueEvent[]> {
  const { rows } = await db.query<EventRecord>(
    `SELECT ${LIST_COLUMNS} FROM rm_events WHERE status = 'published' ORDER BY starts_at, event_id`);
  return withAvailability(db, rows);
}

/** Every event of one organizer, in every status, soonest first. */
export async function listOrganizerEvents(db: Queryable, organizerId: string): Promise<CatalogueEvent[]> {
  const { rows } = await db.query<EventRecord>(
    `SELECT ${LIST_COLUMNS} FROM rm_events WHERE organizer_id = $1 ORDER BY starts_at, event_id`, [organizerId]);
  return withAvailability(db, rows);
}

/** One event in any status, with its seat map; null when unknown. The caller decides who may see a draft. */
export async function getEvent(db: Queryable, eventId: string): Promise<CatalogueEventDetail | null> {
  const { rows } = await db.query<EventRecord>(`SELECT ${LIST_COLUMNS}, seat_map FROM rm_events WHERE event_id = $1`, [eventId]);
  const [event] = await withAvailability(db, rows);
  const row = rows[0];
  return event && row ? { ...event, seatMap: row.seat_map ?? null } : null;
}

async function withAvailability(db: Queryable, rows: readonly EventRecord[]): Promise<CatalogueEvent[]> {
  if (rows.length === 0) return [];
  const { rows: stock } = await db.query<{ event_id: string; ticket_type_id: string; available: number }>(
    'SELECT event_id, ticket_type_id, available FROM rm_availability WHERE event_id = ANY ($1::text[])', [rows.map((row) => row.event_id)]);
  const available = new Map(stock.map((row) => [`${row.event_id}\u0000${row.ticket_type_id}`, row.available]));
  return rows.map((row) => ({
    eventId: row.event_id,
    organizerId: row.organizer_id,
    status: row.status,
    name: row.name,
    venue: row.venue,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    timezone: row.timezone,
    currency: row.currency,
    holdMinutes: row.hold_minutes,
    perOrderLimit: row.per_order_limit,
    salesWindow: row.sales_window,
    fees: row.fees,
    tax: row.tax,
    refundPolicy: row.refund_policy,
    waitingRoom: row.waiting_room ?? null,
    ticketTypes: row.ticket_types.map((type) => ({ ...type, available: available.get(`${row.event_id}\u0000${type.id}`) ?? null })),
    createdAt: iso(row.created_at),
    publishedAt: isoOrNull(row.published_at),
    cancelledAt: isoOrNull(row.cancelled_at),
    cancellationReason: row.cancellation_reason,
    updatedAt: iso(row.updated_at),
  }));
}
