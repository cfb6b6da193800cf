import type { InventoryEvent } from '@marquee/domain';
import type { RecordedEvent } from '../../event-source';
import type { AvailabilityRow, SalesStatusRow, SeatRow, SeatStatus } from './inventory-tables';

/**
 * One event's stock as far as a batch needs it: its sales status, every ticket type, and the
 * seats the batch's events name. Folded in memory like the domain's evolve, then written back.
 */
export interface InventoryView {
  readonly eventId: string;
  status: SalesStatusRow | undefined;
  types: Map<string, AvailabilityRow>;
  seats: Map<string, SeatRow>;
  /** InventoryOpened was folded: rows the stream had before are replaced, not merged. */
  opened: boolean;
  readonly changedTypes: Set<string>;
  readonly changedSeats: Set<string>;
}

export function emptyView(eventId: string): InventoryView {
  return { eventId, status: undefined, types: new Map(), seats: new Map(), opened: false, changedTypes: new Set(), changedSeats: new Set() };
}

/** The seat ids an inventory event names, so the batch can load just those seats. */
export function seatsNamedBy(recorded: RecordedEvent): string[] {
  const event = { type: recorded.type, data: recorded.data } as InventoryEvent;
  switch (event.type) {
    case 'TicketsHeld':
    case 'HoldReleased':
    case 'HoldSold':
      return event.data.seats.map((seat) => seat.seatId);
    case 'TicketsReturned':
    case 'TicketsBlocked':
    case 'TicketsUnblocked':
      return [...event.data.seats];
    default:
      return [];
  }
}

/** Folds one event into the view; false when it was skipped (already applied, or before the inventory opened). */
export function foldInventoryEvent(view: InventoryView, recorded: RecordedEvent): boolean {
  const event = { type: recorded.type, data: recorded.data } as InventoryEvent;
  const stamp = { updated_at: recorded.created.toISOString(), last_revision: Number(recorded.revision) };
  if (event.type === 'InventoryOpened') {
    if (view.status && recorded.revision <= BigInt(view.status.last_revision)) return false;
    open(view, event, stamp);
    return true;
  }
  const status = view.status;
  if (!status || recorded.revision <= BigInt(status.last_revision)) return false;
  const current: SalesStatusRow = { ...status, ...stamp };
  view.status = current;
  switch (event.type) {
    case 'TicketsHeld':
      for (const item of event.data.items) count(view, item.ticketTypeId, { held: item.quantity });
      for (const seat of event.data.seats) moveSeat(view, seat.seatId, 'held', { hold_id: event.data.holdId });
      break;
    case 'HoldReleased':
      for (const item of event.data.items) count(view, item.ticketTypeId, { held: -item.quantity });
      for (const seat of event.data.seats) moveSeat(view, seat.seatId, 'free', {});
      break;
    case 'HoldSold':
      for (const item of event.data.items) count(view, item.ticketTypeId, { held: -item.quantity, sold: item.quantity });
      for (const seat of event.data.seats) moveSeat(view, seat.seatId, 'sold', { order_id: event.data.orderId });
      break;
    case 'TicketsReturned':
      for (const item of event.data.items) count(view, item.ticketTypeId, { sold: -item.quantity });
      for (const seatId of event.data.seats) moveSeat(view, seatId, 'free', {});
      break;
    case 'TicketsBlocked':
      for (const item of event.data.items) count(view, item.ticketTypeId, { blocked: item.quantity });
      for (const seatId of event.data.seats) moveSeat(view, seatId, 'blocked', {});
      break;
    case 'TicketsUnblocked':
      for (const item of event.data.items) count(view, item.ticketTypeId, { blocked: -item.quantity });
      for (const seatId of event.data.seats) moveSeat(view, seatId, 'free', {});
      break;
    case 'CapacityChanged':
      changeType(view, event.data.ticketTypeId, { capacity: event.data.capacity });
      break;
    case 'TicketTypeAdded': {
      const { ticketTypeId, name, price, capacity } = event.data;
      setType(view, { event_id: view.eventId, ticket_type_id: ticketTypeId, name, price, capacity, held: 0, sold: 0, blocked: 0, available: capacity, seated: false });
      break;
    }
    case 'TicketTypeRepriced':
      changeType(view, event.data.ticketTypeId, { price: event.data.price });
      break;
    case 'SalesWindowChanged':
      view.status = { ...current, opens_at: event.data.salesWindow.opensAt ?? null, closes_at: event.data.salesWindow.closesAt ?? null };
      break;
    case 'HoldPolicyChanged':
      view.status = { ...current, per_order_limit: event.data.perOrderLimit, hold_minutes: event.data.holdMinutes };
      break;
    case 'InventoryClosed':
      view.status = { ...current, status: 'closed', reason: event.data.reason };
      break;
    case 'InventoryReopened':
      view.status = { ...current, status: 'open', reason: null };
      break;
    default:
      // A type written by a newer version: the revision still counts as seen.
      break;
  }
  return true;
}

function open(view: InventoryView, event: Extract<InventoryEvent, { type: 'InventoryOpened' }>, stamp: Pick<SalesStatusRow, 'updated_at' | 'last_revision'>): void {
  const { data } = event;
  view.opened = true;
  view.status = {
    event_id: view.eventId, status: 'open', reason: null, currency: data.currency, per_order_limit: data.perOrderLimit,
    hold_minutes: data.holdMinutes, opens_at: data.salesWindow.opensAt ?? null, closes_at: data.salesWindow.closesAt ?? null, ...stamp,
  };
  const seatedTypes = new Set(data.seats.map((seat) => seat.ticketTypeId));
  view.types = new Map();
  view.seats = new Map();
  view.changedTypes.clear();
  view.changedSeats.clear();
  for (const { ticketTypeId, name, price, capacity } of data.ticketTypes) {
    setType(view, { event_id: view.eventId, ticket_type_id: ticketTypeId, name, price, capacity, held: 0, sold: 0, blocked: 0, available: capacity, seated: seatedTypes.has(ticketTypeId) });
  }
  for (const { seatId, label, ticketTypeId, accessible } of data.seats) {
    view.seats.set(seatId, { event_id: view.eventId, seat_id: seatId, label, ticket_type_id: ticketTypeId, accessible: accessible ?? false, status: 'free', hold_id: null, order_id: null });
    view.changedSeats.add(seatId);
  }
}

type Counts = Partial<Pick<AvailabilityRow, 'held' | 'sold' | 'blocked'>>;

function count(view: InventoryView, ticketTypeId: string, delta: Counts): void {
  const type = view.types.get(ticketTypeId);
  if (!type) return;
  changeType(view, ticketTypeId, {
    held: type.held + (delta.held ?? 0),
    sold: type.sold + (delta.sold ?? 0),
    blocked: type.blocked + (delta.blocked ?? 0),
  });
}

function changeType(view: InventoryView, ticketTypeId: string, change: Partial<AvailabilityRow>): void {
  const type = view.types.get(ticketTypeId);
  if (type) setType(view, { ...type, ...change });
}

function setType(view: InventoryView, type: AvailabilityRow): void {
  view.types.set(type.ticket_type_id, { ...type, available: type.capacity - type.held - type.sold - type.blocked });
  view.changedTypes.add(type.ticket_type_id);
}

/** As in the domain: a seat's counts live on its ticket type, so moving a seat moves one ticket between them. */
function moveSeat(view: InventoryView, seatId: string, to: SeatStatus, owner: { hold_id?: string; order_id?: string }): void {
  const seat = view.seats.get(seatId);
  if (!seat) return;
  const delta: Counts = {};
  if (seat.status !== 'free') delta[seat.status] = -1;
  if (to !== 'free') delta[to] = (delta[to] ?? 0) + 1;
  count(view, seat.ticket_type_id, delta);
  view.seats.set(seatId, { ...seat, status: to, hold_id: owner.hold_id ?? null, order_id: owner.order_id ?? null });
  view.changedSeats.add(seatId);
}
