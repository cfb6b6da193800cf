/**
 * Talking to a running Marquee the way an organizer does (HTTP only), and counting afterwards
 * what its store holds: the inventory stream's events, and the read models once caught up.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

export const GA_TYPE = 'general-admission';
export const SEATED_TYPE = 'stalls';
const ROWS = 'ABCDEFGHIJ';
const SEATS_PER_ROW = 50;

/** 500 stalls seats, rows A–J × 50; the popular block is row A: `stalls-A-1` … `stalls-A-50`. */
export function stallsSeatIds(): string[] {
  return [...ROWS].flatMap((row) => Array.from({ length: SEATS_PER_ROW }, (_, i) => `stalls-${row}-${i + 1}`));
}

export function popularBlock(): string[] {
  return Array.from({ length: SEATS_PER_ROW }, (_, i) => `stalls-A-${i + 1}`);
}

async function call<T>(origin: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function signUp(origin: string): Promise<string> {
  const { token } = await call<{ token: string }>(origin, 'POST', '/api/v1/auth/signup', {
    email: `bench-${randomUUID().slice(0, 8)}@example.com`, password: 'bench-password-123', organizationName: 'On-sale bench',
  });
  return token;
}

/** Creates and publishes an event: GA with `capacity` tickets, or the 500-seat stalls. */
export async function publishEvent(origin: string, token: string, name: string, stock: { capacity: number } | { seated: true }): Promise<string> {
  const seated = 'seated' in stock;
  const { id } = await call<{ id: string }>(origin, 'POST', '/api/v1/organizer/events', {
    name, venue: { name: 'Bench Hall' },
    startsAt: '2031-06-01T19:00:00Z', endsAt: '2031-06-01T23:00:00Z', timezone: 'Europe/Berlin', currency: 'EUR',
    ticketTypes: [seated ? { id: SEATED_TYPE, name: 'Stalls', price: 6_500, capacity: 500 } : { id: GA_TYPE, name: 'General admission', price: 4_500, capacity: stock.capacity }],
    ...(seated ? {
      seatMap: {
        sections: [{
          sectionId: 'stalls', name: 'Stalls',
          rows: [...ROWS].map((row) => ({
            rowId: row, label: row,
            seats: Array.from({ length: SEATS_PER_ROW }, (_, i) => ({ seatId: `stalls-${row}-${i + 1}`, label: `${row}${i + 1}`, ticketTypeId: SEATED_TYPE })),
          })),
        }],
      },
    } : {}),
  }, token);
  await call(origin, 'POST', `/api/v1/organizer/events/${id}/publish`, undefined, token);
  return id;
}

/** Until /api/v1/ready says every projection has applied every event. */
export async function waitForProjections(origin: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`${origin}/api/v1/ready`).then(async (r) => (await r.json()) as { checks?: { projections?: { lagEvents: number | null } } }, () => null);
    if (ready?.checks?.projections?.lagEvents === 0) return;
    if (performance.now() > deadline) throw new Error(`projections still behind after ${timeoutMs} ms: ${JSON.stringify(ready)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface MarqueeHolds {
  /** Tickets in TicketsHeld events of the inventory stream (GA quantities + seats). */
  readonly heldInStream: number;
  /** HoldReleased / HoldSold events (none are expected within a run). */
  readonly releasedOrSold: number;
  /** TicketsHeld events per seat id. */
  readonly streamSeats: ReadonlyMap<string, number>;
  /** rm_availability held + sold. */
  readonly heldInReadModel: number;
  /** rm_seats rows in status held. */
  readonly seatsHeldInReadModel: number;
}

/** Counted from the event log itself and from the read models, not from what buyers were told. */
export async function countMarqueeHolds(pool: Pool, eventId: string): Promise<MarqueeHolds> {
  const stream = `inventory-${eventId}`;
  const ga = await pool.query<{ n: string | null }>(
    `SELECT sum((item->>'quantity')::int) AS n FROM es_events, jsonb_array_elements(data->'items') AS item WHERE stream_id = $1 AND type = 'TicketsHeld'`, [stream]);
  const seats = await pool.query<{ seat: string; n: string }>(
    `SELECT seat->>'seatId' AS seat, count(*) AS n FROM es_events, jsonb_array_elements(data->'seats') AS seat WHERE stream_id = $1 AND type = 'TicketsHeld' GROUP BY 1`, [stream]);
  const ended = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND type IN ('HoldReleased', 'HoldSold')`, [stream]);
  const readModel = await pool.query<{ n: string | null }>('SELECT sum(held + sold) AS n FROM rm_availability WHERE event_id = $1', [eventId]);
  const seatRows = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM rm_seats WHERE event_id = $1 AND status = 'held'`, [eventId]);
  const streamSeats = new Map(seats.rows.map((r) => [r.seat, Number(r.n)]));
  return {
    heldInStream: Number(ga.rows[0]?.n ?? 0) + [...streamSeats.values()].reduce((a, b) => a + b, 0),
    releasedOrSold: Number(ended.rows[0]?.n ?? 0),
    streamSeats,
    heldInReadModel: Number(readModel.rows[0]?.n ?? 0),
    seatsHeldInReadModel: Number(seatRows.rows[0]?.n ?? 0),
  };
}
