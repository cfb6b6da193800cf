import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { ticketClaimsOf, type TicketEvent } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import type { TableShape } from './upsert-rows';
import { upsertRows } from './upsert-rows';
import { idInStream } from './stream-names';

/** Where a ticket stands at the door: not yet scanned, in, out again (re-entry events), or voided. */
export type DoorState = 'issued' | 'inside' | 'outside' | 'revoked';

export interface TicketDoorStateRow {
  ticket_id: string;
  event_id: string;
  /** What a door device looks the ticket up by: see `doorEntryKey`. */
  entry_key: string;
  order_id: string;
  ticket_type_id: string;
  seat_id: string | null;
  seat_label: string | null;
  holder_name: string;
  /** The token's `iat` (whole seconds): with the ids and seat or type it rebuilds the signed payload. */
  token_iat: number;
  door_state: DoorState;
  first_scan_at: string | null;
  first_scan_gate: string | null;
  first_scan_device: string | null;
  last_revision: number;
  /** Where the last change a door device must learn of sits in the log: the manifest's delta cursor. */
  log_commit: string;
  log_prepare: string;
}

const doorStatesTable: TableShape<TicketDoorStateRow> = {
  table: 'rm_ticket_door_states',
  key: ['ticket_id'],
  columns: {
    ticket_id: 'text', event_id: 'text', entry_key: 'text', order_id: 'text', ticket_type_id: 'text', seat_id: 'text', seat_label: 'text', holder_name: 'text',
    token_iat: 'bigint', door_state: 'text', first_scan_at: 'timestamptz', first_scan_gate: 'text', first_scan_device: 'text', last_revision: 'bigint',
    log_commit: 'numeric', log_prepare: 'numeric',
  },
};

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'each ticket\'s door state per event',
    sql: `
      CREATE TABLE rm_ticket_door_states (
        ticket_id text PRIMARY KEY,
        event_id text NOT NULL,
        entry_key text NOT NULL,
        order_id text NOT NULL,
        ticket_type_id text NOT NULL,
        seat_id text,
        seat_label text,
        holder_name text NOT NULL,
        token_iat bigint NOT NULL,
        door_state text NOT NULL,
        first_scan_at timestamptz,
        first_scan_gate text,
        first_scan_device text,
        last_revision bigint NOT NULL,
        log_commit numeric(20) NOT NULL,
        log_prepare numeric(20) NOT NULL
      );
      CREATE INDEX rm_ticket_door_states_event ON rm_ticket_door_states (event_id, log_commit, log_prepare);
    `,
  },
];

/**
 * The key a door device finds a ticket by in its offline manifest: SHA-256 of `eventId:ticketId`,
 * base64url. A device computes it from a scanned token; a lost device's manifest names no ticket.
 */
export function doorEntryKey(eventId: string, ticketId: string): string {
  return createHash('sha256').update(`${eventId}:${ticketId}`).digest('base64url');
}

/**
 * Each ticket's state at the door, per event, for the door devices' offline manifest: issued,
 * checked in (with the standing first scan), checked out, voided. Each row keeps the log position
 * of its last change that a device must know, so a device asks only for what changed since.
 * Refused and duplicate scans change nothing a device decides on and do not move that position.
 */
export const doorStatesProjection: Projection = {
  name: 'door-states',
  streamPrefixes: ['ticket-'],
  migrations,
  tables: ['rm_ticket_door_states'],
  apply: applyDoorStates,
};

async function applyDoorStates(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const ticketIds = [...new Set(events.filter((event) => event.streamId.startsWith('ticket-')).map((event) => idInStream(event.streamId, 'ticket')))];
  if (ticketIds.length === 0) return [];
  const { rows: existing } = await client.query<TicketDoorStateRow>(
    `SELECT ticket_id, event_id, entry_key, order_id, ticket_type_id, seat_id, seat_label, holder_name, token_iat::float8 AS token_iat, door_state,
            to_char(first_scan_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_scan_at, first_scan_gate, first_scan_device,
            last_revision::float8 AS last_revision, log_commit::text AS log_commit, log_prepare::text AS log_prepare
     FROM rm_ticket_door_states WHERE ticket_id = ANY($1)`, [ticketIds]);
  const rows = new Map(existing.map((row) => [row.ticket_id, row]));
  const touched = new Set<string>();
  for (const recorded of events) {
    if (!recorded.streamId.startsWith('ticket-')) continue;
    const ticketId = idInStream(recorded.streamId, 'ticket');
    const revision = Number(recorded.revision);
    const before = rows.get(ticketId);
    if (before && revision <= before.last_revision) continue;
    const after = evolveRow(before, { type: recorded.type, data: recorded.data } as TicketEvent, recorded);
    if (!after) continue;
    rows.set(ticketId, after);
    touched.add(ticketId);
  }
  await upsertRows(client, doorStatesTable, [...touched].map((id) => rows.get(id)).filter((row): row is TicketDoorStateRow => row !== undefined));
  return [];
}

function evolveRow(row: TicketDoorStateRow | undefined, event: TicketEvent, recorded: RecordedEvent): TicketDoorStateRow | undefined {
  const position = { last_revision: Number(recorded.revision), log_commit: recorded.position.commit.toString(), log_prepare: recorded.position.prepare.toString() };
  if (event.type === 'TicketIssued') {
    if (row) return { ...row, last_revision: position.last_revision };
    const ticket = event.data;
    return {
      ticket_id: ticket.ticketId, event_id: ticket.eventId, entry_key: doorEntryKey(ticket.eventId, ticket.ticketId), order_id: ticket.orderId,
      ticket_type_id: ticket.ticketTypeId, seat_id: ticket.seatId ?? null, seat_label: ticket.seatLabel ?? null, holder_name: ticket.holderName,
      token_iat: ticketClaimsOf(ticket).issuedAt, door_state: 'issued', first_scan_at: null, first_scan_gate: null, first_scan_device: null, ...position,
    };
  }
  // A scan of a ticket this read model never saw issued cannot be keyed: nothing to show a device.
  if (!row) return undefined;
  const unchanged = { ...row, last_revision: position.last_revision };
  switch (event.type) {
    case 'TicketVoided':
      return { ...row, door_state: 'revoked', ...position };
    case 'TicketCheckedIn': {
      // The first admission stays the first scan a device shows; a re-entry only flips the state.
      const first = row.first_scan_at === null ? { first_scan_at: event.data.scannedAt, first_scan_gate: event.data.gate, first_scan_device: event.data.deviceId } : {};
      return { ...row, ...first, door_state: row.door_state === 'revoked' ? 'revoked' : 'inside', ...position };
    }
    case 'TicketCheckedOut':
      return { ...row, door_state: row.door_state === 'revoked' ? 'revoked' : 'outside', ...position };
    case 'DuplicateEntryDetected': {
      // Two devices let this ticket in offline: the earlier scan stands, and devices show that one.
      const { standing } = event.data;
      if (row.first_scan_at !== null && Date.parse(row.first_scan_at) <= Date.parse(standing.at)) return unchanged;
      return { ...row, first_scan_at: standing.at, first_scan_gate: standing.gate, first_scan_device: standing.deviceId, ...position };
    }
    case 'DuplicateScanRejected':
    case 'TicketScanRefused':
      return unchanged;
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown ticket event ${JSON.stringify(_exhaustive)}`);
    }
  }
}
