import type { Queryable } from '../projection';
import { iso } from '../read-models/db-values';

export interface RevokedTicketView {
  readonly ticketId: string;
  readonly orderId: string;
  readonly reason: string;
  readonly revokedAt: string;
  /**
   * Where the void sits in the event log (`<commit>:<prepare>`): increases in the order voids were
   * recorded and survives a rebuild. Pass the last one seen as `after` to get only newer ones.
   */
  readonly cursor: string;
}

export const REVOCATION_CURSOR = /^(\d{1,20}):(\d{1,20})$/;

/** An event's revoked tickets in the order they were recorded, optionally only those after a cursor. */
export async function revocationsOfEvent(db: Queryable, eventId: string, options: { after?: string } = {}): Promise<RevokedTicketView[]> {
  let after = ['-1', '-1'];
  if (options.after !== undefined) {
    const match = REVOCATION_CURSOR.exec(options.after);
    if (!match?.[1] || !match[2]) throw new Error(`not a revocation cursor: ${options.after}`);
    after = [match[1], match[2]];
  }
  const { rows } = await db.query<{ ticket_id: string; order_id: string; reason: string; revoked_at: Date; log_commit: string; log_prepare: string }>(
    `SELECT ticket_id, order_id, reason, revoked_at, log_commit, log_prepare FROM rm_revoked_tickets
     WHERE event_id = $1 AND (log_commit, log_prepare) > ($2::numeric, $3::numeric) ORDER BY log_commit, log_prepare`,
    [eventId, ...after]);
  return rows.map((row) => ({ ticketId: row.ticket_id, orderId: row.order_id, reason: row.reason, revokedAt: iso(row.revoked_at), cursor: `${row.log_commit}:${row.log_prepare}` }));
}
