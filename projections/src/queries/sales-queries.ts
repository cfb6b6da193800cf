import type { Queryable } from '../projection';
import { iso } from '../read-models/db-values';

export interface SalesMinute {
  readonly ticketTypeId: string;
  /** Start of the minute, ISO. */
  readonly minute: string;
  readonly tickets: number;
  /** Minor units, before fees and tax. */
  readonly revenue: number;
}

/** Only minutes with sales are listed, oldest first. */
export async function salesPerMinute(db: Queryable, eventId: string): Promise<SalesMinute[]> {
  const { rows } = await db.query<{ ticket_type_id: string; minute: Date; tickets: number; revenue: string }>(
    `SELECT ticket_type_id, minute, tickets, revenue FROM rm_sales_per_minute WHERE event_id = $1
     ORDER BY minute, ticket_type_id`, [eventId]);
  return rows.map((row) => ({ ticketTypeId: row.ticket_type_id, minute: iso(row.minute), tickets: row.tickets, revenue: Number(row.revenue) }));
}
