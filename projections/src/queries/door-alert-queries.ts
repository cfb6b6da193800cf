import type { Queryable } from '../projection';
import { iso } from '../read-models/db-values';

interface Entry {
  readonly at: string;
  readonly gate: string;
  readonly deviceId: string;
}

/** Two devices let one ticket in while offline: the entry that stands, and the other one. */
export interface DoorAlertView {
  readonly kind: 'duplicate-entry';
  readonly ticketId: string;
  /** From the door states read model; null while it has not caught up with the ticket yet. */
  readonly holderName: string | null;
  /** The earlier scan (by device time): what the door counts as this ticket's entry. */
  readonly standing: Entry;
  /** The other entry: a second person got in on this ticket. */
  readonly duplicate: Entry;
  /** The scan whose late report revealed it. */
  readonly reportedScanId: string;
  readonly recordedAt: string;
}

/** An event's door alerts, oldest first (in the order they were recorded). */
export async function doorAlertsOfEvent(db: Queryable, eventId: string): Promise<DoorAlertView[]> {
  const { rows } = await db.query<{
    ticket_id: string; scan_id: string; recorded_at: Date; standing_at: Date; standing_gate: string; standing_device: string;
    duplicate_at: Date; duplicate_gate: string; duplicate_device: string; holder_name: string | null;
  }>(
    `SELECT a.ticket_id, a.scan_id, a.recorded_at, a.standing_at, a.standing_gate, a.standing_device, a.duplicate_at, a.duplicate_gate, a.duplicate_device, s.holder_name
     FROM rm_door_alerts a LEFT JOIN rm_ticket_door_states s ON s.ticket_id = a.ticket_id
     WHERE a.event_id = $1 ORDER BY a.log_commit, a.log_prepare`,
    [eventId]);
  return rows.map((row) => ({
    kind: 'duplicate-entry', ticketId: row.ticket_id, holderName: row.holder_name,
    standing: { at: iso(row.standing_at), gate: row.standing_gate, deviceId: row.standing_device },
    duplicate: { at: iso(row.duplicate_at), gate: row.duplicate_gate, deviceId: row.duplicate_device },
    reportedScanId: row.scan_id, recordedAt: iso(row.recorded_at),
  }));
}
