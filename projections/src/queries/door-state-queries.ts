import type { Queryable } from '../projection';
import type { DoorState } from '../read-models/door-states';
import { isoOrNull } from '../read-models/db-values';
import { REVOCATION_CURSOR } from './revocation-queries';

/** A ticket as the door devices' manifest needs it; the api seals the holder before it leaves. */
export interface TicketDoorStateView {
  readonly entryKey: string;
  readonly ticketId: string;
  readonly orderId: string;
  readonly eventId: string;
  readonly admits: { readonly seatId: string } | { readonly ticketTypeId: string };
  readonly tokenIssuedAt: number;
  readonly holderName: string;
  /** The seat's label, or the ticket type id for an unseated ticket. */
  readonly label: string;
  readonly state: DoorState;
  readonly firstScan: { readonly at: string; readonly gate: string; readonly deviceId: string } | null;
  /** Where its last change sits in the log (`<commit>:<prepare>`), like a revocation's cursor. */
  readonly cursor: string;
}

/** Log cursors look the same for every read model that keeps one. */
export const DOOR_STATE_CURSOR = REVOCATION_CURSOR;

/** An event's tickets at the door, in the order of their last change, optionally only those changed after a cursor. */
export async function doorStatesOfEvent(db: Queryable, eventId: string, options: { after?: string } = {}): Promise<TicketDoorStateView[]> {
  let after = ['-1', '-1'];
  if (options.after !== undefined) {
    const match = DOOR_STATE_CURSOR.exec(options.after);
    if (!match?.[1] || !match[2]) throw new Error(`not a door state cursor: ${options.after}`);
    after = [match[1], match[2]];
  }
  const { rows } = await db.query<{
    entry_key: string; ticket_id: string; order_id: string; event_id: string; ticket_type_id: string; seat_id: string | null; seat_label: string | null;
    holder_name: string; token_iat: string; door_state: DoorState; first_scan_at: Date | null; first_scan_gate: string | null; first_scan_device: string | null;
    log_commit: string; log_prepare: string;
  }>(
    `SELECT entry_key, ticket_id, order_id, event_id, ticket_type_id, seat_id, seat_label, holder_name, token_iat, door_state,
            first_scan_at, first_scan_gate, first_scan_device, log_commit, log_prepare
     FROM rm_ticket_door_states
     WHERE event_id = $1 AND (log_commit, log_prepare) > ($2::numeric, $3::numeric) ORDER BY log_commit, log_prepare`,
    [eventId, ...after]);
  return rows.map((row) => ({
    entryKey: row.entry_key, ticketId: row.ticket_id, orderId: row.order_id, eventId: row.event_id,
    admits: row.seat_id !== null ? { seatId: row.seat_id } : { ticketTypeId: row.ticket_type_id },
    tokenIssuedAt: Number(row.token_iat), holderName: row.holder_name, label: row.seat_label ?? row.seat_id ?? row.ticket_type_id, state: row.door_state,
    firstScan: row.first_scan_at !== null ? { at: isoOrNull(row.first_scan_at) ?? '', gate: row.first_scan_gate ?? '', deviceId: row.first_scan_device ?? '' } : null,
    cursor: `${row.log_commit}:${row.log_prepare}`,
  }));
}
