import { randomUUID } from 'node:crypto';
import { availability, inventoryDecider, inventoryStreamName } from '@marquee/domain';
import { EventStore, InventoryGates, loadAggregate } from '@marquee/commands';
import { concurrently, figures, RunFigures } from './stats';
import { holdCommand, metadata, openInventory, Scenario } from './scenarios';

/** (a) Marquee's design: every buyer goes through the stream's batching gate. */
export async function runGate(store: EventStore, scenario: Scenario): Promise<RunFigures> {
  const eventId = randomUUID();
  const gate = new InventoryGates(store).forEvent(eventId);
  await gate.submit(openInventory(eventId, scenario), metadata('organizer:bench'));
  const { results, latencies, wallMs } = await concurrently(scenario.buyers, (i) => gate.submit(holdCommand(i, scenario), metadata(`buyer:${i}`)));
  const held = results.filter((r) => r.accepted).length;
  // Counted again from the stream alone, not from what the callers were told.
  const { state } = await loadAggregate(store, inventoryDecider, inventoryStreamName(eventId));
  const committed = availability(state).reduce((sum, t) => sum + t.held + t.sold, 0);
  if (committed !== held) throw new Error(`gate told ${held} buyers "held" but the stream holds ${committed}`);
  return figures('gate', scenario.name, scenario.capacity, latencies, held, 0, wallMs, committed);
}
