import { AllEventsFilter, matchesFilter, Position, RecordedEvent, Subscription, SubscriptionMessage } from './event-store';
import { Wakeup } from './wakeup';

export interface CatchUpSource {
  /** Events strictly after `after` (or from the very start when null), oldest first. */
  readAfter(after: Position | null, maxCount: number): Promise<RecordedEvent[]>;
  readonly wakeup: Wakeup;
}

export interface CatchUpOptions {
  readonly from: Position | null;
  readonly filter?: AllEventsFilter;
  readonly batchSize?: number;
  /** Fallback poll when no wake-up arrives (e.g. a commit that becomes visible later). */
  readonly idlePollMs?: number;
}

/**
 * A catch-up subscription over any source that can read "after a position": pages through
 * history, says `caughtUp` once, then sleeps until woken or the poll interval passes.
 */
export function catchUpSubscription(source: CatchUpSource, options: CatchUpOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const idlePollMs = options.idlePollMs ?? 100;
  let closed = false;
  const stop = new Wakeup();

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let position = options.from;
    let caughtUp = false;
    while (!closed) {
      const batch = await source.readAfter(position, batchSize);
      let skippedSinceLastDelivered = false;
      for (const event of batch) {
        if (closed) return;
        position = event.position;
        skippedSinceLastDelivered = !matchesFilter(event.streamId, options.filter);
        if (!skippedSinceLastDelivered) yield { kind: 'event', event };
      }
      if (skippedSinceLastDelivered && position) yield { kind: 'checkpoint', position };
      if (batch.length < batchSize) {
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caughtUp' };
        }
        if (closed) return;
        await Promise.race([source.wakeup.wait(idlePollMs), stop.wait(idlePollMs)]);
      }
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    unsubscribe: async () => {
      closed = true;
      stop.wakeAll();
      await iterator.return(undefined);
    },
  };
}
