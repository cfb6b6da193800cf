/**
 * The seed article's design behind the same HTTP route: Fastify, a pg pool of Marquee's size,
 * and per request one transaction that locks free rows with SELECT … FOR UPDATE SKIP LOCKED,
 * marks them held and records the reservation (with the Idempotency-Key, unique). 201 or a
 * 409 sold-out problem. Env: DATABASE_URL, PORT, HOST, PG_POOL_SIZE (20).
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Pool, PoolClient } from 'pg';

interface HoldBody {
  readonly items?: readonly { readonly ticketTypeId: string; readonly quantity: number }[];
  readonly seats?: readonly string[];
  readonly buyer: { readonly email: string; readonly name: string };
}

const HOLD_MINUTES = 10;
const soldOut = (detail: string) => ({ type: 'https://marquee.dev/problems/sold-out', title: 'Sold out', status: 409, detail });

function validBody(body: unknown): body is HoldBody {
  const b = body as HoldBody | null;
  if (!b || typeof b !== 'object' || typeof b.buyer?.email !== 'string' || typeof b.buyer?.name !== 'string') return false;
  const items = Array.isArray(b.items) && b.items.length > 0 && b.items.every((i) => typeof i?.ticketTypeId === 'string' && Number.isInteger(i.quantity) && i.quantity > 0 && i.quantity <= 10);
  const seats = Array.isArray(b.seats) && b.seats.length > 0 && b.seats.length <= 10 && b.seats.every((s) => typeof s === 'string');
  return items || seats;
}

/** Locks the rows one request wants, or null if they are not all free (taken or locked by another buyer). */
async function pick(client: PoolClient, eventId: string, body: HoldBody): Promise<string[] | null> {
  if (body.seats) {
    const { rows } = await client.query<{ ticket_id: string }>(
      `SELECT ticket_id FROM tickets WHERE event_id = $1 AND seat_id = ANY($2::text[]) AND status = 'free' FOR UPDATE SKIP LOCKED`, [eventId, body.seats]);
    return rows.length === body.seats.length ? rows.map((r) => r.ticket_id) : null;
  }
  const picked: string[] = [];
  for (const { ticketTypeId, quantity } of body.items ?? []) {
    const { rows } = await client.query<{ ticket_id: string }>(
      `SELECT ticket_id FROM tickets WHERE event_id = $1 AND ticket_type = $2 AND status = 'free' LIMIT $3 FOR UPDATE SKIP LOCKED`, [eventId, ticketTypeId, quantity]);
    if (rows.length < quantity) return null;
    picked.push(...rows.map((r) => r.ticket_id));
  }
  return picked;
}

async function main(): Promise<void> {
  // With LIMIT 1 the planner prefers a sequential scan, which walks past every held row of every
  // earlier event on each request; the partial index of free rows is what the design relies on.
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: Number(process.env['PG_POOL_SIZE'] ?? 20), options: '-c enable_seqscan=off' });
  const app = Fastify({ logger: false });

  app.get('/health', async () => ({ status: 'ok' }));

  app.post<{ Params: { eventId: string } }>('/events/:eventId/reservations', async (request, reply) => {
    const body = request.body;
    if (!validBody(body)) return reply.code(400).send({ status: 400, title: 'Bad request' });
    const { eventId } = request.params;
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : null;
    const holdId = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const tickets = await pick(client, eventId, body);
      if (!tickets) {
        await client.query('ROLLBACK');
        return reply.code(409).type('application/problem+json').send(soldOut('not enough free tickets'));
      }
      await client.query(`UPDATE tickets SET status = 'held', hold_id = $2, held_until = now() + $3 * interval '1 minute' WHERE ticket_id = ANY($1::bigint[])`,
        [tickets, holdId, HOLD_MINUTES]);
      const { rows } = await client.query<{ expires_at: Date }>(
        `INSERT INTO reservations (hold_id, event_id, buyer_email, buyer_name, idempotency_key, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 minute') RETURNING expires_at`,
        [holdId, eventId, body.buyer.email, body.buyer.name, idempotencyKey, HOLD_MINUTES]);
      await client.query('COMMIT');
      reply.code(201).header('location', `/reservations/${holdId}`);
      return { reservationId: holdId, eventId, status: 'held', expiresAt: rows[0]?.expires_at, seats: body.seats ?? [], items: body.items ?? [] };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if ((error as { code?: string }).code === '23505' && idempotencyKey) {
        // The same Idempotency-Key again: answer with the reservation it made.
        const { rows } = await pool.query<{ hold_id: string }>('SELECT hold_id FROM reservations WHERE idempotency_key = $1', [idempotencyKey]);
        if (rows[0]) return reply.code(201).header('idempotent-replayed', 'true').send({ reservationId: rows[0].hold_id, eventId, status: 'held' });
      }
      throw error;
    } finally {
      client.release();
    }
  });

  await app.listen({ port: Number(process.env['PORT'] ?? 0), host: process.env['HOST'] ?? '127.0.0.1' });
  const shutdown = () => {
    void app.close().then(() => pool.end()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
