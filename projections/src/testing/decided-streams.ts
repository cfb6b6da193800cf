import type { Decider, Message } from '@marquee/domain';
import type { RecordedEvent } from '../event-source';
import type { MemoryEventSource } from './memory-event-source';

/**
 * Realistic logs for read-model specs: commands decided by the real deciders against each
 * stream's folded state, their events pushed to the memory source.
 */
export class DecidedStreams {
  private readonly states = new Map<string, unknown>();

  constructor(private readonly source: MemoryEventSource) {}

  decide<Command, Event extends Message, State>(decider: Decider<Command, Event, State>, streamId: string, command: Command, created?: Date): RecordedEvent[] {
    const state = (this.states.has(streamId) ? this.states.get(streamId) : decider.initialState()) as State;
    const events = decider.decide(command, state);
    this.states.set(streamId, events.reduce(decider.evolve, state));
    return this.source.push(streamId, events, created);
  }

  stateOf<State>(streamId: string): State | undefined {
    return this.states.get(streamId) as State | undefined;
  }
}
