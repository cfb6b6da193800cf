import type { PoolClient } from 'pg';
import type { HeldItem, HeldSeat, InventoryEvent } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import { idInStream } from './stream-names';
import type { TableShape } from './upsert-rows';
import { upsertRows } from './upsert-rows';

export type ReservationStatus = 'held' | 'released' | 'sold';

export interface ReservationRow {
  hold_id: string;
  event_id: string;
  status: ReservationStatus;
  release_reason: string | null;
  order_id: string | null;
  buyer_email: string;
  buyer_name: string;
  buyer_country: string | null;
  buyer_postcode: string | null;
  items: HeldItem[];
  seats: HeldSeat[];
  currency: string;
  /** Minor units: the held unit prices times their quantities, before fees and tax. */
  total_price: number;
  held_at: string;
  expires_at: string;
  ended_at: string | null;
  idempotency_key: string | null;
  /** Revision of the inventory stream's last event folded into this row. */
  last_revision: number;
}

const reservationTable: TableShape<ReservationRow> = {
  table: 'rm_reservations',
  key: ['hold_id'],
  columns: {
    hold_id: 'text', event_id: 'text', status: 'text', release_reason: 'text', order_id: 'text', buyer_email: 'text',
    buyer_name: 'text', buyer_country: 'text', buyer_postcode: 'text', items: 'jsonb', seats: 'jsonb', currency: 'text',
    total_price: 'bigint', held_at: 'timestamptz', expires_at: 'timestamptz', ended_at: 'timestamptz', idempotency_key: 'text',
    last_revision: 'bigint',
  },
};

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'reservations',
    sql: `
      CREATE TABLE rm_reservations (
        hold_id text PRIMARY KEY,
        event_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('held', 'released', 'sold')),
        release_reason text,
        order_id text,
        buyer_email text NOT NULL,
        buyer_name text NOT NULL,
        buyer_country text,
        buyer_postcode text,
        items jsonb NOT NULL,
        seats jsonb NOT NULL,
        currency text NOT NULL,
        total_price bigint NOT NULL,
        held_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        idempotency_key text,
        last_revision bigint NOT NULL
      );
      CREATE INDEX rm_reservations_event ON rm_reservations (event_id, held_at);
    `,
  },
];

/** Each hold from the inventory streams: held, then released or sold. */
export const reservationsProjection: Projection = {
  name: 'reservations',
  streamPrefixes: ['inventory-'],
  migrations,
  tables: ['rm_reservations'],
  apply: applyReservations,
};

async function applyReservations(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const holdIds = [...new Set(events.map(holdIdOf).filter((holdId) => holdId !== undefined))];
  if (holdIds.length === 0) return [];
  const { rows } = await client.query<{ row: ReservationRow }>(
    'SELECT to_jsonb(r) AS row FROM rm_reservations r WHERE hold_id = ANY ($1::text[]) FOR UPDATE', [holdIds]);
  const reservations = new Map(rows.map(({ row }) => [row.hold_id, row]));
  const touched = new Set<string>();
  for (const recorded of events) {
    const holdId = holdIdOf(recorded);
    if (holdId === undefined) continue;
    const before = reservations.get(holdId);
    if (before && recorded.revision <= BigInt(before.last_revision)) continue;
    const after = foldReservationEvent(before, recorded);
    if (!after) continue;
    reservations.set(holdId, after);
    touched.add(holdId);
  }
  const changed = [...touched].map((holdId) => reservations.get(holdId)).filter((row) => row !== undefined);
  await upsertRows(client, reservationTable, changed);
  return changed.map((row) => ({ kind: 'reservation', eventId: row.event_id, holdId: row.hold_id, ...(row.order_id && { orderId: row.order_id }) }));
}

function holdIdOf(recorded: RecordedEvent): string | undefined {
  if (recorded.type !== 'TicketsHeld' && recorded.type !== 'HoldReleased' && recorded.type !== 'HoldSold') return undefined;
  return (recorded.data as { holdId: string }).holdId;
}

export function foldReservationEvent(row: ReservationRow | undefined, recorded: RecordedEvent): ReservationRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as InventoryEvent;
  const last_revision = Number(recorded.revision);
  switch (event.type) {
    case 'TicketsHeld': {
      if (row) return undefined;
      const { holdId, items, seats, currency, buyer, idempotencyKey, heldAt, expiresAt } = event.data;
      return {
        hold_id: holdId, event_id: idInStream(recorded.streamId, 'inventory'), status: 'held', release_reason: null, order_id: null,
        buyer_email: buyer.email, buyer_name: buyer.name, buyer_country: buyer.country ?? null, buyer_postcode: buyer.postcode ?? null,
        items: [...items], seats: [...seats], currency, total_price: totalPrice(items, seats), held_at: heldAt, expires_at: expiresAt,
        ended_at: null, idempotency_key: idempotencyKey ?? null, last_revision,
      };
    }
    case 'HoldReleased':
      if (row?.status !== 'held') return undefined;
      return { ...row, status: 'released', release_reason: event.data.reason, ended_at: event.data.releasedAt, last_revision };
    case 'HoldSold':
      if (row?.status !== 'held') return undefined;
      return { ...row, status: 'sold', order_id: event.data.orderId, ended_at: event.data.soldAt, last_revision };
    default:
      return undefined;
  }
}

function totalPrice(items: readonly HeldItem[], seats: readonly HeldSeat[]): number {
  return items.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0) + seats.reduce((sum, seat) => sum + seat.unitPrice, 0);
}
