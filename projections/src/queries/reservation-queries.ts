import type { HeldItem, HeldSeat } from '@marquee/domain';
import type { Queryable } from '../projection';
import { iso, isoOrNull } from '../read-models/db-values';
import type { ReservationStatus } from '../read-models/reservations';

export interface ReservationView {
  readonly holdId: string;
  readonly eventId: string;
  readonly status: ReservationStatus;
  readonly releaseReason: string | null;
  readonly orderId: string | null;
  readonly buyer: { readonly email: string; readonly name: string; readonly country: string | null; readonly postcode: string | null };
  readonly items: readonly HeldItem[];
  readonly seats: readonly HeldSeat[];
  readonly currency: string;
  readonly totalPrice: number;
  readonly heldAt: string;
  readonly expiresAt: string;
  readonly endedAt: string | null;
  readonly idempotencyKey: string | null;
}

export async function reservation(db: Queryable, holdId: string): Promise<ReservationView | null> {
  const { rows } = await db.query<{
    hold_id: string; event_id: string; status: ReservationStatus; release_reason: string | null; order_id: string | null;
    buyer_email: string; buyer_name: string; buyer_country: string | null; buyer_postcode: string | null; items: HeldItem[];
    seats: HeldSeat[]; currency: string; total_price: string; held_at: Date; expires_at: Date; ended_at: Date | null;
    idempotency_key: string | null;
  }>(
    `SELECT hold_id, event_id, status, release_reason, order_id, buyer_email, buyer_name, buyer_country, buyer_postcode, items,
       seats, currency, total_price, held_at, expires_at, ended_at, idempotency_key
     FROM rm_reservations WHERE hold_id = $1`, [holdId]);
  const row = rows[0];
  if (!row) return null;
  return {
    holdId: row.hold_id,
    eventId: row.event_id,
    status: row.status,
    releaseReason: row.release_reason,
    orderId: row.order_id,
    buyer: { email: row.buyer_email, name: row.buyer_name, country: row.buyer_country, postcode: row.buyer_postcode },
    items: row.items,
    seats: row.seats,
    currency: row.currency,
    totalPrice: Number(row.total_price),
    heldAt: iso(row.held_at),
    expiresAt: iso(row.expires_at),
    endedAt: isoOrNull(row.ended_at),
    idempotencyKey: row.idempotency_key,
  };
}
