import type { PoolClient } from 'pg';
import type { EventEvent, Fees, RefundPolicy, SeatMap, Tax, Venue, WaitingRoom } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import { idInStream } from './stream-names';
import type { TableShape } from './upsert-rows';
import { upsertRows } from './upsert-rows';

export type CatalogueStatus = 'draft' | 'published' | 'cancelled';

export interface CatalogueTicketType {
  readonly id: string;
  readonly name: string;
  readonly price: number;
  readonly capacity: number;
  readonly retired: boolean;
}

export interface SalesWindowValue {
  readonly opensAt?: string;
  readonly closesAt?: string;
}

/** A row of rm_events as written and as read back with to_jsonb. */
export interface CatalogueRow {
  event_id: string;
  organizer_id: string;
  status: CatalogueStatus;
  name: string;
  venue: Venue;
  starts_at: string;
  ends_at: string;
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
  seat_map: SeatMap | null;
  created_at: string;
  published_at: string | null;
  cancelled_at: string | null;
  cancellation_reason: string | null;
  updated_at: string;
  /** The event stream's last revision folded in: replays at or below it change nothing. */
  last_revision: number;
}

const catalogueTable: TableShape<CatalogueRow> = {
  table: 'rm_events',
  key: ['event_id'],
  columns: {
    event_id: 'text', organizer_id: 'text', status: 'text', name: 'text', venue: 'jsonb', starts_at: 'timestamptz',
    ends_at: 'timestamptz', timezone: 'text', currency: 'text', hold_minutes: 'integer', per_order_limit: 'integer',
    sales_window: 'jsonb', fees: 'jsonb', tax: 'jsonb', refund_policy: 'jsonb', waiting_room: 'jsonb', ticket_types: 'jsonb', seat_map: 'jsonb', created_at: 'timestamptz',
    published_at: 'timestamptz', cancelled_at: 'timestamptz', cancellation_reason: 'text', updated_at: 'timestamptz',
    last_revision: 'bigint',
  },
};

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'events catalogue',
    sql: `
      CREATE TABLE rm_events (
        event_id text PRIMARY KEY,
        organizer_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
        name text NOT NULL,
        venue jsonb NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        timezone text NOT NULL,
        currency text NOT NULL,
        hold_minutes integer NOT NULL,
        per_order_limit integer NOT NULL,
        sales_window jsonb NOT NULL,
        fees jsonb NOT NULL,
        tax jsonb NOT NULL,
        ticket_types jsonb NOT NULL,
        seat_map jsonb,
        created_at timestamptz NOT NULL,
        published_at timestamptz,
        cancelled_at timestamptz,
        cancellation_reason text,
        updated_at timestamptz NOT NULL,
        last_revision bigint NOT NULL
      );
      CREATE INDEX rm_events_published ON rm_events (starts_at) WHERE status = 'published';
      CREATE INDEX rm_events_organizer ON rm_events (organizer_id, starts_at);
    `,
  },
  {
    version: 2,
    name: 'the waiting room an event lets buyers in through',
    sql: 'ALTER TABLE rm_events ADD COLUMN waiting_room jsonb',
  },
  {
    version: 3,
    name: 'the refund policy buyers are shown',
    sql: `ALTER TABLE rm_events ADD COLUMN refund_policy jsonb NOT NULL DEFAULT '{"kind": "final-sale"}'`,
  },
];

/** Every event in every status, from its `event-<eventId>` stream: the storefront's and the organizer's lists. */
export const catalogueProjection: Projection = {
  name: 'catalogue',
  streamPrefixes: ['event-'],
  migrations,
  tables: ['rm_events'],
  apply: applyCatalogue,
};

async function applyCatalogue(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const eventIds = [...new Set(events.map((event) => idInStream(event.streamId, 'event')))];
  const { rows } = await client.query<{ row: CatalogueRow }>(
    'SELECT to_jsonb(e) AS row FROM rm_events e WHERE event_id = ANY ($1::text[]) FOR UPDATE', [eventIds]);
  const catalogue = new Map(rows.map(({ row }) => [row.event_id, row]));
  const touched = new Set<string>();
  for (const recorded of events) {
    const eventId = idInStream(recorded.streamId, 'event');
    const before = catalogue.get(eventId);
    if (before && recorded.revision <= BigInt(before.last_revision)) continue;
    const after = foldCatalogueEvent(before, recorded);
    if (!after) continue;
    catalogue.set(eventId, after);
    touched.add(eventId);
  }
  await upsertRows(client, catalogueTable, [...touched].map((eventId) => catalogue.get(eventId)).filter((row) => row !== undefined));
  return [...touched].map((eventId) => ({ kind: 'event', eventId }));
}

/** The row after one event; undefined when the event means nothing here (nothing before EventCreated, or an unknown type). */
export function foldCatalogueEvent(row: CatalogueRow | undefined, recorded: RecordedEvent): CatalogueRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as EventEvent;
  const stamp = { updated_at: recorded.created.toISOString(), last_revision: Number(recorded.revision) };
  if (event.type === 'EventCreated') {
    const { data } = event;
    return {
      event_id: data.eventId, organizer_id: data.organizerId, status: 'draft', name: data.name, venue: data.venue,
      starts_at: data.startsAt, ends_at: data.endsAt, timezone: data.timezone, currency: data.currency,
      hold_minutes: data.holdMinutes, per_order_limit: data.perOrderLimit, sales_window: {},
      fees: { fixed: 0, percentBasisPoints: 0 }, tax: { rateBasisPoints: 0, inclusive: true }, refund_policy: { kind: 'final-sale' }, waiting_room: null, ticket_types: [], seat_map: null,
      created_at: data.createdAt, published_at: null, cancelled_at: null, cancellation_reason: null, ...stamp,
    };
  }
  if (!row) return undefined;
  const changed = changedFields(row, event);
  return changed && { ...row, ...changed, ...stamp };
}

function changedFields(row: CatalogueRow, event: EventEvent): Partial<CatalogueRow> | undefined {
  switch (event.type) {
    case 'EventCreated':
      return undefined;
    case 'EventDetailsEdited': {
      const { name, venue, startsAt, endsAt, timezone, currency } = event.data;
      return {
        ...(name !== undefined && { name }), ...(venue !== undefined && { venue }), ...(startsAt !== undefined && { starts_at: startsAt }),
        ...(endsAt !== undefined && { ends_at: endsAt }), ...(timezone !== undefined && { timezone }), ...(currency !== undefined && { currency }),
      };
    }
    case 'TicketTypeAdded': {
      const { ticketTypeId, name, price, capacity } = event.data;
      return { ticket_types: [...row.ticket_types.filter((type) => type.id !== ticketTypeId), { id: ticketTypeId, name, price, capacity, retired: false }] };
    }
    case 'TicketTypeRenamed':
      return ticketTypeChange(row, event.data.ticketTypeId, { name: event.data.name });
    case 'TicketTypeRepriced':
      return ticketTypeChange(row, event.data.ticketTypeId, { price: event.data.price });
    case 'TicketTypeCapacityChanged':
      return ticketTypeChange(row, event.data.ticketTypeId, { capacity: event.data.capacity });
    case 'TicketTypeRetired':
      return ticketTypeChange(row, event.data.ticketTypeId, { retired: true });
    case 'SeatMapAssigned':
      return { seat_map: event.data.seatMap };
    case 'HoldMinutesSet':
      return { hold_minutes: event.data.holdMinutes };
    case 'OrderLimitSet':
      return { per_order_limit: event.data.perOrderLimit };
    case 'SalesWindowSet':
      return { sales_window: event.data.salesWindow };
    case 'WaitingRoomSet':
      return { waiting_room: event.data.waitingRoom };
    case 'FeesSet':
      return { fees: event.data.fees };
    case 'TaxSet':
      return { tax: event.data.tax };
    case 'RefundPolicySet':
      return { refund_policy: event.data.refundPolicy };
    case 'EventPublished':
      return row.status === 'draft' ? { status: 'published', published_at: event.data.publishedAt } : {};
    case 'EventCancelled':
      return row.status === 'cancelled' ? {} : { status: 'cancelled', cancelled_at: event.data.cancelledAt, cancellation_reason: event.data.reason };
    default:
      // A type written by a newer version: nothing this one can show.
      return undefined;
  }
}

function ticketTypeChange(row: CatalogueRow, ticketTypeId: string, change: Partial<CatalogueTicketType>): Partial<CatalogueRow> {
  return { ticket_types: row.ticket_types.map((type) => (type.id === ticketTypeId ? { ...type, ...change } : type)) };
}
