import { deciderSpec } from '../testing/given-when-then';
import { InvalidInput } from '../shared/domain-error';
import { inventoryDecider } from './inventory-decider';
import { InventoryEvent } from './inventory-events';
import { fromInventorySnapshot, toInventorySnapshot } from './inventory-snapshot';
import {
  HoldAlreadySold, HoldExists, HoldExpired, HoldNotActive, HoldNotExpired, IdempotencyKeyReused, InventoryAlreadyOpen,
  InventoryCancelled, InventoryNotOpen, NotBlocked, NotEnoughTickets, NotSoldToOrder, OrderAlreadyUsed, OrderLimitExceeded,
  SalesClosed, SalesNotOpen, SeatUnavailable, UnknownHold, UnknownOrder,
} from './inventory-errors';
import { CapacityBelowCommitted, SeatedCapacityFollowsSeats, TicketTypeExists } from '../shared/ticket-type-rules';
import { at, buyer, holdCommand, holdReleased, holdSold, inventoryOpened, T0, ticketsHeld } from './inventory-fixtures';

const { given } = deciderSpec(inventoryDecider);

describe('opening an inventory', () => {
  const openCommand = {
    type: 'OpenInventory' as const,
    data: {
      eventId: 'evt-1', currency: 'EUR', perOrderLimit: 10, holdMinutes: 10,
      ticketTypes: [{ ticketTypeId: 'standing', name: 'Standing', price: 3_500, capacity: 100 }, { ticketTypeId: 'stalls', name: 'Stalls', price: 6_000, capacity: 3 }],
      seats: [
        { seatId: 'A1', label: 'Stalls A1', ticketTypeId: 'stalls', accessible: true },
        { seatId: 'A2', label: 'Stalls A2', ticketTypeId: 'stalls' },
        { seatId: 'A3', label: 'Stalls A3', ticketTypeId: 'stalls' },
      ],
      now: T0,
    },
  };

  it('opens with every ticket type and seat free', () => {
    given([]).when(openCommand).then([inventoryOpened()]);
  });
  it('opens only once', () => {
    given([inventoryOpened()]).when(openCommand).thenThrows(InventoryAlreadyOpen, { rule: 'inventory-already-open' });
  });
  it('refuses a seated ticket type whose capacity is not its seat count', () => {
    const ticketTypes = [{ ticketTypeId: 'standing', name: 'Standing', price: 3_500, capacity: 100 }, { ticketTypeId: 'stalls', name: 'Stalls', price: 6_000, capacity: 4 }];
    given([]).when({ ...openCommand, data: { ...openCommand.data, ticketTypes } }).thenThrows(InvalidInput, { details: { field: 'ticketTypes[1].capacity' } });
  });
  it('refuses a seat of an unknown ticket type', () => {
    const seats = [{ seatId: 'Z1', label: 'Z1', ticketTypeId: 'boxes' }];
    given([]).when({ ...openCommand, data: { ...openCommand.data, seats } }).thenThrows(InvalidInput, { details: { field: 'seats[0].ticketTypeId' } });
  });
  it('refuses hold minutes outside 1–30', () => {
    given([]).when({ ...openCommand, data: { ...openCommand.data, holdMinutes: 31 } }).thenThrows(InvalidInput, { details: { field: 'holdMinutes' } });
  });
  it('refuses a fractional price', () => {
    const ticketTypes = [{ ticketTypeId: 'standing', name: 'Standing', price: 35.5, capacity: 100 }];
    given([]).when({ ...openCommand, data: { ...openCommand.data, ticketTypes, seats: [] } }).thenThrows(InvalidInput, { details: { field: 'ticketTypes[0].price' } });
  });
});

describe('holding tickets', () => {
  it('holds GA tickets at the current price until now + hold minutes', () => {
    given([inventoryOpened()]).when(holdCommand('h1', { standing: 2 })).then([ticketsHeld('h1', { standing: 2 })]);
  });
  it('holds specific seats', () => {
    given([inventoryOpened()]).when(holdCommand('h1', { seats: ['A1', 'A2'] })).then([ticketsHeld('h1', { seats: ['A1', 'A2'] })]);
  });
  it('holds GA and seats together', () => {
    given([inventoryOpened()]).when(holdCommand('h1', { standing: 1, seats: ['A3'] })).then([ticketsHeld('h1', { standing: 1, seats: ['A3'] })]);
  });
  it('refuses more than is left, saying what is left', () => {
    given([inventoryOpened({ standing: 2 })]).when(holdCommand('h1', { standing: 3 }))
      .thenThrows(NotEnoughTickets, { rule: 'not-enough-tickets', details: { ticketTypeId: 'standing', requested: 3, available: 2 } });
  });
  it('counts what others hold and bought', () => {
    const first = ticketsHeld('h1', { standing: 1 });
    given([inventoryOpened({ standing: 3 }), first, holdSold(first, 'o1'), ticketsHeld('h2', { standing: 1 })])
      .when(holdCommand('h3', { standing: 2 }))
      .thenThrows(NotEnoughTickets, { details: { available: 1 } });
  });
  it('gives released tickets back to the sale', () => {
    const first = ticketsHeld('h1', { standing: 2 });
    given([inventoryOpened({ standing: 2 }), first, holdReleased(first, 'cancelled', at(1))])
      .when(holdCommand('h2', { standing: 2 }, at(2)))
      .then([ticketsHeld('h2', { standing: 2 }, at(2))]);
  });
  it('is all or nothing: one taken seat refuses the whole hold', () => {
    given([inventoryOpened(), ticketsHeld('h1', { seats: ['A2'] })]).when(holdCommand('h2', { standing: 2, seats: ['A1', 'A2'] }))
      .thenThrows(SeatUnavailable, { rule: 'seat-unavailable', details: { seatId: 'A2', status: 'held' } });
  });
  it('refuses a sold seat', () => {
    const first = ticketsHeld('h1', { seats: ['A1'] });
    given([inventoryOpened(), first, holdSold(first, 'o1')]).when(holdCommand('h2', { seats: ['A1'] }, at(2)))
      .thenThrows(SeatUnavailable, { details: { status: 'sold' } });
  });
  it('keeps to the per-order limit, seats included', () => {
    given([inventoryOpened({ perOrderLimit: 4 })]).when(holdCommand('h1', { standing: 3, seats: ['A1', 'A2'] }))
      .thenThrows(OrderLimitExceeded, { rule: 'order-limit-exceeded', details: { requested: 5, limit: 4 } });
  });
  it('refuses before the sales window opens and after it closes', () => {
    const window = { opensAt: at(5), closesAt: at(60) };
    given([inventoryOpened({ salesWindow: window })]).when(holdCommand('h1', { standing: 1 }, at(4))).thenThrows(SalesNotOpen, { rule: 'sales-not-open' });
    given([inventoryOpened({ salesWindow: window })]).when(holdCommand('h1', { standing: 1 }, at(60))).thenThrows(SalesClosed, { rule: 'sales-closed' });
  });
  it('refuses while sales are paused', () => {
    given([inventoryOpened(), { type: 'InventoryClosed', data: { reason: 'paused', closedAt: T0 } }])
      .when(holdCommand('h1', { standing: 1 })).thenThrows(SalesClosed, { details: { reason: 'paused' } });
  });
  it('refuses before the inventory is opened', () => {
    given([]).when(holdCommand('h1', { standing: 1 })).thenThrows(InventoryNotOpen, { rule: 'inventory-not-open' });
  });
  it('never reuses a hold id', () => {
    given([inventoryOpened(), ticketsHeld('h1', { standing: 1 })]).when(holdCommand('h1', { standing: 1 })).thenThrows(HoldExists, { rule: 'hold-exists' });
  });
  it.each([
    [{ items: [{ ticketTypeId: 'standing', quantity: -1 }] }, 'items[0].quantity'],
    [{ items: [{ ticketTypeId: 'standing', quantity: 1.5 }] }, 'items[0].quantity'],
    [{ items: [{ ticketTypeId: 'standing', quantity: 0 }] }, 'items[0].quantity'],
    [{ items: [{ ticketTypeId: 'vip', quantity: 1 }] }, 'items[0].ticketTypeId'],
    [{ items: [{ ticketTypeId: 'stalls', quantity: 1 }] }, 'items[0].ticketTypeId'],
    [{ items: [{ ticketTypeId: 'standing', quantity: 1 }, { ticketTypeId: 'standing', quantity: 1 }] }, 'items[1].ticketTypeId'],
    [{ seats: ['Z99'] }, 'seats[0]'],
    [{ seats: ['A1', 'A1'] }, 'seats[1]'],
    [{ items: [] }, 'items'],
  ])('refuses malformed %j', (request, field) => {
    given([inventoryOpened()]).when({ type: 'HoldTickets', data: { holdId: 'h1', buyer, now: T0, ...request } })
      .thenThrows(InvalidInput, { rule: 'invalid-input', details: { field } });
  });
  it('refuses a buyer without a valid email', () => {
    given([inventoryOpened()]).when({ type: 'HoldTickets', data: { holdId: 'h1', buyer: { email: 'nope', name: 'X' }, items: [{ ticketTypeId: 'standing', quantity: 1 }], now: T0 } })
      .thenThrows(InvalidInput, { details: { field: 'buyer.email' } });
  });
  it('accepts a shorter expiry but never a longer one', () => {
    const command = (expiresAt: string) => ({ type: 'HoldTickets' as const, data: { holdId: 'h1', buyer, items: [{ ticketTypeId: 'standing', quantity: 1 }], now: T0, expiresAt } });
    given([inventoryOpened()]).when(command(at(5))).then([ticketsHeld('h1', { standing: 1 }, T0, at(5))]);
    given([inventoryOpened()]).when(command(at(11))).thenThrows(InvalidInput, { details: { field: 'expiresAt' } });
  });
});

describe('releasing a hold', () => {
  const held = ticketsHeld('h1', { standing: 2, seats: ['A1'] });
  it('releases a cancelled hold with what it held', () => {
    given([inventoryOpened(), held]).when({ type: 'ReleaseHold', data: { holdId: 'h1', reason: 'cancelled', now: at(1) } })
      .then([holdReleased(held, 'cancelled', at(1))]);
  });
  it('releases an expired hold only once its time is up', () => {
    given([inventoryOpened(), held]).when({ type: 'ReleaseHold', data: { holdId: 'h1', reason: 'expired', now: at(9) } })
      .thenThrows(HoldNotExpired, { rule: 'hold-not-expired' });
    given([inventoryOpened(), held]).when({ type: 'ReleaseHold', data: { holdId: 'h1', reason: 'expired', now: at(10) } })
      .then([holdReleased(held, 'expired', at(10))]);
  });
  it('is idempotent: releasing an ended hold changes nothing', () => {
    given([inventoryOpened(), held, holdReleased(held, 'expired')]).when({ type: 'ReleaseHold', data: { holdId: 'h1', reason: 'cancelled', now: at(12) } })
      .thenNothingHappens();
    given([inventoryOpened(), held, holdSold(held, 'o1')]).when({ type: 'ReleaseHold', data: { holdId: 'h1', reason: 'expired', now: at(12) } })
      .thenNothingHappens();
  });
  it('refuses an unknown hold', () => {
    given([inventoryOpened()]).when({ type: 'ReleaseHold', data: { holdId: 'nope', reason: 'cancelled', now: T0 } }).thenThrows(UnknownHold, { rule: 'unknown-hold' });
  });
  it('refuses an unknown reason', () => {
    given([inventoryOpened(), held]).when({ type: 'ReleaseHold', data: { holdId: 'h1', reason: 'bored' as never, now: T0 } }).thenThrows(InvalidInput, { details: { field: 'reason' } });
  });
});

describe('selling a hold', () => {
  const held = ticketsHeld('h1', { standing: 2, seats: ['A1'] });
  const sellCommand = (now = at(1), orderId = 'o1') => ({ type: 'SellHold' as const, data: { holdId: 'h1', orderId, now } });
  it('sells an active hold to an order', () => {
    given([inventoryOpened(), held]).when(sellCommand()).then([holdSold(held, 'o1')]);
  });
  it('is idempotent for the same order', () => {
    given([inventoryOpened(), held, holdSold(held, 'o1')]).when(sellCommand(at(2))).thenNothingHappens();
  });
  it('never sells a hold twice', () => {
    given([inventoryOpened(), held, holdSold(held, 'o1')]).when(sellCommand(at(2), 'o2')).thenThrows(HoldAlreadySold, { rule: 'hold-already-sold', details: { orderId: 'o1' } });
  });
  it('never sells a released hold', () => {
    given([inventoryOpened(), held, holdReleased(held, 'expired')]).when(sellCommand(at(12))).thenThrows(HoldNotActive, { rule: 'hold-not-active', details: { releasedBecause: 'expired' } });
  });
  it('never sells an expired hold, even before the expiry process released it', () => {
    given([inventoryOpened(), held]).when(sellCommand(at(10))).thenThrows(HoldExpired, { rule: 'hold-expired' });
  });
  it('never sells two holds to one order', () => {
    const other = ticketsHeld('h2', { standing: 1 });
    given([inventoryOpened(), held, other, holdSold(other, 'o1')]).when(sellCommand()).thenThrows(OrderAlreadyUsed, { rule: 'order-already-used' });
  });
  it('sells nothing once the event is cancelled', () => {
    given([inventoryOpened(), held, { type: 'InventoryClosed', data: { reason: 'event-cancelled', closedAt: T0 } }]).when(sellCommand()).thenThrows(InventoryCancelled);
  });
  it('still sells a hold made before sales were paused', () => {
    given([inventoryOpened(), held, { type: 'InventoryClosed', data: { reason: 'paused', closedAt: T0 } }]).when(sellCommand()).then([holdSold(held, 'o1')]);
  });
});

describe('returning sold tickets', () => {
  const held = ticketsHeld('h1', { standing: 2, seats: ['A1'] });
  const sold = [inventoryOpened(), held, holdSold(held, 'o1')];
  it('returns part of an order for a refund', () => {
    given(sold).when({ type: 'ReturnTickets', data: { orderId: 'o1', items: [{ ticketTypeId: 'standing', quantity: 1 }], seats: ['A1'], reason: 'refund', now: at(30) } })
      .then([{ type: 'TicketsReturned', data: { orderId: 'o1', reason: 'refund', items: [{ ticketTypeId: 'standing', quantity: 1 }], seats: ['A1'], returnedAt: at(30) } }]);
  });
  it('puts returned seats back on sale', () => {
    given([...sold, { type: 'TicketsReturned', data: { orderId: 'o1', reason: 'exchange', items: [], seats: ['A1'], returnedAt: at(30) } }])
      .when(holdCommand('h2', { seats: ['A1'] }, at(31))).then([ticketsHeld('h2', { seats: ['A1'] }, at(31))]);
  });
  it('never returns more than the order bought', () => {
    given([...sold, { type: 'TicketsReturned', data: { orderId: 'o1', reason: 'refund', items: [{ ticketTypeId: 'standing', quantity: 2 }], seats: [], returnedAt: at(30) } }])
      .when({ type: 'ReturnTickets', data: { orderId: 'o1', items: [{ ticketTypeId: 'standing', quantity: 1 }], reason: 'refund', now: at(31) } })
      .thenThrows(NotSoldToOrder, { rule: 'not-sold-to-order', details: { requested: 1, sold: 0 } });
    given(sold).when({ type: 'ReturnTickets', data: { orderId: 'o1', seats: ['A2'], reason: 'refund', now: at(31) } }).thenThrows(NotSoldToOrder);
  });
  it('makes a return named by its refund once: a retried refund gives nothing back twice', () => {
    const returned = { type: 'TicketsReturned', data: { orderId: 'o1', returnId: 'rf-1', reason: 'refund', items: [{ ticketTypeId: 'standing', quantity: 1 }], seats: [], returnedAt: at(30) } } as const;
    given(sold).when({ type: 'ReturnTickets', data: { orderId: 'o1', returnId: 'rf-1', items: [{ ticketTypeId: 'standing', quantity: 1 }], reason: 'refund', now: at(30) } }).then([returned]);
    given([...sold, returned]).when({ type: 'ReturnTickets', data: { orderId: 'o1', returnId: 'rf-1', items: [{ ticketTypeId: 'standing', quantity: 1 }], reason: 'refund', now: at(31) } }).thenNothingHappens();
    given([...sold, returned]).when({ type: 'ReturnTickets', data: { orderId: 'o1', returnId: 'rf-2', items: [{ ticketTypeId: 'standing', quantity: 1 }], reason: 'refund', now: at(31) } })
      .then([{ ...returned, data: { ...returned.data, returnId: 'rf-2', returnedAt: at(31) } }]);
  });
  it('refuses an order that bought nothing here', () => {
    given(sold).when({ type: 'ReturnTickets', data: { orderId: 'o9', seats: ['A1'], reason: 'refund', now: at(31) } }).thenThrows(UnknownOrder, { rule: 'unknown-order' });
  });
});

describe('organizer blocks and capacity', () => {
  it('blocks free seats and quantities, which are then not for sale', () => {
    const blocked = { type: 'TicketsBlocked' as const, data: { items: [{ ticketTypeId: 'standing', quantity: 98 }], seats: ['A1'], note: 'house seats', blockedAt: T0 } };
    given([inventoryOpened()]).when({ type: 'BlockTickets', data: { items: [{ ticketTypeId: 'standing', quantity: 98 }], seats: ['A1'], note: 'house seats', now: T0 } }).then([blocked]);
    given([inventoryOpened(), blocked]).when(holdCommand('h1', { standing: 3 })).thenThrows(NotEnoughTickets, { details: { available: 2 } });
    given([inventoryOpened(), blocked]).when(holdCommand('h1', { seats: ['A1'] })).thenThrows(SeatUnavailable, { details: { status: 'blocked' } });
  });
  it('cannot block a held seat or more than is free', () => {
    given([inventoryOpened(), ticketsHeld('h1', { seats: ['A1'] })]).when({ type: 'BlockTickets', data: { seats: ['A1'], now: T0 } }).thenThrows(SeatUnavailable);
    given([inventoryOpened({ standing: 5 })]).when({ type: 'BlockTickets', data: { items: [{ ticketTypeId: 'standing', quantity: 6 }], now: T0 } }).thenThrows(NotEnoughTickets);
  });
  it('unblocks only what is blocked', () => {
    const blocked = { type: 'TicketsBlocked' as const, data: { items: [{ ticketTypeId: 'standing', quantity: 2 }], seats: ['A1'], blockedAt: T0 } };
    given([inventoryOpened(), blocked]).when({ type: 'UnblockTickets', data: { items: [{ ticketTypeId: 'standing', quantity: 2 }], seats: ['A1'], now: at(1) } })
      .then([{ type: 'TicketsUnblocked', data: { items: [{ ticketTypeId: 'standing', quantity: 2 }], seats: ['A1'], unblockedAt: at(1) } }]);
    given([inventoryOpened(), blocked]).when({ type: 'UnblockTickets', data: { items: [{ ticketTypeId: 'standing', quantity: 3 }], now: at(1) } }).thenThrows(NotBlocked, { rule: 'not-blocked' });
    given([inventoryOpened(), blocked]).when({ type: 'UnblockTickets', data: { seats: ['A2'], now: at(1) } }).thenThrows(NotBlocked);
  });
  it('changes GA capacity, never below what is held, sold and blocked', () => {
    const events = [inventoryOpened({ standing: 10 }), ticketsHeld('h1', { standing: 4 })];
    given(events).when({ type: 'ChangeCapacity', data: { ticketTypeId: 'standing', capacity: 4, now: at(1) } })
      .then([{ type: 'CapacityChanged', data: { ticketTypeId: 'standing', capacity: 4, previousCapacity: 10, changedAt: at(1) } }]);
    given(events).when({ type: 'ChangeCapacity', data: { ticketTypeId: 'standing', capacity: 3, now: at(1) } })
      .thenThrows(CapacityBelowCommitted, { rule: 'capacity-below-committed', details: { capacity: 3, committed: 4 } });
    given(events).when({ type: 'ChangeCapacity', data: { ticketTypeId: 'standing', capacity: 10, now: at(1) } }).thenNothingHappens();
  });
  it('keeps a seated type’s capacity equal to its seats', () => {
    given([inventoryOpened()]).when({ type: 'ChangeCapacity', data: { ticketTypeId: 'stalls', capacity: 10, now: T0 } }).thenThrows(SeatedCapacityFollowsSeats);
  });
  it('adds and reprices ticket types; holds keep the price they were given', () => {
    given([inventoryOpened()]).when({ type: 'AddTicketType', data: { ticketTypeId: 'vip', name: 'VIP', price: 12_000, capacity: 20, now: T0 } })
      .then([{ type: 'TicketTypeAdded', data: { ticketTypeId: 'vip', name: 'VIP', price: 12_000, capacity: 20, addedAt: T0 } }]);
    given([inventoryOpened()]).when({ type: 'AddTicketType', data: { ticketTypeId: 'standing', name: 'Again', price: 1, capacity: 1, now: T0 } }).thenThrows(TicketTypeExists);
    const repriced = { type: 'TicketTypeRepriced' as const, data: { ticketTypeId: 'standing', price: 4_000, previousPrice: 3_500, repricedAt: at(1) } };
    given([inventoryOpened()]).when({ type: 'RepriceTicketType', data: { ticketTypeId: 'standing', price: 4_000, now: at(1) } }).then([repriced]);
    const held = ticketsHeld('h1', { standing: 1 });
    given([inventoryOpened(), held, repriced]).when({ type: 'SellHold', data: { holdId: 'h1', orderId: 'o1', now: at(2) } }).then([holdSold(held, 'o1', at(2))]);
  });
  it('changes the hold policy within its bounds', () => {
    given([inventoryOpened()]).when({ type: 'ChangeHoldPolicy', data: { holdMinutes: 15, now: T0 } })
      .then([{ type: 'HoldPolicyChanged', data: { perOrderLimit: 10, holdMinutes: 15, changedAt: T0 } }]);
    given([inventoryOpened()]).when({ type: 'ChangeHoldPolicy', data: { perOrderLimit: 0, now: T0 } }).thenThrows(InvalidInput, { details: { field: 'perOrderLimit' } });
  });
  it('pauses, resumes and cancels sales', () => {
    const paused = { type: 'InventoryClosed' as const, data: { reason: 'paused' as const, closedAt: T0 } };
    given([inventoryOpened()]).when({ type: 'CloseInventory', data: { reason: 'paused', now: T0 } }).then([paused]);
    given([inventoryOpened(), paused]).when({ type: 'ReopenInventory', data: { now: at(1) } }).then([{ type: 'InventoryReopened', data: { reopenedAt: at(1) } }]);
    given([inventoryOpened(), paused, { type: 'InventoryReopened', data: { reopenedAt: at(1) } }]).when(holdCommand('h1', { standing: 1 }, at(2)))
      .then([ticketsHeld('h1', { standing: 1 }, at(2))]);
    const cancelled = { type: 'InventoryClosed' as const, data: { reason: 'event-cancelled' as const, closedAt: T0 } };
    given([inventoryOpened(), cancelled]).when({ type: 'ReopenInventory', data: { now: at(1) } }).thenThrows(InventoryCancelled, { rule: 'event-cancelled' });
    given([inventoryOpened(), cancelled]).when({ type: 'CloseInventory', data: { reason: 'paused', now: at(1) } }).thenNothingHappens();
  });
  it('changes the sales window', () => {
    given([inventoryOpened()]).when({ type: 'ChangeSalesWindow', data: { opensAt: at(5), now: T0 } })
      .then([{ type: 'SalesWindowChanged', data: { salesWindow: { opensAt: at(5) }, changedAt: T0 } }]);
    given([inventoryOpened()]).when({ type: 'ChangeSalesWindow', data: { opensAt: at(5), closesAt: at(5), now: T0 } }).thenThrows(InvalidInput, { details: { field: 'salesWindow.closesAt' } });
  });
});

describe('holding with an Idempotency-Key', () => {
  const keyed = (holdId: string, request: { standing?: number; seats?: string[] }, key = 'key-1', email = buyer.email) => ({
    type: 'HoldTickets' as const,
    data: {
      holdId, buyer: { ...buyer, email }, now: at(1), idempotencyKey: key,
      ...(request.standing ? { items: [{ ticketTypeId: 'standing', quantity: request.standing }] } : {}), ...(request.seats ? { seats: request.seats } : {}),
    },
  });
  const firstHold = { ...ticketsHeld('h1', { standing: 2, seats: ['A1'] }, at(1)) } as Extract<InventoryEvent, { type: 'TicketsHeld' }>;
  const heldWithKey: InventoryEvent = { ...firstHold, data: { ...firstHold.data, idempotencyKey: 'key-1' } };

  it('carries the key in the hold', () => {
    given([inventoryOpened()]).when(keyed('h1', { standing: 2, seats: ['A1'] })).then([heldWithKey]);
  });
  it('answers a retry of the same request with nothing new, even after the hold ended', () => {
    given([inventoryOpened(), heldWithKey]).when(keyed('h2', { seats: ['A1'], standing: 2 })).thenNothingHappens();
    given([inventoryOpened(), heldWithKey, holdReleased(heldWithKey, 'cancelled', at(2))]).when(keyed('h2', { standing: 2, seats: ['A1'] })).thenNothingHappens();
  });
  it('refuses the same key for another request', () => {
    given([inventoryOpened(), heldWithKey]).when(keyed('h2', { standing: 3 })).thenThrows(IdempotencyKeyReused, { rule: 'idempotency-key-reused', details: { holdId: 'h1' } });
    given([inventoryOpened(), heldWithKey]).when(keyed('h2', { standing: 2, seats: ['A1'] }, 'key-1', 'someone@example.com')).thenThrows(IdempotencyKeyReused);
  });
  it('keeps keyed holds through a snapshot', () => {
    const state = [inventoryOpened(), heldWithKey].reduce(inventoryDecider.evolve, inventoryDecider.initialState());
    const restored = fromInventorySnapshot(JSON.parse(JSON.stringify(toInventorySnapshot(state))));
    expect(inventoryDecider.decide(keyed('h2', { standing: 2, seats: ['A1'] }), restored)).toEqual([]);
  });
});
