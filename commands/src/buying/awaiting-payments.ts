import { Pool } from 'pg';

export interface AwaitingPayment {
  readonly orderId: string;
  readonly eventId: string;
  readonly holdId: string;
}

/**
 * The orders a payment may still come for (`checkouts_awaiting_payment`): one row from before
 * the order's intent is created until the order is paid or ended. The abandoned-checkout sweep
 * looks at each when its hold is due to end.
 */
export class AwaitingPayments {
  constructor(private readonly pool: Pool) {}

  async add(orderId: string, eventId: string, holdId: string, checkAt: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO checkouts_awaiting_payment (order_id, event_id, hold_id, check_at) VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
      [orderId, eventId, holdId, checkAt.toISOString()]);
  }

  async remove(orderId: string): Promise<void> {
    await this.pool.query('DELETE FROM checkouts_awaiting_payment WHERE order_id = $1', [orderId]);
  }

  async has(orderId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM checkouts_awaiting_payment WHERE order_id = $1', [orderId]);
    return rowCount === 1;
  }

  /** Looks at it at the next sweep: its hold was released before it was due to expire. */
  async dueNow(orderId: string, now: Date): Promise<void> {
    await this.pool.query('UPDATE checkouts_awaiting_payment SET check_at = $2 WHERE order_id = $1 AND check_at > $2', [orderId, now.toISOString()]);
  }

  /** Claims rows due by `now` for `claimMs`; two processes sweeping at once take different rows. */
  async claimDue(now: Date, claimMs: number, limit: number): Promise<AwaitingPayment[]> {
    const { rows } = await this.pool.query<{ order_id: string; event_id: string; hold_id: string }>(
      `UPDATE checkouts_awaiting_payment SET claimed_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000)
       WHERE order_id IN (
         SELECT order_id FROM checkouts_awaiting_payment
         WHERE check_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
         ORDER BY check_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING order_id, event_id, hold_id`,
      [now.toISOString(), claimMs, limit]);
    return rows.map((row) => ({ orderId: row.order_id, eventId: row.event_id, holdId: row.hold_id }));
  }

  /** Looks again at `checkAt` (a hold still running, a payment still processing). */
  async postpone(orderId: string, checkAt: Date): Promise<void> {
    await this.pool.query('UPDATE checkouts_awaiting_payment SET check_at = $2, claimed_until = NULL WHERE order_id = $1', [orderId, checkAt.toISOString()]);
  }
}
