import { EventStore, NO_STREAM, Position, RecordedEvent } from './event-store';
import { STORE_IDENTITY_STREAM } from './store-identity';

export interface CopyProgress {
  /** Events read from the source so far. */
  readonly copied: number;
  readonly streams: number;
}

export interface CopyResult extends CopyProgress {
  readonly seconds: number;
}

export interface LogDifference {
  readonly streamId: string;
  readonly sourceEvents: number;
  readonly targetEvents: number;
}

export interface CopyOptions {
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Events read per page (default 1,000). */
  readonly pageSize?: number;
}

/**
 * Copies every event of one store into another (Postgres → EventStoreDB or back), stream by stream
 * with the same revisions, ids, types, data and metadata, in the source's global order.
 *
 * Each run of consecutive events of one stream is one append expecting exactly the revision
 * before it, so a target that already holds other events in a stream refuses the copy instead of
 * mixing logs. Re-appending the same event ids at the same place is a no-op on every adapter, so
 * a copy that was interrupted can simply be run again. The commit time is the target's own: the
 * event's `occurredAt` metadata keeps when it happened. The store's identity stays behind: the copy
 * is another log, with other positions, and gets its own.
 */
export async function copyEventLog(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyResult> {
  const page = (options.pageSize ?? 1_000) + 1;
  const started = performance.now();
  const streams = new Set<string>();
  let copied = 0;
  let after: Position | null = null;
  for (;;) {
    // readAll starts at its position (inclusive): each later page repeats the event the last one ended with.
    const read: RecordedEvent[] = await source.readAll({ fromPosition: after ?? 'start', maxCount: page });
    const fresh: RecordedEvent[] = after ? read.slice(1) : read;
    for (const run of runsByStream(fresh.filter((event) => event.streamId !== STORE_IDENTITY_STREAM))) {
      const first = run[0] as RecordedEvent;
      await target.appendToStream(first.streamId, run.map((event) => ({ id: event.id, type: event.type, data: event.data, metadata: event.metadata })), {
        expectedRevision: first.revision === 0n ? NO_STREAM : first.revision - 1n,
      });
      streams.add(first.streamId);
    }
    copied += fresh.filter((event) => event.streamId !== STORE_IDENTITY_STREAM).length;
    if (fresh.length > 0) options.onProgress?.({ copied, streams: streams.size });
    if (fresh.length === 0 || read.length < page) break;
    after = (fresh[fresh.length - 1] as RecordedEvent).position;
  }
  return { copied, streams: streams.size, seconds: (performance.now() - started) / 1_000 };
}

/** Streams whose event counts differ between the two stores (empty when the copy is complete). */
export async function compareEventLogs(source: EventStore, target: EventStore, pageSize = 1_000): Promise<LogDifference[]> {
  const [inSource, inTarget] = await Promise.all([countByStream(source, pageSize + 1), countByStream(target, pageSize + 1)]);
  const differences: LogDifference[] = [];
  for (const streamId of new Set([...inSource.keys(), ...inTarget.keys()])) {
    const sourceEvents = inSource.get(streamId) ?? 0;
    const targetEvents = inTarget.get(streamId) ?? 0;
    if (sourceEvents !== targetEvents) differences.push({ streamId, sourceEvents, targetEvents });
  }
  return differences;
}

/** How many events each stream holds (the store's identity aside), by one scan of all events. */
export async function countByStream(store: EventStore, page = 1_001): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let after: Position | null = null;
  for (;;) {
    const read: RecordedEvent[] = await store.readAll({ fromPosition: after ?? 'start', maxCount: page });
    const fresh: RecordedEvent[] = after ? read.slice(1) : read;
    for (const event of fresh) if (event.streamId !== STORE_IDENTITY_STREAM) counts.set(event.streamId, (counts.get(event.streamId) ?? 0) + 1);
    if (fresh.length === 0 || read.length < page) return counts;
    after = (fresh[fresh.length - 1] as RecordedEvent).position;
  }
}

function runsByStream(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const run = runs[runs.length - 1];
    if (run && (run[run.length - 1] as RecordedEvent).streamId === event.streamId) run.push(event);
    else runs.push([event]);
  }
  return runs;
}
