import { Buyer } from '../shared/buyer';
import { SalesWindow } from '../shared/ticket-type-rules';
import { CloseReason, ReleaseReason } from './inventory-commands';
import { HeldItem, HeldSeat, InventoryEvent, TicketsHeld } from './inventory-events';

export interface TicketTypeStock {
  readonly ticketTypeId: string;
  name: string;
  price: number;
  capacity: number;
  held: number;
  sold: number;
  blocked: number;
  /** Sold by seat: held/sold/blocked count its seats, and its capacity is its seat count. */
  readonly seated: boolean;
}

export type SeatStatus = 'free' | 'held' | 'sold' | 'blocked';

export interface SeatStock {
  readonly seatId: string;
  readonly label: string;
  readonly ticketTypeId: string;
  readonly accessible: boolean;
  status: SeatStatus;
  /** The hold or order the seat belongs to while held or sold. */
  holdId?: string;
  orderId?: string;
}

export interface ActiveHold {
  readonly holdId: string;
  readonly items: readonly HeldItem[];
  readonly seats: readonly HeldSeat[];
  readonly buyer: Buyer;
  readonly heldAt: string;
  readonly expiresAt: string;
  readonly expiresAtMs: number;
}

/** What a hold ended as: kept so releases are idempotent and a released hold can never be sold. */
export type EndedHold =
  | { readonly outcome: 'released'; readonly reason: ReleaseReason }
  | { readonly outcome: 'sold'; readonly orderId: string };

/**
 * A hold asked for with an Idempotency-Key: a retry of the same request is answered with this
 * hold instead of holding again, however long ago it was made (the key lives in the log).
 */
export interface KeyedHold {
  readonly holdId: string;
  /** Which tickets, for whom: the same key with another request is refused. */
  readonly fingerprint: string;
  readonly held: TicketsHeld['data'];
}

/** What an order still owns, so returns cannot give back more than was sold to it. */
export interface SoldOrder {
  readonly orderId: string;
  readonly holdId: string;
  readonly quantities: Map<string, number>;
  readonly seats: Set<string>;
  /** Returns already made (by `returnId`), so a retried refund cannot give tickets back twice. */
  readonly returns?: Set<string>;
}

export interface InventoryStock {
  readonly eventId: string;
  readonly currency: string;
  readonly perOrderLimit: number;
  readonly holdMinutes: number;
  readonly salesWindow: SalesWindow;
  readonly ticketTypes: Map<string, TicketTypeStock>;
  readonly seats: Map<string, SeatStock>;
  readonly holds: Map<string, ActiveHold>;
  readonly endedHolds: Map<string, EndedHold>;
  readonly orders: Map<string, SoldOrder>;
  readonly keyedHolds: Map<string, KeyedHold>;
}

export type InventoryState =
  | { readonly status: 'NotOpened' }
  | ({ readonly status: 'Open' } & InventoryStock)
  | ({ readonly status: 'Closed'; readonly reason: CloseReason; readonly closedAt: string } & InventoryStock);

export type OpenedInventory = Exclude<InventoryState, { status: 'NotOpened' }>;

export const initialInventoryState = (): InventoryState => ({ status: 'NotOpened' });

/**
 * The hot stream folds thousands of events per batch, so evolve updates the state's maps in
 * place and returns the same object (new only when the status changes). The state belongs to
 * whoever folds it: the batching gate drops its copy whenever an append does not commit, and
 * snapshots are detached copies. decide never mutates.
 */
export function evolveInventory(state: InventoryState, event: InventoryEvent): InventoryState {
  if (event.type === 'InventoryOpened') return opened(event.data);
  if (state.status === 'NotOpened') return state;
  const stock = state;
  switch (event.type) {
    case 'TicketsHeld': {
      const { holdId, items, seats, buyer, heldAt, expiresAt } = event.data;
      for (const item of items) typeOf(stock, item.ticketTypeId).held += item.quantity;
      for (const seat of seats) moveSeat(stock, seat.seatId, 'held', { holdId });
      stock.holds.set(holdId, { holdId, items, seats, buyer, heldAt, expiresAt, expiresAtMs: Date.parse(expiresAt) });
      const key = event.data.idempotencyKey;
      if (key !== undefined) stock.keyedHolds.set(key, { holdId, fingerprint: holdFingerprint(items, seats.map((s) => s.seatId), buyer.email), held: event.data });
      return state;
    }
    case 'HoldReleased': {
      const hold = stock.holds.get(event.data.holdId);
      if (!hold) return state;
      for (const item of hold.items) typeOf(stock, item.ticketTypeId).held -= item.quantity;
      for (const seat of hold.seats) moveSeat(stock, seat.seatId, 'free', {});
      stock.holds.delete(hold.holdId);
      stock.endedHolds.set(hold.holdId, { outcome: 'released', reason: event.data.reason });
      return state;
    }
    case 'HoldSold': {
      const { holdId, orderId } = event.data;
      const hold = stock.holds.get(holdId);
      if (!hold) return state;
      const quantities = new Map<string, number>();
      for (const item of hold.items) {
        const type = typeOf(stock, item.ticketTypeId);
        type.held -= item.quantity;
        type.sold += item.quantity;
        quantities.set(item.ticketTypeId, (quantities.get(item.ticketTypeId) ?? 0) + item.quantity);
      }
      for (const seat of hold.seats) moveSeat(stock, seat.seatId, 'sold', { orderId });
      stock.holds.delete(holdId);
      stock.endedHolds.set(holdId, { outcome: 'sold', orderId });
      stock.orders.set(orderId, { orderId, holdId, quantities, seats: new Set(hold.seats.map((s) => s.seatId)) });
      return state;
    }
    case 'TicketsReturned': {
      const order = stock.orders.get(event.data.orderId);
      if (!order) return state;
      for (const item of event.data.items) {
        typeOf(stock, item.ticketTypeId).sold -= item.quantity;
        order.quantities.set(item.ticketTypeId, (order.quantities.get(item.ticketTypeId) ?? 0) - item.quantity);
      }
      for (const seatId of event.data.seats) {
        moveSeat(stock, seatId, 'free', {});
        order.seats.delete(seatId);
      }
      if (event.data.returnId !== undefined) stock.orders.set(order.orderId, { ...order, returns: new Set([...(order.returns ?? []), event.data.returnId]) });
      return state;
    }
    case 'TicketsBlocked':
      for (const item of event.data.items) typeOf(stock, item.ticketTypeId).blocked += item.quantity;
      for (const seatId of event.data.seats) moveSeat(stock, seatId, 'blocked', {});
      return state;
    case 'TicketsUnblocked':
      for (const item of event.data.items) typeOf(stock, item.ticketTypeId).blocked -= item.quantity;
      for (const seatId of event.data.seats) moveSeat(stock, seatId, 'free', {});
      return state;
    case 'CapacityChanged':
      typeOf(stock, event.data.ticketTypeId).capacity = event.data.capacity;
      return state;
    case 'TicketTypeAdded': {
      const { ticketTypeId, name, price, capacity } = event.data;
      stock.ticketTypes.set(ticketTypeId, { ticketTypeId, name, price, capacity, held: 0, sold: 0, blocked: 0, seated: false });
      return state;
    }
    case 'TicketTypeRepriced':
      typeOf(stock, event.data.ticketTypeId).price = event.data.price;
      return state;
    case 'SalesWindowChanged':
      return { ...state, salesWindow: event.data.salesWindow };
    case 'HoldPolicyChanged':
      return { ...state, perOrderLimit: event.data.perOrderLimit, holdMinutes: event.data.holdMinutes };
    case 'InventoryClosed': {
      const { status: _status, ...rest } = withoutClosure(state);
      return { ...rest, status: 'Closed', reason: event.data.reason, closedAt: event.data.closedAt };
    }
    case 'InventoryReopened':
      return { ...withoutClosure(state), status: 'Open' };
    default: {
      const _exhaustive: never = event;
      throw new Error(`unknown inventory event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function opened(data: Extract<InventoryEvent, { type: 'InventoryOpened' }>['data']): InventoryState {
  const seatedTypes = new Set(data.seats.map((seat) => seat.ticketTypeId));
  const ticketTypes = new Map<string, TicketTypeStock>();
  for (const { ticketTypeId, name, price, capacity } of data.ticketTypes) {
    ticketTypes.set(ticketTypeId, { ticketTypeId, name, price, capacity, held: 0, sold: 0, blocked: 0, seated: seatedTypes.has(ticketTypeId) });
  }
  const seats = new Map<string, SeatStock>();
  for (const { seatId, label, ticketTypeId, accessible } of data.seats) {
    seats.set(seatId, { seatId, label, ticketTypeId, accessible: accessible ?? false, status: 'free' });
  }
  return {
    status: 'Open',
    eventId: data.eventId,
    currency: data.currency,
    perOrderLimit: data.perOrderLimit,
    holdMinutes: data.holdMinutes,
    salesWindow: data.salesWindow,
    ticketTypes,
    seats,
    holds: new Map(),
    endedHolds: new Map(),
    orders: new Map(),
    keyedHolds: new Map(),
  };
}

/** The request a hold answered, order-insensitive: GA lines by type and quantity, seats, buyer. */
export function holdFingerprint(items: readonly { ticketTypeId: string; quantity: number }[], seatIds: readonly string[], buyerEmail: string): string {
  const lines = items.map((i) => `${i.ticketTypeId}×${i.quantity}`).sort();
  return JSON.stringify([lines, [...seatIds].sort(), buyerEmail.toLowerCase()]);
}

function withoutClosure(state: OpenedInventory): InventoryStock & { status: OpenedInventory['status'] } {
  if (state.status === 'Open') return state;
  const { reason: _reason, closedAt: _closedAt, ...rest } = state;
  return rest;
}

function typeOf(stock: InventoryStock, ticketTypeId: string): TicketTypeStock {
  const type = stock.ticketTypes.get(ticketTypeId);
  if (!type) throw new Error(`inventory event names unknown ticket type ${ticketTypeId}`);
  return type;
}

/** A seat's counts live on its ticket type too: moving a seat moves one ticket between them. */
function moveSeat(stock: InventoryStock, seatId: string, to: SeatStatus, owner: { holdId?: string; orderId?: string }): void {
  const seat = stock.seats.get(seatId);
  if (!seat) throw new Error(`inventory event names unknown seat ${seatId}`);
  const type = typeOf(stock, seat.ticketTypeId);
  if (seat.status !== 'free') type[seat.status]--;
  if (to !== 'free') type[to]++;
  seat.status = to;
  if (owner.holdId) seat.holdId = owner.holdId;
  else delete seat.holdId;
  if (owner.orderId) seat.orderId = owner.orderId;
  else delete seat.orderId;
}
