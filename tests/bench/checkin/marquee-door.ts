/**
 * Stocking a door for the check-in bench, over HTTP as an organizer and buyers would: an event
 * whose doors are open, 20,000 issued tickets (orders of the per-order limit, hold + checkout with
 * the simulated gateway, in parallel), door devices; then the tickets' QR tokens, signed with the
 * key the bench gave the server (TICKET_SIGNING_KEY), from the TicketIssued events: the same
 * bytes as the QR codes (Ed25519 signatures are deterministic).
 */
import { randomUUID, KeyObject } from 'node:crypto';
import type { Pool } from 'pg';
import { keyIdOf, publicJwkOf, TicketSigner } from '@marquee/commands';
import { ticketClaimsOf, ticketStreamName } from '@marquee/domain';
import type { ScanDevice } from './protocol';

export const TICKET_TYPE = 'general-admission';
export const ORDER_LIMIT = 100;

async function call<T>(origin: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T; text: string; retryAfter: string | null }> {
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
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, text, retryAfter: response.headers.get('retry-after') };
}

async function ok<T>(origin: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const answer = await call<T>(origin, method, path, body, token);
  if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

/** A published GA event starting in an hour (check-in opens six hours before the start), orders of up to 100. */
export async function publishDoorEvent(origin: string, token: string, capacity: number): Promise<string> {
  const startsAt = new Date(Date.now() + 3_600_000).toISOString();
  const endsAt = new Date(Date.now() + 5 * 3_600_000).toISOString();
  const { id } = await ok<{ id: string }>(origin, 'POST', '/api/v1/organizer/events', {
    name: 'Check-in bench', venue: { name: 'Bench Hall' }, startsAt, endsAt, timezone: 'Europe/Berlin', currency: 'EUR',
    perOrderLimit: ORDER_LIMIT,
    ticketTypes: [{ id: TICKET_TYPE, name: 'General admission', price: 4_500, capacity }],
  }, token);
  await ok(origin, 'POST', `/api/v1/organizer/events/${id}/publish`, undefined, token);
  return id;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One order of `quantity`: hold, then checkout (retrying the read-your-writes 404 and any 429). */
async function buyOrder(origin: string, eventId: string, quantity: number, n: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const held = await call<{ reservationId: string }>(origin, 'POST', `/api/v1/events/${eventId}/reservations`, {
      items: [{ ticketTypeId: TICKET_TYPE, quantity }], buyer: { email: `door${n}@example.com`, name: `Guest ${n}` },
    });
    if (held.status === 429 && attempt < 20) {
      await sleep(Number(held.retryAfter ?? 1) * 1_000);
      continue;
    }
    if (held.status !== 201) throw new Error(`hold answered ${held.status}: ${held.text}`);
    for (let tries = 0; ; tries++) {
      const paid = await call<{ tickets: unknown[] }>(origin, 'POST', `/api/v1/reservations/${held.body.reservationId}/checkout`, { paymentMethod: 'pm_card_visa' });
      if (paid.status === 200) return paid.body.tickets.length;
      if ((paid.status === 404 || paid.status === 429) && tries < 50) {
        await sleep(paid.status === 429 ? Number(paid.retryAfter ?? 1) * 1_000 : 50);
        continue;
      }
      throw new Error(`checkout answered ${paid.status}: ${paid.text}`);
    }
  }
}

/** `tickets` tickets in orders of ORDER_LIMIT, `parallel` buyers at a time; progress on stderr. */
export async function buyTickets(origin: string, eventId: string, tickets: number, parallel: number, log: (line: string) => void): Promise<void> {
  const orders = Array.from({ length: Math.ceil(tickets / ORDER_LIMIT) }, (_, i) => Math.min(ORDER_LIMIT, tickets - i * ORDER_LIMIT));
  let next = 0;
  let bought = 0;
  let lastLog = performance.now();
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < orders.length) {
      const i = next++;
      const issued = await buyOrder(origin, eventId, orders[i] as number, i);
      bought += issued;
      if (performance.now() - lastLog > 2_000) {
        lastLog = performance.now();
        log(`  ${bought.toLocaleString('en')} / ${tickets.toLocaleString('en')} tickets issued (${Math.round(bought / ((lastLog - started) / 1_000))}/s)`);
      }
    }
  }));
  log(`  ${bought.toLocaleString('en')} tickets issued in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
}

export async function registerDevices(origin: string, token: string, eventId: string, count: number): Promise<(ScanDevice & { id: string })[]> {
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const gate = `gate-${i + 1}`;
    const device = await ok<{ id: string; token: string }>(origin, 'POST', `/api/v1/organizer/events/${eventId}/devices`, { name: `Door ${i + 1}`, gates: [gate] }, token);
    return { id: device.id, token: device.token, gate };
  }));
}

/** Every ticket of the event, as ticket id + the token its QR code holds. */
export async function ticketTokens(pool: Pool, eventId: string, privateKey: KeyObject): Promise<{ ticketId: string; token: string }[]> {
  const signer = new TicketSigner({ current: { keyId: keyIdOf(publicJwkOf(privateKey)), privateKey } });
  const { rows } = await pool.query<{ data: Parameters<typeof ticketClaimsOf>[0] }>(
    `SELECT data FROM es_events WHERE type = 'TicketIssued' AND data->>'eventId' = $1 ORDER BY global_position`, [eventId]);
  return Promise.all(rows.map(async ({ data }) => ({ ticketId: data.ticketId, token: await signer.sign(ticketClaimsOf(data)) })));
}

/** TicketCheckedIn events per ticket stream, from the log itself. */
export async function checkInsInStreams(pool: Pool, ticketIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ stream_id: string; n: string }>(
    `SELECT stream_id, count(*) AS n FROM es_events WHERE type = 'TicketCheckedIn' AND stream_id = ANY($1) GROUP BY 1`, [ticketIds.map(ticketStreamName)]);
  return new Map(rows.map((r) => [r.stream_id.slice('ticket-'.length), Number(r.n)]));
}
