import { Pool } from 'pg';

export type InboxResult =
  | { readonly status: 'processed'; readonly outcome: string }
  | { readonly status: 'duplicate'; readonly outcome: string }
  /** Another delivery of the same event is being handled right now: ask the provider to come back later. */
  | { readonly status: 'in-progress' };

/**
 * Provider events handled once, by their id, durably (Postgres): a duplicate delivery answers
 * with the first one's outcome and changes nothing. The row is claimed for `claimMs` while its
 * event is handled — a claim, not a transaction held open, which would hold back the event
 * store's read horizon — and released if handling fails, so the provider's retry runs it again.
 */
export class WebhookInbox {
  constructor(private readonly pool: Pool, private readonly claimMs = 60_000) {}

  async once(provider: string, eventId: string, eventType: string, handle: () => Promise<string>): Promise<InboxResult> {
    if (!(await this.claim(provider, eventId, eventType))) {
      const { rows } = await this.pool.query<{ processed_at: Date | null; outcome: string | null }>(
        'SELECT processed_at, outcome FROM payment_webhook_events WHERE provider = $1 AND event_id = $2', [provider, eventId]);
      const row = rows[0];
      return row?.processed_at ? { status: 'duplicate', outcome: row.outcome ?? '' } : { status: 'in-progress' };
    }
    let outcome: string;
    try {
      outcome = await handle();
    } catch (error) {
      await this.pool.query('UPDATE payment_webhook_events SET claimed_until = NULL WHERE provider = $1 AND event_id = $2', [provider, eventId]).catch(() => undefined);
      throw error;
    }
    await this.pool.query(
      'UPDATE payment_webhook_events SET processed_at = now(), outcome = $3, claimed_until = NULL WHERE provider = $1 AND event_id = $2',
      [provider, eventId, outcome]);
    return { status: 'processed', outcome };
  }

  private async claim(provider: string, eventId: string, eventType: string): Promise<boolean> {
    const claimFor = `${this.claimMs} milliseconds`;
    const inserted = await this.pool.query(
      `INSERT INTO payment_webhook_events (provider, event_id, event_type, claimed_until) VALUES ($1, $2, $3, now() + $4::interval)
       ON CONFLICT DO NOTHING`, [provider, eventId, eventType, claimFor]);
    if (inserted.rowCount === 1) return true;
    const reclaimed = await this.pool.query(
      `UPDATE payment_webhook_events SET claimed_until = now() + $3::interval
       WHERE provider = $1 AND event_id = $2 AND processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())`,
      [provider, eventId, claimFor]);
    return reclaimed.rowCount === 1;
  }
}
