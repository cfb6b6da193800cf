/**
 * The seed article's store, as in tests/bench/inventory/skip-locked-design.ts: a row per ticket
 * (or seat) and a reservations table. The bench creates and fills it; skip-locked-server.ts sells
 * from it; afterwards the bench counts what it holds.
 */
import type { Pool } from 'pg';

export async function prepareSkipLockedStore(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS tickets (
      ticket_id bigserial PRIMARY KEY,
      event_id uuid NOT NULL,
      ticket_type text NOT NULL,
      seat_id text,
      status text NOT NULL DEFAULT 'free' CHECK (status IN ('free', 'held', 'sold')),
      hold_id uuid,
      held_until timestamptz
    );
    CREATE INDEX IF NOT EXISTS tickets_free ON tickets (event_id, ticket_type) WHERE status = 'free';
    CREATE UNIQUE INDEX IF NOT EXISTS tickets_seat ON tickets (event_id, seat_id);
    CREATE TABLE IF NOT EXISTS reservations (
      hold_id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      buyer_email text NOT NULL,
      buyer_name text NOT NULL,
      idempotency_key text UNIQUE,
      expires_at timestamptz NOT NULL
    );`);
}

/** GA: `capacity` rows of one ticket type; seated: one row per seat id. */
export async function stockSkipLockedEvent(pool: Pool, eventId: string, ticketType: string, stock: { capacity: number } | { seats: readonly string[] }): Promise<void> {
  if ('seats' in stock) {
    await pool.query('INSERT INTO tickets (event_id, ticket_type, seat_id) SELECT $1, $2, unnest($3::text[])', [eventId, ticketType, stock.seats]);
  } else {
    await pool.query('INSERT INTO tickets (event_id, ticket_type) SELECT $1, $2 FROM generate_series(1, $3)', [eventId, ticketType, stock.capacity]);
  }
  // Earlier runs' held rows leave dead entries in the partial index of free rows; a real
  // deployment's autovacuum would have cleaned them, so every run starts from a vacuumed table.
  await pool.query('VACUUM ANALYZE tickets');
}

export interface SkipLockedHolds {
  /** Rows marked held. */
  readonly heldRows: number;
  readonly reservations: number;
  /** Seat scenario: held rows per seat id (a unique index makes more than one impossible). */
  readonly heldSeats: ReadonlyMap<string, number>;
}

export async function countSkipLockedHolds(pool: Pool, eventId: string): Promise<SkipLockedHolds> {
  const held = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM tickets WHERE event_id = $1 AND status = 'held'`, [eventId]);
  const reservations = await pool.query<{ n: string }>('SELECT count(*) AS n FROM reservations WHERE event_id = $1', [eventId]);
  const seats = await pool.query<{ seat_id: string; n: string }>(
    `SELECT seat_id, count(*) AS n FROM tickets WHERE event_id = $1 AND status = 'held' AND seat_id IS NOT NULL GROUP BY seat_id`, [eventId]);
  return {
    heldRows: Number(held.rows[0]?.n ?? 0),
    reservations: Number(reservations.rows[0]?.n ?? 0),
    heldSeats: new Map(seats.rows.map((r) => [r.seat_id, Number(r.n)])),
  };
}
