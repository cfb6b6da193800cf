import { assertCurrency, assertMinorUnits } from '../shared/money';
import { InvalidInput } from '../shared/domain-error';
import { assertNonEmptyText, assertNonNegativeInteger, assertPositiveInteger } from '../shared/validation';
import {
  AddTicketType, BlockTickets, ChangeCapacity, ChangeHoldPolicy, ChangeSalesWindow, CloseInventory, CloseReason, OpenInventory,
  ReopenInventory, RepriceTicketType, UnblockTickets,
} from './inventory-commands';
import {
  InventoryAlreadyOpen, InventoryCancelled, NotBlocked, NotEnoughTickets, SeatUnavailable,
} from './inventory-errors';
import { CapacityBelowCommitted, SeatedCapacityFollowsSeats, TicketTypeExists } from '../shared/ticket-type-rules';
import {
  CapacityChanged, HoldPolicyChanged, InventoryClosed, InventoryOpened, InventoryReopened, SalesWindowChanged, TicketsBlocked,
  TicketTypeAdded, TicketTypeRepriced, TicketsUnblocked,
} from './inventory-events';
import { InventoryState, OpenedInventory, TicketTypeStock } from './inventory-state';
import {
  assertNow, assertSalesWindow, available, gaLines, MAX_CAPACITY, MAX_HOLD_MINUTES, MAX_PER_ORDER_LIMIT, requireOpened, seatIds,
} from './inventory-validation';

const CLOSE_REASONS: readonly CloseReason[] = ['paused', 'sales-ended', 'event-cancelled'];

export function open(command: OpenInventory, state: InventoryState): InventoryOpened[] {
  const { eventId, currency, perOrderLimit, holdMinutes, salesWindow, ticketTypes, seats, now } = command.data;
  if (state.status !== 'NotOpened') throw new InventoryAlreadyOpen(state.eventId);
  assertNonEmptyText('eventId', eventId, 100);
  assertCurrency('currency', currency);
  assertPositiveInteger('perOrderLimit', perOrderLimit, MAX_PER_ORDER_LIMIT);
  assertPositiveInteger('holdMinutes', holdMinutes, MAX_HOLD_MINUTES);
  assertSalesWindow(salesWindow);
  assertNow(now);
  if (!Array.isArray(ticketTypes) || ticketTypes.length === 0) throw new InvalidInput('ticketTypes', 'an inventory needs at least one ticket type');
  if (!Array.isArray(seats)) throw new InvalidInput('seats', 'seats must be a list (empty for general admission)');

  const seatCount = new Map<string, number>();
  const typeIds = new Set(ticketTypes.map((t) => t.ticketTypeId));
  const seatIdsSeen = new Set<string>();
  seats.forEach((seat, i) => {
    assertNonEmptyText(`seats[${i}].seatId`, seat.seatId, 100);
    assertNonEmptyText(`seats[${i}].label`, seat.label, 100);
    if (seatIdsSeen.has(seat.seatId)) throw new InvalidInput(`seats[${i}].seatId`, `seat ${seat.seatId} appears twice`);
    if (!typeIds.has(seat.ticketTypeId)) throw new InvalidInput(`seats[${i}].ticketTypeId`, `unknown ticket type ${JSON.stringify(seat.ticketTypeId)}`);
    seatIdsSeen.add(seat.seatId);
    seatCount.set(seat.ticketTypeId, (seatCount.get(seat.ticketTypeId) ?? 0) + 1);
  });
  const typeIdsSeen = new Set<string>();
  ticketTypes.forEach((type, i) => {
    assertTicketType(`ticketTypes[${i}]`, type);
    if (typeIdsSeen.has(type.ticketTypeId)) throw new InvalidInput(`ticketTypes[${i}].ticketTypeId`, `${type.ticketTypeId} appears twice`);
    typeIdsSeen.add(type.ticketTypeId);
    const seated = seatCount.get(type.ticketTypeId);
    if (seated !== undefined && seated !== type.capacity) {
      throw new InvalidInput(`ticketTypes[${i}].capacity`, `${type.ticketTypeId} is sold by seat and has ${seated} seats, not ${type.capacity}`);
    }
  });

  return [{
    type: 'InventoryOpened',
    data: {
      eventId, currency, perOrderLimit, holdMinutes, salesWindow: salesWindow ?? {},
      ticketTypes: ticketTypes.map(({ ticketTypeId, name, price, capacity }) => ({ ticketTypeId, name, price, capacity })),
      seats: seats.map(({ seatId, label, ticketTypeId, accessible }) => ({ seatId, label, ticketTypeId, ...(accessible ? { accessible: true } : {}) })),
      openedAt: now,
    },
  }];
}

export function block(command: BlockTickets, state: InventoryState): TicketsBlocked[] {
  const stock = requireOpenedNotCancelled(state);
  const { note, now } = command.data;
  assertNow(now);
  if (note !== undefined) assertNonEmptyText('note', note, 500);
  const lines = gaLines('items', command.data.items, stock);
  const seats = seatIds('seats', command.data.seats, stock);
  if (lines.length === 0 && seats.length === 0) throw new InvalidInput('items', 'name at least one ticket or seat to block');
  for (const { line, type } of lines) {
    if (line.quantity > available(type)) throw new NotEnoughTickets(type.ticketTypeId, line.quantity, available(type));
  }
  for (const seatId of seats) {
    const status = stock.seats.get(seatId)?.status;
    if (status !== 'free') throw new SeatUnavailable(seatId, status ?? 'unknown');
  }
  return [{ type: 'TicketsBlocked', data: { items: lines.map(({ line }) => line), seats, ...(note !== undefined ? { note } : {}), blockedAt: now } }];
}

export function unblock(command: UnblockTickets, state: InventoryState): TicketsUnblocked[] {
  const stock = requireOpened(state);
  assertNow(command.data.now);
  const lines = gaLines('items', command.data.items, stock);
  const seats = seatIds('seats', command.data.seats, stock);
  if (lines.length === 0 && seats.length === 0) throw new InvalidInput('items', 'name at least one ticket or seat to unblock');
  for (const { line, type } of lines) {
    if (line.quantity > type.blocked) throw new NotBlocked(type.ticketTypeId, line.quantity, type.blocked);
  }
  for (const seatId of seats) {
    if (stock.seats.get(seatId)?.status !== 'blocked') throw new NotBlocked(`seat ${seatId}`, 1, 0);
  }
  return [{ type: 'TicketsUnblocked', data: { items: lines.map(({ line }) => line), seats, unblockedAt: command.data.now } }];
}

export function changeCapacity(command: ChangeCapacity, state: InventoryState): CapacityChanged[] {
  const stock = requireOpenedNotCancelled(state);
  const { ticketTypeId, capacity, now } = command.data;
  assertNow(now);
  const type = knownType(stock, ticketTypeId);
  if (type.seated) throw new SeatedCapacityFollowsSeats(ticketTypeId);
  assertNonNegativeInteger('capacity', capacity, MAX_CAPACITY);
  const committed = type.held + type.sold + type.blocked;
  if (capacity < committed) throw new CapacityBelowCommitted(ticketTypeId, capacity, committed);
  if (capacity === type.capacity) return [];
  return [{ type: 'CapacityChanged', data: { ticketTypeId, capacity, previousCapacity: type.capacity, changedAt: now } }];
}

export function addTicketType(command: AddTicketType, state: InventoryState): TicketTypeAdded[] {
  const stock = requireOpenedNotCancelled(state);
  const { ticketTypeId, name, price, capacity, now } = command.data;
  assertNow(now);
  assertTicketType('', { ticketTypeId, name, price, capacity });
  if (stock.ticketTypes.has(ticketTypeId)) throw new TicketTypeExists(ticketTypeId);
  return [{ type: 'TicketTypeAdded', data: { ticketTypeId, name, price, capacity, addedAt: now } }];
}

export function reprice(command: RepriceTicketType, state: InventoryState): TicketTypeRepriced[] {
  const stock = requireOpenedNotCancelled(state);
  const { ticketTypeId, price, now } = command.data;
  assertNow(now);
  const type = knownType(stock, ticketTypeId);
  assertMinorUnits('price', price);
  if (price === type.price) return [];
  return [{ type: 'TicketTypeRepriced', data: { ticketTypeId, price, previousPrice: type.price, repricedAt: now } }];
}

export function changeSalesWindow(command: ChangeSalesWindow, state: InventoryState): SalesWindowChanged[] {
  const stock = requireOpenedNotCancelled(state);
  const { opensAt, closesAt, now } = command.data;
  assertNow(now);
  const salesWindow = { ...(opensAt !== undefined ? { opensAt } : {}), ...(closesAt !== undefined ? { closesAt } : {}) };
  assertSalesWindow(salesWindow, 'salesWindow');
  if (stock.salesWindow.opensAt === salesWindow.opensAt && stock.salesWindow.closesAt === salesWindow.closesAt) return [];
  return [{ type: 'SalesWindowChanged', data: { salesWindow, changedAt: now } }];
}

export function changeHoldPolicy(command: ChangeHoldPolicy, state: InventoryState): HoldPolicyChanged[] {
  const stock = requireOpenedNotCancelled(state);
  const perOrderLimit = command.data.perOrderLimit ?? stock.perOrderLimit;
  const holdMinutes = command.data.holdMinutes ?? stock.holdMinutes;
  assertNow(command.data.now);
  assertPositiveInteger('perOrderLimit', perOrderLimit, MAX_PER_ORDER_LIMIT);
  assertPositiveInteger('holdMinutes', holdMinutes, MAX_HOLD_MINUTES);
  if (perOrderLimit === stock.perOrderLimit && holdMinutes === stock.holdMinutes) return [];
  return [{ type: 'HoldPolicyChanged', data: { perOrderLimit, holdMinutes, changedAt: command.data.now } }];
}

/** Closing stops new holds; holds already made may still be paid for, unless the event is cancelled. */
export function close(command: CloseInventory, state: InventoryState): InventoryClosed[] {
  const stock = requireOpened(state);
  const { reason, now } = command.data;
  assertNow(now);
  if (!CLOSE_REASONS.includes(reason)) throw new InvalidInput('reason', `reason must be one of ${CLOSE_REASONS.join(', ')}`);
  if (stock.status === 'Closed' && (stock.reason === reason || stock.reason === 'event-cancelled')) return [];
  return [{ type: 'InventoryClosed', data: { reason, closedAt: now } }];
}

export function reopen(command: ReopenInventory, state: InventoryState): InventoryReopened[] {
  const stock = requireOpenedNotCancelled(state);
  assertNow(command.data.now);
  if (stock.status === 'Open') return [];
  return [{ type: 'InventoryReopened', data: { reopenedAt: command.data.now } }];
}

function requireOpenedNotCancelled(state: InventoryState): OpenedInventory {
  const stock = requireOpened(state);
  if (stock.status === 'Closed' && stock.reason === 'event-cancelled') throw new InventoryCancelled();
  return stock;
}

function knownType(stock: OpenedInventory, ticketTypeId: string): TicketTypeStock {
  const type = stock.ticketTypes.get(ticketTypeId);
  if (!type) throw new InvalidInput('ticketTypeId', `unknown ticket type ${JSON.stringify(ticketTypeId)}`);
  return type;
}

function assertTicketType(prefix: string, type: { ticketTypeId: string; name: string; price: number; capacity: number }): void {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  assertNonEmptyText(at('ticketTypeId'), type.ticketTypeId, 100);
  assertNonEmptyText(at('name'), type.name, 200);
  assertMinorUnits(at('price'), type.price);
  assertNonNegativeInteger(at('capacity'), type.capacity, MAX_CAPACITY);
}
