import type { PoolClient } from 'pg';
import type { HoldSold } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import { idInStream } from './stream-names';
import type { TableShape } from './upsert-rows';
import { upsertRows } from './upsert-rows';

export interface SalesMinuteRow {
  event_id: string;
  ticket_type_id: string;
  minute: string;
  tickets: number;
  /** Minor units, at the prices the tickets were held at, before fees and tax. */
  revenue: number;
  /**
   * Revision of the inventory stream's last sale counted here. Every sale that adds to a row
   * raises it, so a replayed sale finds it at or above its own revision and adds nothing.
   */
  last_revision: number;
}

const salesTable: TableShape<SalesMinuteRow> = {
  table: 'rm_sales_per_minute',
  key: ['event_id', 'ticket_type_id', 'minute'],
  columns: { event_id: 'text', ticket_type_id: 'text', minute: 'timestamptz', tickets: 'integer', revenue: 'bigint', last_revision: 'bigint' },
};

const migrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'sales per minute',
    sql: `
      CREATE TABLE rm_sales_per_minute (
        event_id text NOT NULL,
        ticket_type_id text NOT NULL,
        minute timestamptz NOT NULL,
        tickets integer NOT NULL,
        revenue bigint NOT NULL,
        last_revision bigint NOT NULL,
        PRIMARY KEY (event_id, ticket_type_id, minute)
      );
    `,
  },
];

/** Tickets sold and revenue per ticket type and minute, from HoldSold: the organizer's on-sale chart. */
export const salesProjection: Projection = {
  name: 'sales',
  streamPrefixes: ['inventory-'],
  migrations,
  tables: ['rm_sales_per_minute'],
  apply: applySales,
};

interface SaleLine {
  readonly key: string;
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly minute: string;
  readonly tickets: number;
  readonly revenue: number;
}

async function applySales(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const sales = events.filter((event) => event.type === 'HoldSold').map((event) => ({ event, lines: saleLines(event) }));
  if (sales.length === 0) return [];
  const keys = sales.flatMap(({ lines }) => lines);
  const { rows } = await client.query<{ row: SalesMinuteRow }>(
    `SELECT to_jsonb(s) AS row FROM rm_sales_per_minute s
     JOIN unnest($1::text[], $2::text[], $3::timestamptz[]) AS k(event_id, ticket_type_id, minute) USING (event_id, ticket_type_id, minute)
     FOR UPDATE OF s`,
    [keys.map((line) => line.eventId), keys.map((line) => line.ticketTypeId), keys.map((line) => line.minute)]);
  const minutes = new Map(rows.map(({ row }) => [rowKey(row.event_id, row.ticket_type_id, new Date(row.minute).toISOString()), row]));
  const touched = new Set<string>();
  for (const { event, lines } of sales) {
    const revision = Number(event.revision);
    for (const line of lines) {
      const row = minutes.get(line.key);
      if (row && row.last_revision >= revision) continue;
      minutes.set(line.key, {
        event_id: line.eventId, ticket_type_id: line.ticketTypeId, minute: line.minute,
        tickets: (row?.tickets ?? 0) + line.tickets, revenue: (row?.revenue ?? 0) + line.revenue, last_revision: revision,
      });
      touched.add(line.key);
    }
  }
  await upsertRows(client, salesTable, [...touched].map((key) => minutes.get(key)).filter((row) => row !== undefined));
  return [];
}

/** One line per ticket type a sale touched: its items, and its seats one ticket each. */
function saleLines(recorded: RecordedEvent): SaleLine[] {
  const { items, seats, soldAt } = (recorded.data as HoldSold['data']);
  const eventId = idInStream(recorded.streamId, 'inventory');
  const minute = new Date(Math.floor(Date.parse(soldAt) / 60_000) * 60_000).toISOString();
  const perType = new Map<string, { tickets: number; revenue: number }>();
  const add = (ticketTypeId: string, tickets: number, revenue: number): void => {
    const sum = perType.get(ticketTypeId) ?? { tickets: 0, revenue: 0 };
    perType.set(ticketTypeId, { tickets: sum.tickets + tickets, revenue: sum.revenue + revenue });
  };
  for (const item of items) add(item.ticketTypeId, item.quantity, item.unitPrice * item.quantity);
  for (const seat of seats) add(seat.ticketTypeId, 1, seat.unitPrice);
  return [...perType].map(([ticketTypeId, sum]) => ({ key: rowKey(eventId, ticketTypeId, minute), eventId, ticketTypeId, minute, ...sum }));
}

function rowKey(eventId: string, ticketTypeId: string, minute: string): string {
  return JSON.stringify([eventId, ticketTypeId, minute]);
}
