import type { ProjectionMigration } from '../../projection';
import type { TableShape } from '../upsert-rows';

export type SalesStatus = 'open' | 'closed';
export type SeatStatus = 'free' | 'held' | 'sold' | 'blocked';

/** One per inventory stream; its last_revision guards the whole stream's rows against replays. */
export interface SalesStatusRow {
  event_id: string;
  status: SalesStatus;
  /** Why sales are closed: paused, sales-ended or event-cancelled. */
  reason: string | null;
  currency: string;
  per_order_limit: number;
  hold_minutes: number;
  opens_at: string | null;
  closes_at: string | null;
  updated_at: string;
  last_revision: number;
}

export interface AvailabilityRow {
  event_id: string;
  ticket_type_id: string;
  name: string;
  price: number;
  capacity: number;
  held: number;
  sold: number;
  blocked: number;
  available: number;
  seated: boolean;
}

export interface SeatRow {
  event_id: string;
  seat_id: string;
  label: string;
  ticket_type_id: string;
  accessible: boolean;
  status: SeatStatus;
  hold_id: string | null;
  order_id: string | null;
}

export const salesStatusTable: TableShape<SalesStatusRow> = {
  table: 'rm_sales_status',
  key: ['event_id'],
  columns: {
    event_id: 'text', status: 'text', reason: 'text', currency: 'text', per_order_limit: 'integer', hold_minutes: 'integer',
    opens_at: 'timestamptz', closes_at: 'timestamptz', updated_at: 'timestamptz', last_revision: 'bigint',
  },
};

export const availabilityTable: TableShape<AvailabilityRow> = {
  table: 'rm_availability',
  key: ['event_id', 'ticket_type_id'],
  columns: {
    event_id: 'text', ticket_type_id: 'text', name: 'text', price: 'bigint', capacity: 'integer', held: 'integer',
    sold: 'integer', blocked: 'integer', available: 'integer', seated: 'boolean',
  },
};

export const seatTable: TableShape<SeatRow> = {
  table: 'rm_seats',
  key: ['event_id', 'seat_id'],
  columns: {
    event_id: 'text', seat_id: 'text', label: 'text', ticket_type_id: 'text', accessible: 'boolean', status: 'text',
    hold_id: 'text', order_id: 'text',
  },
};

export const inventoryMigrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'availability, sales status and seats',
    sql: `
      CREATE TABLE rm_sales_status (
        event_id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        reason text,
        currency text NOT NULL,
        per_order_limit integer NOT NULL,
        hold_minutes integer NOT NULL,
        opens_at timestamptz,
        closes_at timestamptz,
        updated_at timestamptz NOT NULL,
        last_revision bigint NOT NULL
      );
      CREATE TABLE rm_availability (
        event_id text NOT NULL,
        ticket_type_id text NOT NULL,
        name text NOT NULL,
        price bigint NOT NULL,
        capacity integer NOT NULL,
        held integer NOT NULL,
        sold integer NOT NULL,
        blocked integer NOT NULL,
        available integer NOT NULL,
        seated boolean NOT NULL,
        PRIMARY KEY (event_id, ticket_type_id)
      );
      CREATE TABLE rm_seats (
        event_id text NOT NULL,
        seat_id text NOT NULL,
        label text NOT NULL,
        ticket_type_id text NOT NULL,
        accessible boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('free', 'held', 'sold', 'blocked')),
        hold_id text,
        order_id text,
        PRIMARY KEY (event_id, seat_id)
      );
    `,
  },
];
