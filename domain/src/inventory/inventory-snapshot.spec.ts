import { inventoryDecider } from './inventory-decider';
import { InventoryEvent } from './inventory-events';
import { at, holdCommand, holdReleased, holdSold, inventoryOpened, ticketsHeld } from './inventory-fixtures';
import { availability, seatStatus } from './inventory-queries';
import { fromInventorySnapshot, toInventorySnapshot } from './inventory-snapshot';

const fold = (events: InventoryEvent[]) => events.reduce(inventoryDecider.evolve, inventoryDecider.initialState());

describe('inventory snapshots', () => {
  const first = ticketsHeld('h1', { standing: 2, seats: ['A1'] });
  const second = ticketsHeld('h2', { seats: ['A2'] });
  const history: InventoryEvent[] = [
    inventoryOpened(), first, second, holdSold(first, 'o1'), holdReleased(second, 'payment-failed', at(2)),
    ticketsHeld('h3', { standing: 1 }, at(3)),
    { type: 'TicketsBlocked', data: { items: [], seats: ['A3'], blockedAt: at(4) } },
    { type: 'InventoryClosed', data: { reason: 'paused', closedAt: at(5) } },
  ];

  it('round-trips through JSON to the state the events alone rebuild', () => {
    const state = fold(history);
    const restored = fromInventorySnapshot(JSON.parse(JSON.stringify(toInventorySnapshot(state))));
    expect(restored).toEqual(state);
  });

  it('decides the same from a snapshot as from the full stream', () => {
    const resumed = { type: 'InventoryReopened' as const, data: { reopenedAt: at(6) } };
    const fromEvents = inventoryDecider.evolve(fold(history), resumed);
    const fromSnapshot = inventoryDecider.evolve(fromInventorySnapshot(toInventorySnapshot(fold(history))), resumed);
    for (const command of [holdCommand('h4', { standing: 97 }, at(7)), holdCommand('h5', { seats: ['A2'] }, at(7)), holdCommand('h6', { seats: ['A1'] }, at(7))]) {
      const outcome = (state: typeof fromEvents) => { try { return inventoryDecider.decide(command, state); } catch (error) { return (error as Error).message; } };
      expect(outcome(fromSnapshot)).toEqual(outcome(fromEvents));
    }
  });

  it('is detached: evolving the live state afterwards does not change a taken snapshot', () => {
    const state = fold(history);
    const snapshot = toInventorySnapshot(state);
    const before = JSON.stringify(snapshot);
    inventoryDecider.evolve(state, ticketsHeld('h9', { standing: 5 }, at(6)));
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it('keeps the read helpers in step', () => {
    const state = fold(history);
    expect(availability(state).find((t) => t.ticketTypeId === 'standing')).toMatchObject({ held: 1, sold: 2, available: 97 });
    expect(seatStatus(state).map((s) => s.status)).toEqual(['sold', 'free', 'blocked']);
  });
});

describe('inventory decider speed', () => {
  it('decides and folds 5,000 holds in well under a second', () => {
    let state = fold([inventoryOpened({ standing: 10_000 })]);
    const started = Date.now();
    for (let i = 0; i < 5_000; i++) {
      for (const event of inventoryDecider.decide(holdCommand(`h${i}`, { standing: 1 }, at(1)), state)) state = inventoryDecider.evolve(state, event);
    }
    const elapsed = Date.now() - started;
    expect(availability(state)[0]).toMatchObject({ held: 5_000, available: 5_000 });
    expect(elapsed).toBeLessThan(1_000);
  });
});
