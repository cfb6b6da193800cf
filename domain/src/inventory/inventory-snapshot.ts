import { SalesWindow } from '../shared/ticket-type-rules';
import { CloseReason } from './inventory-commands';
import { ActiveHold, EndedHold, InventoryState, KeyedHold, SeatStock, TicketTypeStock } from './inventory-state';

/** Bump when the snapshot's shape changes: older snapshots are then ignored and the stream is replayed. */
export const INVENTORY_SNAPSHOT_SCHEMA_VERSION = 2;

type Seat = [seatId: string, label: string, ticketTypeId: string, accessible: 0 | 1, status: SeatStock['status'], holdId: string | null, orderId: string | null];

export interface InventorySnapshot {
  readonly status: InventoryState['status'];
  readonly closed?: { readonly reason: CloseReason; readonly closedAt: string };
  readonly eventId?: string;
  readonly currency?: string;
  readonly perOrderLimit?: number;
  readonly holdMinutes?: number;
  readonly salesWindow?: SalesWindow;
  readonly ticketTypes?: TicketTypeStock[];
  /** Tuples: a stadium has tens of thousands of seats, and snapshots are read on every cold load. */
  readonly seats?: Seat[];
  readonly holds?: Omit<ActiveHold, 'expiresAtMs'>[];
  readonly endedHolds?: [holdId: string, ended: EndedHold][];
  readonly orders?: [orderId: string, holdId: string, quantities: [string, number][], seats: string[], returns?: string[]][];
  readonly keyedHolds?: [key: string, keyed: KeyedHold][];
}

/**
 * A detached, JSON-safe copy: later in-place evolves of the live state cannot reach it. Only what
 * evolve mutates is copied (ticket type counters, seats, order contents); holds and their events
 * are never changed once made, so they are shared rather than copied.
 */
export function toInventorySnapshot(state: InventoryState): InventorySnapshot {
  if (state.status === 'NotOpened') return { status: 'NotOpened' };
  return {
    status: state.status,
    ...(state.status === 'Closed' ? { closed: { reason: state.reason, closedAt: state.closedAt } } : {}),
    eventId: state.eventId,
    currency: state.currency,
    perOrderLimit: state.perOrderLimit,
    holdMinutes: state.holdMinutes,
    salesWindow: { ...state.salesWindow },
    ticketTypes: [...state.ticketTypes.values()].map((type) => ({ ...type })),
    seats: [...state.seats.values()].map((s): Seat => [s.seatId, s.label, s.ticketTypeId, s.accessible ? 1 : 0, s.status, s.holdId ?? null, s.orderId ?? null]),
    holds: [...state.holds.values()].map(({ expiresAtMs: _ms, ...hold }) => hold),
    endedHolds: [...state.endedHolds.entries()],
    orders: [...state.orders.values()].map((o): NonNullable<InventorySnapshot['orders']>[number] => (o.returns?.size
      ? [o.orderId, o.holdId, [...o.quantities.entries()], [...o.seats], [...o.returns]]
      : [o.orderId, o.holdId, [...o.quantities.entries()], [...o.seats]])),
    keyedHolds: [...state.keyedHolds.entries()],
  };
}

export function fromInventorySnapshot(snapshot: InventorySnapshot): InventoryState {
  if (snapshot.status === 'NotOpened') return { status: 'NotOpened' };
  const stock = {
    eventId: required(snapshot.eventId),
    currency: required(snapshot.currency),
    perOrderLimit: required(snapshot.perOrderLimit),
    holdMinutes: required(snapshot.holdMinutes),
    salesWindow: snapshot.salesWindow ?? {},
    ticketTypes: new Map((snapshot.ticketTypes ?? []).map((t) => [t.ticketTypeId, { ...t }])),
    seats: new Map((snapshot.seats ?? []).map(([seatId, label, ticketTypeId, accessible, status, holdId, orderId]): [string, SeatStock] => [seatId, {
      seatId, label, ticketTypeId, accessible: accessible === 1, status, ...(holdId ? { holdId } : {}), ...(orderId ? { orderId } : {}),
    }])),
    holds: new Map((snapshot.holds ?? []).map((h): [string, ActiveHold] => [h.holdId, { ...h, expiresAtMs: Date.parse(h.expiresAt) }])),
    endedHolds: new Map(snapshot.endedHolds ?? []),
    orders: new Map((snapshot.orders ?? []).map(([orderId, holdId, quantities, seats, returns]) => [orderId, { orderId, holdId, quantities: new Map(quantities), seats: new Set(seats), ...(returns ? { returns: new Set(returns) } : {}) }])),
    keyedHolds: new Map(snapshot.keyedHolds ?? []),
  };
  if (snapshot.status === 'Closed') {
    const closed = required(snapshot.closed);
    return { status: 'Closed', reason: closed.reason, closedAt: closed.closedAt, ...stock };
  }
  return { status: 'Open', ...stock };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('inventory snapshot is incomplete');
  return value;
}
