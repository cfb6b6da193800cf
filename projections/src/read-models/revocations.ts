import type { PoolClient } from 'pg';
import type { TicketVoided } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import type { TableShape } from './upsert-rows';
import { upsertRows } from './upsert-rows';

export interface RevokedTicketRow {
  ticket_id: string;
  event_id: string;
  order_id: string;
  reason: string;
  revoked_at: string;
  last_revision: number;
  /** Where the void sits in the log: the same after a rebuild, so a door device's cursor stays meaningful. */
  log_commit: string;
  log_prepare: string;
}

const revokedTable: TableShape<RevokedTicketRow> = {
  table: 'rm_revoked_tickets',
  key: ['ticket_id'],
  columns: {
    ticket_id: 'text', event_id: 'text', order_id: 'text', reason: 'text', revoked_at: 'timestamptz', last_revision: 'bigint', log_commit: 'numeric', log_prepare: 'numeric',
  },
};

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'revoked tickets per event',
    sql: `
      CREATE TABLE rm_revoked_tickets (
        ticket_id text PRIMARY KEY,
        event_id text NOT NULL,
        order_id text NOT NULL,
        reason text NOT NULL,
        revoked_at timestamptz NOT NULL,
        last_revision bigint NOT NULL,
        log_commit numeric(20) NOT NULL,
        log_prepare numeric(20) NOT NULL
      );
      CREATE INDEX rm_revoked_tickets_event ON rm_revoked_tickets (event_id, log_commit, log_prepare);
    `,
  },
];

/**
 * Each event's revocation list: the tickets voided (refunded, exchanged, transferred) since they
 * were issued. Door devices refuse these even when the token's signature is good. A ticket is
 * voided once, so a replay writes the same row again.
 */
export const revocationsProjection: Projection = {
  name: 'revocations',
  streamPrefixes: ['ticket-'],
  migrations,
  tables: ['rm_revoked_tickets'],
  apply: applyRevocations,
};

async function applyRevocations(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const rows = new Map<string, RevokedTicketRow>();
  for (const event of events) {
    if (event.type !== 'TicketVoided') continue;
    const { ticketId, eventId, orderId, reason, voidedAt } = event.data as TicketVoided['data'];
    if (rows.has(ticketId)) continue;
    rows.set(ticketId, {
      ticket_id: ticketId, event_id: eventId, order_id: orderId, reason, revoked_at: voidedAt, last_revision: Number(event.revision),
      log_commit: event.position.commit.toString(), log_prepare: event.position.prepare.toString(),
    });
  }
  await upsertRows(client, revokedTable, [...rows.values()]);
  return [];
}
