import { randomUUID } from 'node:crypto';
import { checkCommit, CommitDecision, ExpectedRevision, StreamFacts } from './commit-check';

/**
 * The in-memory stand-in for EventStoreDB's transaction file and index. Every event is written as
 * one self-committed record at a byte offset, so an event's position is `{commit: P, prepare: P}`
 * (what EventStoreDB 20+ reports for gRPC writes), positions grow by each record's size and are not
 * contiguous, and nothing is ever physically removed: soft-deleted events stay visible in `$all`.
 */

/** EventNumber.DeletedStream: the revision of a tombstone and the `$tb` of a soft-deleted stream. */
export const DELETED_STREAM = 9223372036854775807n;
/** Where the first record lands; offset 0 belongs to the epoch record, which is not an event. */
const FIRST_EVENT_POSITION = 128n;
const TICKS_PER_MS = 10_000n;

export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface LoggedEvent {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  readonly created: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export type WriteOutcome =
  | { readonly kind: 'written' | 'idempotent'; readonly lastRevision: bigint; readonly position: bigint | null }
  | { readonly kind: 'wrongExpectedVersion'; readonly currentRevision: bigint }
  | { readonly kind: 'streamDeleted' };

export type StreamRead =
  | { readonly kind: 'events'; readonly events: LoggedEvent[] }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'deleted' };

interface StreamRecord {
  readonly events: LoggedEvent[];
  readonly ids: Map<string, bigint>;
  tombstoned: boolean;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function positionOf(event: LoggedEvent): LogPosition {
  return { commit: event.position, prepare: event.position };
}

export const metaStreamOf = (streamId: string) => `$$${streamId}`;
const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));

/** Stream metadata as EventStoreDB writes it: `$tb` is a 64-bit number, which JSON.stringify cannot spell. */
function metadataJson(metadata: Record<string, unknown>, truncateBefore: bigint): Uint8Array {
  const rest = JSON.stringify({ ...metadata, $tb: 0 });
  return new Uint8Array(Buffer.from(rest.replace('"$tb":0', `"$tb":${truncateBefore}`), 'utf8'));
}

export class TransactionLog {
  private readonly all: LoggedEvent[] = [];
  private readonly streams = new Map<string, StreamRecord>();
  private readonly listeners = new Set<(event: LoggedEvent) => void>();
  private nextPosition = FIRST_EVENT_POSITION;

  /** A fresh EventStoreDB writes a few system events of its own before anyone connects. */
  static withSystemEvents(): TransactionLog {
    const log = new TransactionLog();
    log.writeSystemEvent('$users', '$User', { LoginName: 'admin' });
    log.writeSystemEvent('$user-admin', '$user', { loginName: 'admin', fullName: 'Event Store Administrator', groups: ['$admins'] });
    log.writeSystemEvent(metaStreamOf('$scavenges'), '$metadata', { $maxAge: 2_592_000 });
    log.writeSystemEvent('$projections-$all', '$ProjectionsInitialized', {});
    return log;
  }

  get lastEvent(): LoggedEvent | undefined {
    return this.all[this.all.length - 1];
  }

  append(streamId: string, expected: ExpectedRevision, events: readonly ProposedEvent[]): WriteOutcome {
    const decision = checkCommit(this.facts(streamId), expected, events.map((e) => e.id));
    if (decision.kind === 'idempotent') {
      // Reported where the repeated events already are, as the server reads the last of them back.
      const last = this.streams.get(streamId)?.events[Number(decision.lastRevision)];
      return { kind: 'idempotent', lastRevision: decision.lastRevision, position: last ? last.position : null };
    }
    if (decision.kind !== 'write') return refusal(decision);
    if (decision.recreate) this.undelete(streamId);
    const stream = this.stream(streamId);
    // The batch commits as a whole: live readers hear of it only once every event is in.
    const written = events.map((event) => this.write(streamId, BigInt(stream.events.length), event));
    this.announce(written);
    const last = written[written.length - 1];
    return { kind: 'written', lastRevision: BigInt(stream.events.length) - 1n, position: last ? last.position : null };
  }

  /** Soft delete: a `$metadata` event with `$tb` = DeletedStream; the events stay in `$all`. */
  softDelete(streamId: string, expected: ExpectedRevision): WriteOutcome {
    const decision = checkCommit(this.facts(streamId), expected, []);
    if (decision.kind !== 'write') return refusal(decision);
    const metadata = this.write(metaStreamOf(streamId), this.stream(metaStreamOf(streamId)).events.length, {
      id: randomUUID(), type: '$metadata', contentType: 'application/json', data: metadataJson(this.metadataOf(streamId), DELETED_STREAM), metadata: new Uint8Array(),
    });
    this.announce([metadata]);
    return { kind: 'written', lastRevision: this.facts(streamId).lastRevision, position: metadata.position };
  }

  /** Hard delete: a `$streamDeleted` tombstone at revision DeletedStream; the stream can never be written again. */
  tombstone(streamId: string, expected: ExpectedRevision): WriteOutcome {
    const decision = checkCommit(this.facts(streamId), expected, []);
    if (decision.kind !== 'write') return refusal(decision);
    const tombstone = this.record(streamId, DELETED_STREAM, {
      id: randomUUID(), type: '$streamDeleted', contentType: 'application/octet-stream', data: new Uint8Array(), metadata: new Uint8Array(),
    });
    this.stream(streamId).tombstoned = true;
    this.announce([tombstone]);
    return { kind: 'written', lastRevision: DELETED_STREAM, position: tombstone.position };
  }

  readStream(streamId: string, direction: 'forwards' | 'backwards', from: 'start' | 'end' | bigint, maxCount: bigint): StreamRead {
    const stream = this.streams.get(streamId);
    if (stream?.tombstoned) return { kind: 'deleted' };
    const facts = this.facts(streamId);
    if (!stream || stream.events.length === 0 || facts.softDeleted) return { kind: 'notFound' };
    // Events before `$tb` are gone for readers of the stream (a stream recreated after a soft delete).
    const visibleFrom = this.truncateBefore(streamId) ?? 0n;
    const last = BigInt(stream.events.length) - 1n;
    const events: LoggedEvent[] = [];
    const at = (revision: bigint) => stream.events[Number(revision)] as LoggedEvent;
    if (direction === 'forwards') {
      const start = from === 'start' ? visibleFrom : from === 'end' ? last + 1n : from < visibleFrom ? visibleFrom : from;
      for (let r = start; r <= last && BigInt(events.length) < maxCount; r++) events.push(at(r));
    } else {
      const start = from === 'end' ? last : from === 'start' ? 0n : from > last ? last : from;
      for (let r = start; r >= visibleFrom && BigInt(events.length) < maxCount; r--) events.push(at(r));
    }
    return { kind: 'events', events };
  }

  /** Forwards: events at or after `from` (inclusive), oldest first. */
  readAllForwards(from: LogPosition, maxCount: number, filter: (event: LoggedEvent) => boolean = () => true): LoggedEvent[] {
    const found: LoggedEvent[] = [];
    for (let i = this.indexAtOrAfter(from); i < this.all.length && found.length < maxCount; i++) {
      const event = this.all[i] as LoggedEvent;
      if (filter(event)) found.push(event);
    }
    return found;
  }

  /** Backwards: events strictly before `from`, newest first — EventStoreDB reads back from a post-position. */
  readAllBackwards(from: LogPosition | 'end', maxCount: number, filter: (event: LoggedEvent) => boolean = () => true): LoggedEvent[] {
    const found: LoggedEvent[] = [];
    const start = from === 'end' ? this.all.length - 1 : this.indexAtOrAfter(from) - 1;
    for (let i = start; i >= 0 && found.length < maxCount; i--) {
      const event = this.all[i] as LoggedEvent;
      if (filter(event)) found.push(event);
    }
    return found;
  }

  /**
   * One page of a filtered subscription's catch-up, as EventStoreDB reads it: from `from`
   * (inclusive) until `maxCount` events matched or `window` events were considered.
   */
  readPage(from: LogPosition, maxCount: number, window: number, filter: (event: LoggedEvent) => boolean) {
    const matched: LoggedEvent[] = [];
    let considered = 0;
    let i = this.indexAtOrAfter(from);
    for (; i < this.all.length && matched.length < maxCount && considered < window; i++) {
      const event = this.all[i] as LoggedEvent;
      considered++;
      if (filter(event)) matched.push(event);
    }
    const next = this.all[i];
    // The pre-position of the next record (or the end of the log): commit there, prepare 0.
    const nextPosition: LogPosition = { commit: next ? next.position : this.nextPosition, prepare: 0n };
    // Like EventStoreDB, the end is only noticed by a page that runs into it, not one that stops at a limit.
    return { matched, considered, nextPosition, endOfStream: i >= this.all.length && matched.length < maxCount && considered < window };
  }

  /** Called with each event as it is written, in log order. */
  onWrite(listener: (event: LoggedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  streamRevision(streamId: string): bigint {
    return this.facts(streamId).lastRevision;
  }

  private facts(streamId: string): StreamFacts {
    const stream = this.streams.get(streamId);
    const meta = this.streams.get(metaStreamOf(streamId));
    return {
      lastRevision: stream ? BigInt(stream.events.length) - 1n : -1n,
      tombstoned: stream?.tombstoned ?? false,
      softDeleted: this.truncateBefore(streamId) === DELETED_STREAM,
      hasMetadata: (meta?.events.length ?? 0) > 0,
      idAt: (revision) => stream?.events[Number(revision)]?.id,
      revisionOf: (id) => stream?.ids.get(id),
    };
  }

  private metadataOf(streamId: string): Record<string, unknown> {
    const meta = this.streams.get(metaStreamOf(streamId));
    const last = meta?.events[meta.events.length - 1];
    if (!last) return {};
    try {
      return JSON.parse(Buffer.from(last.data).toString('utf8')) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  private truncateBefore(streamId: string): bigint | undefined {
    const meta = this.streams.get(metaStreamOf(streamId));
    const last = meta?.events[meta.events.length - 1];
    const tb = last && /"\$tb"\s*:\s*(\d+)/.exec(Buffer.from(last.data).toString('utf8'))?.[1];
    return tb ? BigInt(tb) : undefined;
  }

  /** Appending to a soft-deleted stream brings it back: `$tb` moves to where the new events start. */
  private undelete(streamId: string): void {
    const next = this.facts(streamId).lastRevision + 1n;
    const metadata = this.write(metaStreamOf(streamId), this.stream(metaStreamOf(streamId)).events.length, {
      id: randomUUID(), type: '$metadata', contentType: 'application/json', data: metadataJson(this.metadataOf(streamId), next), metadata: new Uint8Array(),
    });
    this.announce([metadata]);
  }

  private writeSystemEvent(streamId: string, type: string, data: unknown): void {
    this.announce([this.write(streamId, this.stream(streamId).events.length, { id: randomUUID(), type, contentType: 'application/json', data: json(data), metadata: new Uint8Array() })]);
  }

  private announce(events: readonly LoggedEvent[]): void {
    for (const event of events) for (const listener of [...this.listeners]) listener(event);
  }

  private write(streamId: string, revision: bigint | number, event: ProposedEvent): LoggedEvent {
    const recorded = this.record(streamId, BigInt(revision), event);
    const stream = this.stream(streamId);
    stream.events.push(recorded);
    stream.ids.set(recorded.id, recorded.revision);
    return recorded;
  }

  private record(streamId: string, revision: bigint, event: ProposedEvent): LoggedEvent {
    const recorded: LoggedEvent = {
      position: this.nextPosition,
      streamId,
      revision,
      id: event.id.toLowerCase(),
      type: event.type,
      contentType: event.contentType,
      data: event.data,
      metadata: event.metadata,
      created: BigInt(Date.now()) * TICKS_PER_MS,
    };
    // A prepare record: fixed header, then stream name, type, data and metadata.
    this.nextPosition += 120n + BigInt(Buffer.byteLength(streamId) + Buffer.byteLength(event.type) + event.data.length + event.metadata.length);
    this.all.push(recorded);
    return recorded;
  }

  private stream(streamId: string): StreamRecord {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { events: [], ids: new Map(), tombstoned: false };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  /** Index of the first event whose position is at or after `from`. */
  private indexAtOrAfter(from: LogPosition): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(positionOf(this.all[mid] as LoggedEvent), from) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** A write the commit check turned down. (A delete has no event ids, so it is never idempotent.) */
function refusal(decision: Exclude<CommitDecision, { kind: 'write' }>): WriteOutcome {
  if (decision.kind === 'idempotent') throw new Error('a write with no events cannot be a repeat');
  return decision;
}
