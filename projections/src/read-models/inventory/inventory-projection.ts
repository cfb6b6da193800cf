import type { PoolClient } from 'pg';
import type { TicketTypeAvailability } from '@marquee/domain';
import type { RecordedEvent } from '../../event-source';
import type { Notification, Projection } from '../../projection';
import { idInStream } from '../stream-names';
import { upsertRows } from '../upsert-rows';
import { emptyView, foldInventoryEvent, InventoryView, seatsNamedBy } from './inventory-fold';
import type { AvailabilityRow, SalesStatusRow, SeatRow } from './inventory-tables';
import { availabilityTable, inventoryMigrations, salesStatusTable, seatTable } from './inventory-tables';

/**
 * Availability per ticket type, sales status and every seat, from the `inventory-<eventId>`
 * streams. One projection because a seat's move changes its ticket type's counts: both are
 * folded from the same rows in the same transaction.
 */
export const inventoryProjection: Projection = {
  name: 'inventory',
  streamPrefixes: ['inventory-'],
  migrations: inventoryMigrations,
  tables: ['rm_sales_status', 'rm_availability', 'rm_seats'],
  apply: applyInventory,
};

async function applyInventory(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const views = await loadViews(client, events);
  const applied = new Set<string>();
  for (const event of events) {
    const view = views.get(idInStream(event.streamId, 'inventory'));
    if (view && foldInventoryEvent(view, event)) applied.add(view.eventId);
  }
  const notifications: Notification[] = [];
  for (const eventId of applied) {
    const view = views.get(eventId);
    if (!view) continue;
    await writeView(client, view);
    if (view.changedTypes.size > 0 || view.opened) notifications.push({ kind: 'availability', eventId, ticketTypes: availabilityIn(view) });
    if (view.changedSeats.size > 0) notifications.push({ kind: 'seats', eventId });
  }
  return notifications;
}

/** The view's ticket types as the availability query answers them (availabilityOf). */
function availabilityIn(view: InventoryView): TicketTypeAvailability[] {
  return [...view.types.values()]
    .sort((a, b) => (a.ticket_type_id < b.ticket_type_id ? -1 : a.ticket_type_id > b.ticket_type_id ? 1 : 0))
    .map((row) => ({
      ticketTypeId: row.ticket_type_id, name: row.name, price: Number(row.price), capacity: row.capacity, held: row.held,
      sold: row.sold, blocked: row.blocked, available: row.available, seated: row.seated,
    }));
}

/** The sales status rows are locked first: they guard the rest of each stream's rows. */
async function loadViews(client: PoolClient, events: readonly RecordedEvent[]): Promise<Map<string, InventoryView>> {
  const views = new Map<string, InventoryView>();
  const namedSeats: { eventId: string[]; seatId: string[] } = { eventId: [], seatId: [] };
  for (const event of events) {
    const eventId = idInStream(event.streamId, 'inventory');
    if (!views.has(eventId)) views.set(eventId, emptyView(eventId));
    for (const seatId of seatsNamedBy(event)) {
      namedSeats.eventId.push(eventId);
      namedSeats.seatId.push(seatId);
    }
  }
  const eventIds = [...views.keys()];
  const statuses = await client.query<{ row: SalesStatusRow }>(
    'SELECT to_jsonb(s) AS row FROM rm_sales_status s WHERE event_id = ANY ($1::text[]) ORDER BY event_id FOR UPDATE', [eventIds]);
  for (const { row } of statuses.rows) {
    const view = views.get(row.event_id);
    if (view) view.status = row;
  }
  const types = await client.query<{ row: AvailabilityRow }>(
    'SELECT to_jsonb(a) AS row FROM rm_availability a WHERE event_id = ANY ($1::text[])', [eventIds]);
  for (const { row } of types.rows) views.get(row.event_id)?.types.set(row.ticket_type_id, row);
  if (namedSeats.seatId.length > 0) {
    const seats = await client.query<{ row: SeatRow }>(
      `SELECT to_jsonb(s) AS row FROM rm_seats s
       JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS n(event_id, seat_id)) n USING (event_id, seat_id)`,
      [namedSeats.eventId, namedSeats.seatId]);
    for (const { row } of seats.rows) views.get(row.event_id)?.seats.set(row.seat_id, row);
  }
  return views;
}

async function writeView(client: PoolClient, view: InventoryView): Promise<void> {
  if (view.opened) {
    await client.query('DELETE FROM rm_availability WHERE event_id = $1', [view.eventId]);
    await client.query('DELETE FROM rm_seats WHERE event_id = $1', [view.eventId]);
  }
  if (view.status) await upsertRows(client, salesStatusTable, [view.status]);
  await upsertRows(client, availabilityTable, pick(view.types, view.changedTypes));
  await upsertRows(client, seatTable, pick(view.seats, view.changedSeats));
}

function pick<Row>(rows: ReadonlyMap<string, Row>, keys: ReadonlySet<string>): Row[] {
  return [...keys].map((key) => rows.get(key)).filter((row): row is Row => row !== undefined);
}
