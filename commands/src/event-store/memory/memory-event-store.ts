import {
  AppendResult, assertAppendable, comparePositions, EventStore, EventToAppend, ExpectedRevision, NO_STREAM, Position,
  ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamNotFoundError, STREAM_EXISTS, SubscribeToAllOptions,
  Subscription, WrongExpectedRevisionError,
} from '../event-store';
import { catchUpSubscription } from '../catch-up-subscription';
import { Wakeup } from '../wakeup';

/** For unit tests of handlers: the port's semantics, in one process's memory. */
export class MemoryEventStore implements EventStore {
  private readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly wakeup = new Wakeup();

  async appendToStream(streamName: string, events: readonly EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    assertAppendable(streamName, events);
    const expected = options.expectedRevision ?? 'any';
    const stream = this.streams.get(streamName) ?? [];
    const current = BigInt(stream.length) - 1n;

    const repeat = this.repeatedAppend(streamName, stream, events, expected);
    if (repeat) return repeat;
    if (!revisionMatches(expected, current)) {
      throw new WrongExpectedRevisionError(streamName, expected, current < 0n ? NO_STREAM : current);
    }
    const ids = new Set(stream.map((e) => e.id));
    if (events.some((e) => ids.has(e.id))) throw new WrongExpectedRevisionError(streamName, expected, current < 0n ? NO_STREAM : current);

    const created = new Date();
    for (const event of events) {
      const sequence = BigInt(this.all.length + 1);
      const recorded: RecordedEvent = {
        streamId: streamName,
        revision: BigInt(stream.length),
        id: event.id,
        type: event.type,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata ?? {}),
        position: { commit: sequence, prepare: sequence },
        created,
      };
      stream.push(recorded);
      this.all.push(recorded);
    }
    this.streams.set(streamName, stream);
    this.wakeup.wakeAll();
    const last = stream[stream.length - 1];
    return { nextExpectedRevision: BigInt(stream.length) - 1n, position: last ? last.position : { commit: 0n, prepare: 0n } };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamName);
    if (!stream || stream.length === 0) throw new StreamNotFoundError(streamName);
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if ((options.direction ?? 'forwards') === 'forwards') {
      const from = options.fromRevision ?? 'start';
      const start = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
      return stream.slice(start, start + maxCount);
    }
    const from = options.fromRevision ?? 'end';
    const start = from === 'end' ? stream.length - 1 : from === 'start' ? 0 : Math.min(Number(from), stream.length - 1);
    return stream.slice(Math.max(0, start - maxCount + 1), start + 1).reverse();
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if ((options.direction ?? 'forwards') === 'forwards') {
      const from = options.fromPosition ?? 'start';
      if (from === 'end') return [];
      const start = from === 'start' ? 0 : this.all.findIndex((e) => comparePositions(e.position, from) >= 0);
      return start < 0 ? [] : this.all.slice(start, start + maxCount);
    }
    const from = options.fromPosition ?? 'end';
    const candidates = from === 'end' ? this.all : from === 'start' ? [] : this.all.filter((e) => comparePositions(e.position, from) <= 0);
    return candidates.slice(Math.max(0, candidates.length - maxCount)).reverse();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    const last = this.all[this.all.length - 1];
    const start: Position | null = from === 'start' ? null : from === 'end' ? (last?.position ?? null) : from;
    return catchUpSubscription(
      { wakeup: this.wakeup, readAfter: async (after, maxCount) => this.readAfter(after, maxCount) },
      { from: start, ...(options.filter ? { filter: options.filter } : {}), idlePollMs: 1000 },
    );
  }

  async close(): Promise<void> {
    this.wakeup.wakeAll();
  }

  private readAfter(after: Position | null, maxCount: number): RecordedEvent[] {
    const start = after === null ? 0 : this.all.findIndex((e) => comparePositions(e.position, after) > 0);
    return start < 0 ? [] : this.all.slice(start, start + maxCount);
  }

  /** EventStoreDB's idempotence: the same event ids already at the place the writer expected. */
  private repeatedAppend(streamName: string, stream: RecordedEvent[], events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult | null {
    const first = events[0];
    if (!first) return null;
    const at = stream.findIndex((e) => e.id === first.id);
    if (at < 0) return null;
    const sameRun = events.every((e, i) => stream[at + i]?.id === e.id);
    const expectedFits = expected === 'any' || expected === STREAM_EXISTS || (expected === NO_STREAM ? at === 0 : typeof expected === 'bigint' && expected === BigInt(at) - 1n);
    if (!sameRun || !expectedFits) {
      const current = BigInt(stream.length) - 1n;
      throw new WrongExpectedRevisionError(streamName, expected, current);
    }
    const last = stream[at + events.length - 1];
    if (!last) return null;
    return { nextExpectedRevision: last.revision, position: last.position };
  }
}

export function revisionMatches(expected: ExpectedRevision, current: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === NO_STREAM) return current === -1n;
  if (expected === STREAM_EXISTS) return current >= 0n;
  return expected === current;
}
