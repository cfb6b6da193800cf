import type { PoolClient } from 'pg';
import type { FirstScan, TicketEvent } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import type { TableShape } from './upsert-rows';
import { upsertRows } from './upsert-rows';
import { idInStream } from './stream-names';

export interface DoorAlertRow {
  ticket_id: string;
  /** The late-reported scan that met an entry already recorded. */
  scan_id: string;
  event_id: string;
  recorded_at: string;
  standing_at: string;
  standing_gate: string;
  standing_device: string;
  /** The other entry: a second person let in on the same ticket. */
  duplicate_at: string;
  duplicate_gate: string;
  duplicate_device: string;
  log_commit: string;
  log_prepare: string;
}

/** Each ticket's current entry, so an alert can name the entry a late but earlier scan displaced. */
export interface DoorEntryRow {
  ticket_id: string;
  at: string;
  gate: string;
  device_id: string;
  last_revision: number;
}

const alertsTable: TableShape<DoorAlertRow> = {
  table: 'rm_door_alerts',
  key: ['ticket_id', 'scan_id'],
  columns: {
    ticket_id: 'text', scan_id: 'text', event_id: 'text', recorded_at: 'timestamptz', standing_at: 'timestamptz', standing_gate: 'text', standing_device: 'text',
    duplicate_at: 'timestamptz', duplicate_gate: 'text', duplicate_device: 'text', log_commit: 'numeric', log_prepare: 'numeric',
  },
};

const entriesTable: TableShape<DoorEntryRow> = {
  table: 'rm_door_alert_entries',
  key: ['ticket_id'],
  columns: { ticket_id: 'text', at: 'timestamptz', gate: 'text', device_id: 'text', last_revision: 'bigint' },
};

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'duplicate entries per event',
    sql: `
      CREATE TABLE rm_door_alerts (
        ticket_id text NOT NULL,
        scan_id text NOT NULL,
        event_id text NOT NULL,
        recorded_at timestamptz NOT NULL,
        standing_at timestamptz NOT NULL,
        standing_gate text NOT NULL,
        standing_device text NOT NULL,
        duplicate_at timestamptz NOT NULL,
        duplicate_gate text NOT NULL,
        duplicate_device text NOT NULL,
        log_commit numeric(20) NOT NULL,
        log_prepare numeric(20) NOT NULL,
        PRIMARY KEY (ticket_id, scan_id)
      );
      CREATE INDEX rm_door_alerts_event ON rm_door_alerts (event_id, log_commit, log_prepare);
      CREATE TABLE rm_door_alert_entries (
        ticket_id text PRIMARY KEY,
        at timestamptz NOT NULL,
        gate text NOT NULL,
        device_id text NOT NULL,
        last_revision bigint NOT NULL
      );
    `,
  },
];

/**
 * The organizer's door alerts: every `DuplicateEntryDetected`, two devices that let the same
 * ticket in while offline (two people on one ticket), with the entry that stands and the other.
 * The event names the standing entry and the late-reported scan; when the late report was the
 * earlier scan it stands, and the other is the entry recorded before it, kept here per ticket.
 */
export const doorAlertsProjection: Projection = {
  name: 'door-alerts',
  streamPrefixes: ['ticket-'],
  migrations,
  tables: ['rm_door_alerts', 'rm_door_alert_entries'],
  apply: applyDoorAlerts,
};

const sameScan = (a: FirstScan, b: FirstScan) => a.at === b.at && a.gate === b.gate && a.deviceId === b.deviceId;

async function applyDoorAlerts(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const entering = events.filter((event) => event.type === 'TicketCheckedIn' || event.type === 'DuplicateEntryDetected');
  if (entering.length === 0) return [];
  const ticketIds = [...new Set(entering.map((event) => idInStream(event.streamId, 'ticket')))];
  const { rows: existing } = await client.query<{ ticket_id: string; at: Date; gate: string; device_id: string; last_revision: string }>(
    'SELECT ticket_id, at, gate, device_id, last_revision FROM rm_door_alert_entries WHERE ticket_id = ANY($1)', [ticketIds]);
  const entries = new Map<string, DoorEntryRow>(existing.map((row) => [row.ticket_id, { ...row, at: row.at.toISOString(), last_revision: Number(row.last_revision) }]));
  const alerts: DoorAlertRow[] = [];
  const touched = new Set<string>();
  for (const recorded of entering) {
    const ticketId = idInStream(recorded.streamId, 'ticket');
    const revision = Number(recorded.revision);
    const entry = entries.get(ticketId);
    // Already applied: its alert was written with the entry, in the same transaction.
    if (entry && revision <= entry.last_revision) continue;
    const event = { type: recorded.type, data: recorded.data } as TicketEvent;
    if (event.type === 'TicketCheckedIn') {
      entries.set(ticketId, { ticket_id: ticketId, at: event.data.scannedAt, gate: event.data.gate, device_id: event.data.deviceId, last_revision: revision });
    } else if (event.type === 'DuplicateEntryDetected') {
      const { standing } = event.data;
      const reported: FirstScan = { at: event.data.scannedAt, gate: event.data.gate, deviceId: event.data.deviceId };
      const previous: FirstScan = entry ? { at: entry.at, gate: entry.gate, deviceId: entry.device_id } : reported;
      const duplicate = sameScan(standing, reported) ? previous : reported;
      alerts.push({
        ticket_id: ticketId, scan_id: event.data.scanId, event_id: event.data.eventId, recorded_at: event.data.recordedAt,
        standing_at: standing.at, standing_gate: standing.gate, standing_device: standing.deviceId,
        duplicate_at: duplicate.at, duplicate_gate: duplicate.gate, duplicate_device: duplicate.deviceId,
        log_commit: recorded.position.commit.toString(), log_prepare: recorded.position.prepare.toString(),
      });
      entries.set(ticketId, { ticket_id: ticketId, at: standing.at, gate: standing.gate, device_id: standing.deviceId, last_revision: revision });
    }
    touched.add(ticketId);
  }
  await upsertRows(client, alertsTable, alerts);
  await upsertRows(client, entriesTable, [...touched].map((id) => entries.get(id)).filter((row): row is DoorEntryRow => row !== undefined));
  return [];
}
