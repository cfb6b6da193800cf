import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { concurrently, figures, RunFigures } from './stats';
import { CONTESTED_SEAT, Scenario, SEATED_TYPE, TICKET_TYPE } from './scenarios';

/**
 * (c) The seed article's design: a row per ticket, and per buyer one transaction that locks
 * free rows with SELECT … FOR UPDATE SKIP LOCKED, marks them held and records the reservation.
 */
export async function prepareSkipLocked(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS skip_locked_tickets (
      ticket_id bigserial PRIMARY KEY,
      event_id uuid NOT NULL,
      ticket_type text NOT NULL,
      seat_id text,
      status text NOT NULL DEFAULT 'available',
      hold_id uuid,
      held_until timestamptz
    );
    CREATE INDEX IF NOT EXISTS skip_locked_available ON skip_locked_tickets (event_id, ticket_type) WHERE status = 'available';
    CREATE INDEX IF NOT EXISTS skip_locked_seat ON skip_locked_tickets (event_id, seat_id);
    CREATE TABLE IF NOT EXISTS skip_locked_reservations (
      hold_id uuid PRIMARY KEY,
      event_id uuid NOT NULL,
      buyer_email text NOT NULL,
      buyer_name text NOT NULL,
      idempotency_key uuid NOT NULL,
      expires_at timestamptz NOT NULL
    );`);
}

export async function runSkipLocked(pool: Pool, scenario: Scenario): Promise<RunFigures> {
  const eventId = randomUUID();
  if (scenario.sameSeat) {
    await pool.query(`INSERT INTO skip_locked_tickets (event_id, ticket_type, seat_id)
      SELECT $1, $2, CASE WHEN n = 1 THEN $3 ELSE 'stalls-A-' || n END FROM generate_series(1, 100) n`, [eventId, SEATED_TYPE, CONTESTED_SEAT]);
  } else {
    await pool.query('INSERT INTO skip_locked_tickets (event_id, ticket_type) SELECT $1, $2 FROM generate_series(1, $3)', [eventId, TICKET_TYPE, scenario.capacity]);
  }
  await pool.query('ANALYZE skip_locked_tickets');

  const { results, latencies, wallMs } = await concurrently(scenario.buyers, async (i) => {
    const holdId = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const picked = scenario.sameSeat
        ? await client.query(`SELECT ticket_id FROM skip_locked_tickets WHERE event_id = $1 AND seat_id = $2 AND status = 'available'
            FOR UPDATE SKIP LOCKED`, [eventId, CONTESTED_SEAT])
        : await client.query(`SELECT ticket_id FROM skip_locked_tickets WHERE event_id = $1 AND ticket_type = $2 AND status = 'available'
            LIMIT 1 FOR UPDATE SKIP LOCKED`, [eventId, TICKET_TYPE]);
      if (picked.rowCount !== 1) {
        await client.query('ROLLBACK');
        return false;
      }
      await client.query(`UPDATE skip_locked_tickets SET status = 'held', hold_id = $2, held_until = now() + interval '10 minutes'
        WHERE ticket_id = ANY($1)`, [picked.rows.map((r: { ticket_id: string }) => r.ticket_id), holdId]);
      await client.query(`INSERT INTO skip_locked_reservations (hold_id, event_id, buyer_email, buyer_name, idempotency_key, expires_at)
        VALUES ($1, $2, $3, $4, $5, now() + interval '10 minutes')`, [holdId, eventId, `buyer${i}@example.com`, `Buyer ${i}`, randomUUID()]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
  const { rows } = await pool.query<{ held: string }>(
    `SELECT count(*) AS held FROM skip_locked_tickets WHERE event_id = $1 AND status = 'held' ${scenario.sameSeat ? 'AND seat_id = $2' : ''}`,
    scenario.sameSeat ? [eventId, CONTESTED_SEAT] : [eventId]);
  const held = results.filter(Boolean).length;
  return figures('row lock, SKIP LOCKED', scenario.name, scenario.capacity, latencies, held, 0, wallMs, Number(rows[0]?.held ?? 0));
}
