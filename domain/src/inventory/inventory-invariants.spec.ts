import { DomainError } from '../shared/domain-error';
import { seededRandom } from '../testing/seeded-random';
import { InventoryCommand } from './inventory-commands';
import { inventoryDecider } from './inventory-decider';
import { InventoryEvent } from './inventory-events';
import { at, buyer, inventoryOpened } from './inventory-fixtures';
import { fromInventorySnapshot, toInventorySnapshot } from './inventory-snapshot';
import { InventoryState, OpenedInventory } from './inventory-state';


const SEATS = ['A1', 'A2', 'A3'];

function randomCommand(random: () => number, step: number, holdIds: string[], orderIds: string[]): InventoryCommand {
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];
  const now = at(step / 4);
  const roll = random();
  const anyHold = pick(holdIds) ?? 'none';
  if (roll < 0.4) {
    const holdId = `h${step}`;
    holdIds.push(holdId);
    const seats = SEATS.filter(() => random() < 0.3);
    const quantity = Math.floor(random() * 5);
    return { type: 'HoldTickets', data: { holdId, buyer, now, ...(quantity ? { items: [{ ticketTypeId: 'standing', quantity }] } : {}), ...(seats.length ? { seats } : {}) } };
  }
  if (roll < 0.55) return { type: 'ReleaseHold', data: { holdId: anyHold, reason: random() < 0.5 ? 'expired' : 'cancelled', now } };
  if (roll < 0.75) {
    const orderId = random() < 0.9 ? `o${step}` : (pick(orderIds) ?? 'o0');
    orderIds.push(orderId);
    return { type: 'SellHold', data: { holdId: anyHold, orderId, now } };
  }
  if (roll < 0.83) {
    const seats = SEATS.filter(() => random() < 0.3);
    return { type: 'ReturnTickets', data: { orderId: pick(orderIds) ?? 'o0', reason: 'refund', now, items: [{ ticketTypeId: 'standing', quantity: 1 + Math.floor(random() * 2) }], ...(seats.length ? { seats } : {}) } };
  }
  if (roll < 0.89) return { type: 'BlockTickets', data: { now, items: [{ ticketTypeId: 'standing', quantity: 1 + Math.floor(random() * 3) }], ...(random() < 0.3 ? { seats: [pick(SEATS) ?? 'A1'] } : {}) } };
  if (roll < 0.95) return { type: 'UnblockTickets', data: { now, items: [{ ticketTypeId: 'standing', quantity: 1 + Math.floor(random() * 3) }] } };
  return { type: 'ChangeCapacity', data: { ticketTypeId: 'standing', capacity: Math.floor(random() * 40), now } };
}

/** Recomputes every count from the holds, orders and seats, and compares with the running totals. */
function assertInvariants(state: OpenedInventory, soldHoldIds: Set<string>, releasedHoldIds: Set<string>): void {
  for (const type of state.ticketTypes.values()) {
    expect(type.held + type.sold + type.blocked).toBeLessThanOrEqual(type.capacity);
    expect(Math.min(type.held, type.sold, type.blocked)).toBeGreaterThanOrEqual(0);
  }
  const standing = state.ticketTypes.get('standing');
  const heldStanding = [...state.holds.values()].flatMap((h) => h.items).reduce((sum, item) => sum + item.quantity, 0);
  const soldStanding = [...state.orders.values()].reduce((sum, o) => sum + (o.quantities.get('standing') ?? 0), 0);
  expect(standing?.held).toBe(heldStanding);
  expect(standing?.sold).toBe(soldStanding);
  for (const seat of state.seats.values()) {
    const holders = [...state.holds.values()].filter((h) => h.seats.some((s) => s.seatId === seat.seatId));
    const owners = [...state.orders.values()].filter((o) => o.seats.has(seat.seatId));
    // Each seat is in exactly one state, and that state agrees with the holds and orders.
    expect(holders.length + owners.length).toBeLessThanOrEqual(1);
    if (seat.status === 'held') expect(holders.map((h) => h.holdId)).toEqual([seat.holdId]);
    else expect(holders).toHaveLength(0);
    if (seat.status === 'sold') expect(owners.map((o) => o.orderId)).toEqual([seat.orderId]);
    else expect(owners).toHaveLength(0);
  }
  for (const holdId of releasedHoldIds) expect(soldHoldIds.has(holdId)).toBe(false);
}

describe('inventory invariants under random commands', () => {
  it.each([1, 2, 3, 42, 2026])('hold for seed %i: never oversold, seats in one state, released never sold, snapshot and replay agree', (seed) => {
    const random = seededRandom(seed);
    const opening = inventoryOpened({ standing: 20 });
    const events: InventoryEvent[] = [opening];
    let state: InventoryState = inventoryDecider.evolve(inventoryDecider.initialState(), opening);
    const holdIds: string[] = [];
    const orderIds: string[] = [];
    const sold = new Set<string>();
    const released = new Set<string>();
    let accepted = 0;
    for (let step = 1; step <= 600; step++) {
      const command = randomCommand(random, step, holdIds, orderIds);
      let decided: InventoryEvent[];
      try {
        decided = inventoryDecider.decide(command, state);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        continue;
      }
      accepted++;
      for (const event of decided) {
        if (event.type === 'HoldSold') sold.add(event.data.holdId);
        if (event.type === 'HoldReleased') released.add(event.data.holdId);
        state = inventoryDecider.evolve(state, event);
        events.push(event);
      }
      if (state.status === 'NotOpened') throw new Error('the inventory closed its own opening');
      assertInvariants(state, sold, released);
    }
    // The walk must reach every kind of change, or it proves little.
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['InventoryOpened', 'TicketsHeld', 'HoldReleased', 'HoldSold', 'TicketsReturned', 'TicketsBlocked', 'TicketsUnblocked', 'CapacityChanged']));
    expect(accepted).toBeGreaterThan(60);
    const replayed = events.reduce(inventoryDecider.evolve, inventoryDecider.initialState());
    expect(toInventorySnapshot(replayed)).toEqual(toInventorySnapshot(state));
    expect(fromInventorySnapshot(toInventorySnapshot(state))).toEqual(replayed);
  });
});
