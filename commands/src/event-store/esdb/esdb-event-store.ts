import { Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { EventStoreDBClient, jsonEvent, NotLeaderError } from '@eventstore/db-client';
import type { JSONType } from '@eventstore/db-client';
import {
  ANY, AppendResult, assertAppendable, comparePositions, EventStore, EventToAppend, ExpectedRevision, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, SubscribeToAllOptions, Subscription,
} from '../event-store';
import { appendError, readError, unavailable } from './esdb-errors';
import { isSystemEvent, serverSideFilter, toRecordedEvent } from './esdb-recorded-event';
import { EsdbSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** `esdb://`, `esdb+discover://` (or the `kurrentdb` spellings); TLS unless `tls=false`. */
  readonly connectionString: string;
}

/** A follower refuses a write without doing it; the client then talks to the leader. */
const NOT_LEADER_ATTEMPTS = 3;
/** How long close() lets the server finish the appends in flight before cutting the call. */
const GRACEFUL_CLOSE_MS = 5_000;

function validCount(maxCount: number | undefined): number | undefined {
  if (maxCount === undefined) return undefined;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be a whole number, got ${maxCount}`);
  return maxCount;
}

/** The client knows the `esdb` schemes only; KurrentDB's names for them mean the same. */
function clientConnectionString(connectionString: string): string {
  return connectionString.replace(/^kurrent(?:db)?(\+discover)?:\/\//i, (_match, discover: string | undefined) => `esdb${discover ?? ''}://`);
}

/**
 * The event store on EventStoreDB / KurrentDB, through `@eventstore/db-client`. The port follows
 * EventStoreDB's semantics, so this adapter mostly translates; where the server's answer is not
 * the port's (system events in `$all`, exclusive backward reads, sparse filtered checkpoints), it
 * adapts, and says so where it does.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly appending = new Set<Promise<unknown>>();
  private closing = false;

  constructor(options: EsdbEventStoreOptions) {
    // throwOnAppendFailure stays at its default (true): with it off, batch appends report a wrong actual revision.
    this.client = EventStoreDBClient.connectionString(clientConnectionString(options.connectionString));
  }

  appendToStream(streamName: string, events: readonly EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new Error('the event store is closed'));
    const appending = this.append(streamName, events, options.expectedRevision ?? ANY);
    const settled = appending.catch(() => undefined);
    this.appending.add(settled);
    settled.finally(() => this.appending.delete(settled));
    return appending;
  }

  private async append(streamName: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamName, events);
    const proposed = events.map((event) => jsonEvent({
      id: event.id,
      type: event.type,
      data: (event.data ?? null) as JSONType,
      metadata: (event.metadata ?? {}) as JSONType,
    }));
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.client.appendToStream(streamName, proposed, { expectedRevision });
        return { nextExpectedRevision: result.nextExpectedRevision, position: result.position ?? { commit: 0n, prepare: 0n } };
      } catch (error) {
        // The follower wrote nothing, so writing again is safe; give the client a moment to switch.
        if (error instanceof NotLeaderError && attempt < NOT_LEADER_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
          continue;
        }
        throw appendError(error, streamName, expectedRevision);
      }
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const maxCount = validCount(options.maxCount);
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction,
        fromRevision: options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end'),
        ...(maxCount !== undefined && { maxCount }),
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      throw readError(error, streamName);
    }
    return events;
  }

  /** `$all` without EventStoreDB's system events, so `maxCount` counts ours only. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromPosition ?? (forwards ? 'start' : 'end');
    const wanted = validCount(options.maxCount) ?? Infinity;
    if (wanted === 0 || (forwards && from === 'end') || (!forwards && from === 'start')) return [];

    const found: RecordedEvent[] = [];
    if (!forwards && typeof from === 'object') {
      // EventStoreDB reads back from a position exclusively; the port includes the event at it.
      const [atFrom] = await this.readAllRaw('forwards', from, 1);
      if (atFrom && comparePositions(atFrom.position, from) === 0 && !isSystemEvent(atFrom)) found.push(atFrom);
      if (found.length >= wanted) return found;
    }
    let cursor = from;
    let seenUpTo: Position | null = null;
    for (;;) {
      // A page with room for the odd system event; unbounded reads are one read.
      const pageSize = wanted === Infinity ? undefined : Math.min(4_096, Math.max(64, 2 * (wanted - found.length)));
      const page = await this.readAllRaw(forwards ? 'forwards' : 'backwards', cursor, pageSize);
      for (const event of page) {
        if (seenUpTo && comparePositions(event.position, seenUpTo) <= 0) continue;
        if (isSystemEvent(event)) continue;
        found.push(event);
        if (found.length >= wanted) return found;
      }
      const last = page[page.length - 1];
      if (pageSize === undefined || page.length < pageSize || !last) return found;
      // Forwards the next page starts at the last event again (inclusive); backwards it starts below it.
      cursor = last.position;
      if (forwards) seenUpTo = last.position;
    }
  }

  /**
   * The newest event in `$all`, system events included: a subscription's checkpoints pass those
   * too, so a reader waiting for this position is released.
   */
  async lastCommittedPosition(): Promise<Position | null> {
    const [newest] = await this.readAllRaw('backwards', 'end', 1);
    return newest ? newest.position : null;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const from = options.fromPosition ?? 'start';
    const subscription: EsdbSubscription = new EsdbSubscription({
      from,
      filter: options.filter,
      open: (start, window, checkpointReached) => this.client.subscribeToAll({ fromPosition: start, filter: serverSideFilter(options.filter, window, checkpointReached) }),
      readAhead: (position, maxCount) => this.readAllRaw('forwards', position, maxCount),
      onClosed: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Ends every subscription first — disposing the client cancels their calls, and the client does
   * not report its own cancellations, so their iterations would wait forever — lets the appends in
   * flight finish, ends the batch-append call, then disposes of the client.
   */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    // An append still on its way into the batch-append call would write after the call was ended.
    await Promise.all(this.appending);
    await this.endBatchAppendCall();
    await this.client.dispose();
  }

  /**
   * `@eventstore/db-client` 6.2.1 keeps the pending batch appends of every client in the process in
   * one module-level map, and rejects all of them when any client's batch-append call fails — as
   * cancelling it on dispose does. Another store's appends would then be told they failed though
   * they commit, and their answers, arriving for promises no longer there, throw out of an event
   * handler and take the process down. So this store's batch-append call is half-closed first: the
   * server answers what it has and ends the call cleanly, and dispose finds nothing to cancel.
   */
  private async endBatchAppendCall(): Promise<void> {
    const streams = (this.client as unknown as { disposableStreams?: unknown }).disposableStreams;
    if (!(streams instanceof Set)) return;
    const calls = [...streams].filter((stream): stream is Duplex => stream instanceof Duplex && !stream.writableEnded);
    await Promise.all(calls.map(async (call) => {
      call.end();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, GRACEFUL_CLOSE_MS)));
      await Promise.race([finished(call).catch(() => undefined), timeout]);
      clearTimeout(timer);
    }));
  }

  private async readAllRaw(direction: 'forwards' | 'backwards', fromPosition: 'start' | 'end' | Position, maxCount: number | undefined): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readAll({ direction, fromPosition, ...(maxCount !== undefined && { maxCount }) });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      throw unavailable(error);
    }
    return events;
  }
}
