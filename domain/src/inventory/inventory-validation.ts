import { InvalidInput } from '../shared/domain-error';
import { assertInstant, assertPositiveInteger } from '../shared/validation';
import { SalesWindow } from '../shared/ticket-type-rules';
import { QuantityRequest } from './inventory-commands';
import { InventoryNotOpen } from './inventory-errors';
import { InventoryState, OpenedInventory, TicketTypeStock } from './inventory-state';

export const MAX_PER_ORDER_LIMIT = 100;
export const MAX_HOLD_MINUTES = 30;
export const MAX_CAPACITY = 1_000_000;

export function requireOpened(state: InventoryState): OpenedInventory {
  if (state.status === 'NotOpened') throw new InventoryNotOpen();
  return state;
}


export function assertSalesWindow(window: SalesWindow | undefined, field = 'salesWindow'): void {
  if (window === undefined) return;
  if (window.opensAt !== undefined) assertInstant(`${field}.opensAt`, window.opensAt);
  if (window.closesAt !== undefined) assertInstant(`${field}.closesAt`, window.closesAt);
  if (window.opensAt && window.closesAt && Date.parse(window.closesAt) <= Date.parse(window.opensAt)) {
    throw new InvalidInput(`${field}.closesAt`, `sales must close after they open (${window.opensAt})`);
  }
}

/**
 * GA lines of a hold, block or return: known, unseated ticket types, whole positive quantities,
 * each type at most once (so a rejection can say exactly which type ran out).
 */
export function gaLines(field: string, items: readonly QuantityRequest[] | undefined, stock: OpenedInventory): { line: QuantityRequest; type: TicketTypeStock }[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new InvalidInput(field, `${field} must be a list of {ticketTypeId, quantity}`);
  const seen = new Set<string>();
  return items.map((line, i) => {
    const type = typeof line?.ticketTypeId === 'string' ? stock.ticketTypes.get(line.ticketTypeId) : undefined;
    if (!type) throw new InvalidInput(`${field}[${i}].ticketTypeId`, `unknown ticket type ${JSON.stringify(line?.ticketTypeId)}`);
    if (type.seated) throw new InvalidInput(`${field}[${i}].ticketTypeId`, `${type.ticketTypeId} is sold by seat: choose seats instead of a quantity`);
    if (seen.has(type.ticketTypeId)) throw new InvalidInput(`${field}[${i}].ticketTypeId`, `${type.ticketTypeId} appears twice`);
    seen.add(type.ticketTypeId);
    assertPositiveInteger(`${field}[${i}].quantity`, line.quantity, MAX_CAPACITY);
    return { line: { ticketTypeId: type.ticketTypeId, quantity: line.quantity }, type };
  });
}

export function seatIds(field: string, seats: readonly string[] | undefined, stock: OpenedInventory): string[] {
  if (seats === undefined) return [];
  if (!Array.isArray(seats)) throw new InvalidInput(field, `${field} must be a list of seat ids`);
  const seen = new Set<string>();
  return seats.map((seatId, i) => {
    if (typeof seatId !== 'string' || !stock.seats.has(seatId)) throw new InvalidInput(`${field}[${i}]`, `unknown seat ${JSON.stringify(seatId)}`);
    if (seen.has(seatId)) throw new InvalidInput(`${field}[${i}]`, `seat ${seatId} appears twice`);
    seen.add(seatId);
    return seatId;
  });
}

export function available(type: TicketTypeStock): number {
  return type.capacity - type.held - type.sold - type.blocked;
}

export function assertNow(now: unknown): asserts now is string {
  assertInstant('now', now);
}
