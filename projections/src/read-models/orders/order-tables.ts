import type { OrderItem, OrderSeat, OrderTicket, PriceBreakdown } from '@marquee/domain';
import type { ProjectionMigration } from '../../projection';
import type { TableShape } from '../upsert-rows';

export type OrderStatus = 'placed' | 'confirmed' | 'cancelled' | 'expired';

/** The provider's news about the order's money, as the order stream recorded it. */
export interface PaymentFailureRow { readonly attemptId: string; readonly code: string; readonly message: string; readonly failedAt: string }
export interface RefundRow { readonly refundId: string; readonly amount: number; readonly reason: string; readonly refundedAt: string }
export interface DisputeRow { readonly disputeId: string; readonly amount: number; readonly reason: string; readonly disputedAt: string }
export type TicketStatus = 'valid' | 'voided';
/** A refund Marquee gives, step by step: `failures` non-empty and still `open` means the order is flagged. */
export interface RefundRequestRow {
  readonly refundRequestId: string;
  readonly amount: number;
  readonly ticketIds: readonly string[];
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly status: 'open' | 'completed';
  readonly failures: readonly { readonly attempt: number; readonly code: string; readonly message: string; readonly failedAt: string }[];
  readonly refundId: string | null;
  readonly completedAt: string | null;
}

export interface OrderRow {
  order_id: string;
  event_id: string;
  hold_id: string;
  status: OrderStatus;
  buyer_email: string;
  buyer_name: string;
  buyer_country: string | null;
  items: OrderItem[];
  seats: OrderSeat[];
  pricing: PriceBreakdown;
  total: number;
  currency: string;
  payment_reference: string | null;
  amount_paid: number | null;
  placed_at: string;
  expires_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
  cancellation_reason: string | null;
  expired_at: string | null;
  /** As the order issued them (TicketsIssued); each ticket's own stream fills rm_tickets. */
  tickets: OrderTicket[];
  tickets_issued_at: string | null;
  payment_intent_id: string | null;
  payment_failures: PaymentFailureRow[];
  refunds: RefundRow[];
  refunded_amount: number;
  /** Non-empty: the organizer must look at this order. */
  disputes: DisputeRow[];
  reheld_hold_id: string | null;
  refund_requests: RefundRequestRow[];
  last_revision: number;
}

export interface TicketRow {
  ticket_id: string;
  order_id: string;
  event_id: string;
  ticket_type_id: string;
  seat_id: string | null;
  seat_label: string | null;
  holder_name: string;
  status: TicketStatus;
  issued_at: string;
  voided_at: string | null;
  void_reason: string | null;
  last_revision: number;
}

export const orderTable: TableShape<OrderRow> = {
  table: 'rm_orders',
  key: ['order_id'],
  columns: {
    order_id: 'text', event_id: 'text', hold_id: 'text', status: 'text', buyer_email: 'text', buyer_name: 'text',
    buyer_country: 'text', items: 'jsonb', seats: 'jsonb', pricing: 'jsonb', total: 'bigint', currency: 'text',
    payment_reference: 'text', amount_paid: 'bigint', placed_at: 'timestamptz', expires_at: 'timestamptz',
    confirmed_at: 'timestamptz', cancelled_at: 'timestamptz', cancellation_reason: 'text', expired_at: 'timestamptz',
    tickets: 'jsonb', tickets_issued_at: 'timestamptz', payment_intent_id: 'text', payment_failures: 'jsonb', refunds: 'jsonb',
    refunded_amount: 'bigint', disputes: 'jsonb', reheld_hold_id: 'text', refund_requests: 'jsonb', last_revision: 'bigint',
  },
};

export const ticketTable: TableShape<TicketRow> = {
  table: 'rm_tickets',
  key: ['ticket_id'],
  columns: {
    ticket_id: 'text', order_id: 'text', event_id: 'text', ticket_type_id: 'text', seat_id: 'text', seat_label: 'text',
    holder_name: 'text', status: 'text', issued_at: 'timestamptz', voided_at: 'timestamptz', void_reason: 'text',
    last_revision: 'bigint',
  },
};

export const orderMigrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'orders and tickets',
    sql: `
      CREATE TABLE rm_orders (
        order_id text PRIMARY KEY,
        event_id text NOT NULL,
        hold_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('placed', 'confirmed', 'cancelled', 'expired')),
        buyer_email text NOT NULL,
        buyer_name text NOT NULL,
        buyer_country text,
        items jsonb NOT NULL,
        seats jsonb NOT NULL,
        pricing jsonb NOT NULL,
        total bigint NOT NULL,
        currency text NOT NULL,
        payment_reference text,
        amount_paid bigint,
        placed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        cancellation_reason text,
        expired_at timestamptz,
        tickets jsonb NOT NULL,
        tickets_issued_at timestamptz,
        last_revision bigint NOT NULL
      );
      CREATE INDEX rm_orders_event ON rm_orders (event_id, placed_at DESC);
      CREATE INDEX rm_orders_hold ON rm_orders (hold_id);
      CREATE TABLE rm_tickets (
        ticket_id text PRIMARY KEY,
        order_id text NOT NULL,
        event_id text NOT NULL,
        ticket_type_id text NOT NULL,
        seat_id text,
        seat_label text,
        holder_name text NOT NULL,
        status text NOT NULL CHECK (status IN ('valid', 'voided')),
        issued_at timestamptz NOT NULL,
        voided_at timestamptz,
        void_reason text,
        last_revision bigint NOT NULL
      );
      CREATE INDEX rm_tickets_order ON rm_tickets (order_id);
      CREATE INDEX rm_tickets_event ON rm_tickets (event_id);
    `,
  },
  {
    version: 2,
    name: 'payments of orders: intent, failures, refunds, disputes',
    sql: `
      ALTER TABLE rm_orders
        ADD COLUMN payment_intent_id text,
        ADD COLUMN payment_failures jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN refunds jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0,
        ADD COLUMN disputes jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN reheld_hold_id text;
      CREATE INDEX rm_orders_payment_intent ON rm_orders (payment_intent_id);
    `,
  },
  {
    version: 3,
    name: 'refunds Marquee gives, and their failed attempts',
    sql: `ALTER TABLE rm_orders ADD COLUMN refund_requests jsonb NOT NULL DEFAULT '[]'`,
  },
];
