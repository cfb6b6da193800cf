import { validBuyer } from '../shared/buyer';
import { InvalidInput } from '../shared/domain-error';
import { assertInstant, assertNonEmptyText } from '../shared/validation';
import { HoldTickets, ReleaseHold, ReleaseReason, ReturnTickets, ReturnReason, SellHold } from './inventory-commands';
import {
  HoldAlreadySold, HoldExists, HoldExpired, HoldNotActive, HoldNotExpired, IdempotencyKeyReused, InventoryCancelled, NotEnoughTickets, NotSoldToOrder,
  OrderAlreadyUsed, OrderLimitExceeded, SalesClosed, SalesNotOpen, SeatUnavailable, UnknownHold, UnknownOrder,
} from './inventory-errors';
import { HeldItem, HeldSeat, HoldReleased, HoldSold, TicketsHeld, TicketsReturned } from './inventory-events';
import { holdFingerprint, InventoryState, OpenedInventory } from './inventory-state';
import { assertNow, available, gaLines, requireOpened, seatIds } from './inventory-validation';

const RELEASE_REASONS: readonly ReleaseReason[] = ['expired', 'cancelled', 'payment-failed'];
const RETURN_REASONS: readonly ReturnReason[] = ['refund', 'exchange'];

/** All or nothing: every line and seat fits, within the order limit and the sales window, or nothing is held. */
export function hold(command: HoldTickets, state: InventoryState): TicketsHeld[] {
  const stock = requireOpened(state);
  const { holdId, buyer, now, idempotencyKey } = command.data;
  assertNonEmptyText('holdId', holdId, 100);
  assertNow(now);
  if (idempotencyKey !== undefined) {
    assertNonEmptyText('idempotencyKey', idempotencyKey, 255);
    const earlier = stock.keyedHolds.get(idempotencyKey);
    if (earlier) {
      // A retry of a request already answered: nothing new to hold, whatever happened since.
      const fingerprint = holdFingerprint(command.data.items ?? [], command.data.seats ?? [], String(buyer?.email ?? ''));
      if (fingerprint !== earlier.fingerprint) throw new IdempotencyKeyReused(idempotencyKey, earlier.holdId);
      return [];
    }
  }
  if (stock.status === 'Closed') throw new SalesClosed(stock.reason, stock.closedAt);
  const nowMs = Date.parse(now);
  const { opensAt, closesAt } = stock.salesWindow;
  if (opensAt && nowMs < Date.parse(opensAt)) throw new SalesNotOpen(opensAt);
  if (closesAt && nowMs >= Date.parse(closesAt)) throw new SalesClosed('the sales window has ended', closesAt);
  if (stock.holds.has(holdId) || stock.endedHolds.has(holdId)) throw new HoldExists(holdId);
  const knownBuyer = validBuyer(buyer);

  const lines = gaLines('items', command.data.items, stock);
  const seats = seatIds('seats', command.data.seats, stock);
  const requested = lines.reduce((sum, { line }) => sum + line.quantity, 0) + seats.length;
  if (requested === 0) throw new InvalidInput('items', 'choose at least one ticket or seat');
  if (requested > stock.perOrderLimit) throw new OrderLimitExceeded(requested, stock.perOrderLimit);

  const items: HeldItem[] = lines.map(({ line, type }) => {
    if (line.quantity > available(type)) throw new NotEnoughTickets(type.ticketTypeId, line.quantity, available(type));
    return { ticketTypeId: type.ticketTypeId, quantity: line.quantity, unitPrice: type.price };
  });
  const heldSeats: HeldSeat[] = seats.map((seatId) => {
    const seat = stock.seats.get(seatId);
    if (!seat || seat.status !== 'free') throw new SeatUnavailable(seatId, seat?.status ?? 'unknown');
    return { seatId, ticketTypeId: seat.ticketTypeId, unitPrice: stock.ticketTypes.get(seat.ticketTypeId)?.price ?? 0 };
  });

  return [{
    type: 'TicketsHeld',
    data: {
      holdId, items, seats: heldSeats, currency: stock.currency, buyer: knownBuyer,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      heldAt: now, expiresAt: holdExpiry(stock, now, command.data.expiresAt),
    },
  }];
}

/** Releasing an ended hold changes nothing: the expiry process and a buyer may race to it. */
export function release(command: ReleaseHold, state: InventoryState): HoldReleased[] {
  const stock = requireOpened(state);
  const { holdId, reason, now } = command.data;
  assertNow(now);
  if (!RELEASE_REASONS.includes(reason)) throw new InvalidInput('reason', `reason must be one of ${RELEASE_REASONS.join(', ')}`);
  const held = stock.holds.get(holdId);
  if (!held) {
    if (stock.endedHolds.has(holdId)) return [];
    throw new UnknownHold(holdId);
  }
  if (reason === 'expired' && Date.parse(now) < held.expiresAtMs) throw new HoldNotExpired(holdId, held.expiresAt);
  return [{ type: 'HoldReleased', data: { holdId, reason, items: held.items, seats: held.seats, releasedAt: now } }];
}

export function sell(command: SellHold, state: InventoryState): HoldSold[] {
  const stock = requireOpened(state);
  const { holdId, orderId, now } = command.data;
  assertNow(now);
  assertNonEmptyText('orderId', orderId, 100);
  const ended = stock.endedHolds.get(holdId);
  if (ended?.outcome === 'sold') {
    if (ended.orderId === orderId) return [];
    throw new HoldAlreadySold(holdId, ended.orderId);
  }
  if (ended?.outcome === 'released') throw new HoldNotActive(holdId, ended.reason);
  const held = stock.holds.get(holdId);
  if (!held) throw new UnknownHold(holdId);
  if (stock.status === 'Closed' && stock.reason === 'event-cancelled') throw new InventoryCancelled();
  if (Date.parse(now) >= held.expiresAtMs) throw new HoldExpired(holdId, held.expiresAt);
  const owner = stock.orders.get(orderId);
  if (owner) throw new OrderAlreadyUsed(orderId, owner.holdId);
  return [{ type: 'HoldSold', data: { holdId, orderId, items: held.items, seats: held.seats, soldAt: now } }];
}

/** A refund or the old side of an exchange: the tickets go back on sale. */
export function returnTickets(command: ReturnTickets, state: InventoryState): TicketsReturned[] {
  const stock = requireOpened(state);
  const { orderId, reason, now } = command.data;
  assertNow(now);
  if (!RETURN_REASONS.includes(reason)) throw new InvalidInput('reason', `reason must be one of ${RETURN_REASONS.join(', ')}`);
  const order = stock.orders.get(orderId);
  if (!order) throw new UnknownOrder(orderId);
  const { returnId } = command.data;
  if (returnId !== undefined) {
    assertNonEmptyText('returnId', returnId, 100);
    if (order.returns?.has(returnId)) return [];
  }
  const lines = gaLines('items', command.data.items, stock);
  const seats = seatIds('seats', command.data.seats, stock);
  if (lines.length === 0 && seats.length === 0) throw new InvalidInput('items', 'name at least one ticket or seat to return');
  for (const { line } of lines) {
    const sold = order.quantities.get(line.ticketTypeId) ?? 0;
    if (line.quantity > sold) throw new NotSoldToOrder(orderId, line.ticketTypeId, line.quantity, sold);
  }
  for (const seatId of seats) {
    if (!order.seats.has(seatId)) throw new NotSoldToOrder(orderId, `seat ${seatId}`, 1, 0);
  }
  return [{ type: 'TicketsReturned', data: { orderId, ...(returnId !== undefined ? { returnId } : {}), reason, items: lines.map(({ line }) => line), seats, returnedAt: now } }];
}

function holdExpiry(stock: OpenedInventory, now: string, requested: string | undefined): string {
  const latest = Date.parse(now) + stock.holdMinutes * 60_000;
  if (requested === undefined) return new Date(latest).toISOString();
  assertInstant('expiresAt', requested);
  const requestedMs = Date.parse(requested);
  if (requestedMs <= Date.parse(now) || requestedMs > latest) {
    throw new InvalidInput('expiresAt', `a hold expires after now and within ${stock.holdMinutes} minutes, got ${requested}`);
  }
  return requested;
}

