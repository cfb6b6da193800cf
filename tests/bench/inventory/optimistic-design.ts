import { randomUUID } from 'node:crypto';
import { availability, DomainError, inventoryDecider, inventoryStreamName } from '@marquee/domain';
import { EventStore, loadAggregate, NO_STREAM, toEventToAppend, WrongExpectedRevisionError } from '@marquee/commands';
import { concurrently, figures, RunFigures } from './stats';
import { holdCommand, metadata, openInventory, Scenario } from './scenarios';

const MAX_ATTEMPTS = 50;

/**
 * (b) Naive optimistic concurrency without a gate: each buyer loads the stream, decides and
 * appends with the revision it saw, and on a conflict starts over. Bounded by attempts and a
 * deadline so that its livelock ends the run instead of hanging it.
 */
export async function runOptimistic(store: EventStore, scenario: Scenario, deadlineMs: number): Promise<RunFigures> {
  const eventId = randomUUID();
  const stream = inventoryStreamName(eventId);
  const open = inventoryDecider.decide(openInventory(eventId, scenario), inventoryDecider.initialState());
  await store.appendToStream(stream, open.map((e) => toEventToAppend(e, metadata('organizer:bench'))), { expectedRevision: NO_STREAM });
  const deadline = performance.now() + deadlineMs;

  const { results, latencies, wallMs } = await concurrently(scenario.buyers, async (i) => {
    const command = holdCommand(i, scenario);
    for (let attempt = 0; attempt < MAX_ATTEMPTS && performance.now() < deadline; attempt++) {
      const loaded = await loadAggregate(store, inventoryDecider, stream);
      let events;
      try {
        events = inventoryDecider.decide(command, loaded.state);
      } catch (error) {
        if (error instanceof DomainError) return 'rejected' as const;
        throw error;
      }
      try {
        await store.appendToStream(stream, events.map((e) => toEventToAppend(e, metadata(`buyer:${i}`))), { expectedRevision: loaded.revision });
        return 'held' as const;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    return 'gave up' as const;
  });
  const { state } = await loadAggregate(store, inventoryDecider, stream);
  const committed = availability(state).reduce((sum, t) => sum + t.held + t.sold, 0);
  const held = results.filter((r) => r === 'held').length;
  return figures('optimistic retry', scenario.name, scenario.capacity, latencies, held, results.filter((r) => r === 'gave up').length, wallMs, committed);
}
