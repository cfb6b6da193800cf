import { Decider, EventMetadata, Message } from '@marquee/domain';
import { EventStore, NO_STREAM, Position, WrongExpectedRevisionError } from '../event-store/event-store';
import { toEventToAppend } from './event-envelope';
import { loadAggregate, SnapshotSource } from './load-aggregate';

export interface CommandHandled<Event, State> {
  readonly events: Event[];
  readonly state: State;
  readonly nextExpectedRevision: bigint;
  readonly position: Position | null;
}

export class ConcurrencyRetriesExhausted extends Error {
  constructor(readonly streamName: string, readonly attempts: number) {
    super(`${streamName} kept changing underneath ${attempts} attempts; try again`);
    this.name = 'ConcurrencyRetriesExhausted';
  }
}

/**
 * The low-contention path (event, order and ticket streams): load, decide, append with the
 * revision the decision was made on; if someone else wrote in between, decide again.
 */
export async function handleCommand<Command, Event extends Message, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamName: string,
  command: Command,
  metadata: EventMetadata,
  options: { maxAttempts?: number; snapshots?: SnapshotSource<State>; expectedRevision?: bigint } = {},
): Promise<CommandHandled<Event, State>> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const loaded = await loadAggregate(store, decider, streamName, options.snapshots);
    // A client editing with If-Match decided on what it saw: that revision, not the latest.
    const expected = options.expectedRevision ?? loaded.revision;
    if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision) {
      throw new WrongExpectedRevisionError(streamName, options.expectedRevision, loaded.revision < 0n ? NO_STREAM : loaded.revision);
    }
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { events, state: loaded.state, nextExpectedRevision: loaded.revision, position: null };
    try {
      const result = await store.appendToStream(streamName, events.map((e) => toEventToAppend(e, metadata)), {
        expectedRevision: expected < 0n ? NO_STREAM : expected,
      });
      const state = events.reduce(decider.evolve, loaded.state);
      return { events, state, nextExpectedRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || options.expectedRevision !== undefined) throw error;
    }
  }
  throw new ConcurrencyRetriesExhausted(streamName, maxAttempts);
}
