import { InvalidInput } from '../shared/domain-error';
import { assertMinorUnits } from '../shared/money';
import { assertInstant, assertNonEmptyText, assertPositiveInteger, instantMs } from '../shared/validation';
import { priceOrder } from '../pricing/price-order';
import { pricingLinesOf } from '../pricing/held-tickets';
import { validBuyer } from '../shared/buyer';
import { OrderItem, OrderSeat, PlaceOrder } from './order-commands';
import { OrderAlreadyExists } from './order-errors';
import { OrderEvent } from './order-events';
import { OrderState } from './order-state';

export function placeOrder(command: PlaceOrder, state: OrderState): OrderEvent[] {
  if (state.status !== 'None') {
    // A client retrying after a lost response sends the same hold again.
    if (state.holdId === command.data.holdId) return [];
    throw new OrderAlreadyExists(state.orderId, state.holdId);
  }
  const { orderId, eventId, holdId, currency, fees, tax, expiresAt, now } = command.data;
  assertNonEmptyText('orderId', orderId);
  assertNonEmptyText('eventId', eventId);
  assertNonEmptyText('holdId', holdId);
  const buyer = validBuyer(command.data.buyer);
  const items = validItems(command.data.items);
  const seats = validSeats(command.data.seats);
  if (items.length + seats.length === 0) throw new InvalidInput('items', 'an order needs at least one item or seat');
  assertInstant('now', now);
  assertInstant('expiresAt', expiresAt);
  if (instantMs(expiresAt) <= instantMs(now)) throw new InvalidInput('expiresAt', `expiresAt must be after now (${now}), got ${expiresAt}`);
  // Items and seats are checked above with their own paths, so priceOrder can only object to
  // currency, fees or tax — whose paths are the same in the command.
  const pricing = priceOrder({ currency, lines: pricingLinesOf({ items, seats }), fees, tax });
  return [{ type: 'OrderPlaced', data: { orderId, eventId, holdId, buyer, items, seats, pricing, expiresAt, placedAt: now } }];
}


function validItems(items: readonly OrderItem[] | undefined): OrderItem[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new InvalidInput('items', 'items must be a list');
  return items.map((item: OrderItem, index) => {
    const path = `items[${index}]`;
    assertNonEmptyText(`${path}.ticketTypeId`, item?.ticketTypeId);
    assertPositiveInteger(`${path}.quantity`, item.quantity);
    assertMinorUnits(`${path}.unitPrice`, item.unitPrice);
    return { ticketTypeId: item.ticketTypeId, quantity: item.quantity, unitPrice: item.unitPrice };
  });
}

function validSeats(seats: readonly OrderSeat[] | undefined): OrderSeat[] {
  if (seats === undefined) return [];
  if (!Array.isArray(seats)) throw new InvalidInput('seats', 'seats must be a list');
  const seen = new Set<string>();
  return seats.map((seat: OrderSeat, index) => {
    const path = `seats[${index}]`;
    assertNonEmptyText(`${path}.seatId`, seat?.seatId);
    if (seen.has(seat.seatId)) throw new InvalidInput(`${path}.seatId`, `seat ${seat.seatId} is listed twice`);
    seen.add(seat.seatId);
    assertNonEmptyText(`${path}.ticketTypeId`, seat.ticketTypeId);
    assertMinorUnits(`${path}.unitPrice`, seat.unitPrice);
    return { seatId: seat.seatId, ticketTypeId: seat.ticketTypeId, unitPrice: seat.unitPrice };
  });
}

/** One line per item, then seats of the same type and price together, as a receipt lists them. */
