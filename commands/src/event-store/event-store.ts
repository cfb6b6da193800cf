/**
 * The event-store port. Its semantics follow EventStoreDB exactly (revisions, expected
 * revisions, idempotent re-appends, global positions, catch-up subscriptions), so that code
 * above it cannot tell the Postgres, EventStoreDB and memory adapters apart. One conformance
 * suite (conformance.ts) holds every adapter to it.
 */

export const ANY = 'any';
export const NO_STREAM = 'no_stream';
export const STREAM_EXISTS = 'stream_exists';

/** 0-based revision of the last event a writer saw; `no_stream` is "revision -1". */
export type ExpectedRevision = typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | bigint;

/** A place in the global order of all events. Compare with comparePositions, never by fields alone. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface EventToAppend {
  /** A UUID: re-appending the same id at the same place is a no-op that reports success. */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

export interface RecordedEvent<Data = unknown, Metadata = unknown> {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: Data;
  readonly metadata: Metadata;
  readonly position: Position;
  readonly created: Date;
}

export interface AppendResult {
  readonly nextExpectedRevision: bigint;
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Defaults to `start` forwards and `end` backwards. */
  readonly fromRevision?: 'start' | 'end' | bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: Direction;
  /** Inclusive. Defaults to `start` forwards and `end` backwards. */
  readonly fromPosition?: 'start' | 'end' | Position;
  readonly maxCount?: number;
}

export interface AllEventsFilter {
  readonly streamNamePrefixes?: readonly string[];
}

export interface SubscribeToAllOptions {
  /** Exclusive: the subscription delivers what comes *after* this position, then goes live. */
  readonly fromPosition?: 'start' | 'end' | Position;
  readonly filter?: AllEventsFilter;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Sent once, when the subscription has delivered everything that existed and goes live. */
  | { readonly kind: 'caughtUp' }
  /** Progress through events the filter skipped, so a consumer can store its place anyway. */
  | { readonly kind: 'checkpoint'; readonly position: Position };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  appendToStream(streamName: string, events: readonly EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: bigint | typeof NO_STREAM,
  ) {
    super(`Wrong expected revision on ${streamName}: expected ${String(expectedRevision)}, actual ${String(actualRevision)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The store could not be reached, or did not answer in time. For an append the outcome is unknown:
 * it may have committed. Callers retry with the same event ids (appends are idempotent by id) or,
 * over HTTP, the same Idempotency-Key; the gate reloads the stream before deciding again.
 */
export class EventStoreUnavailableError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`The event store is unavailable: ${reason}`, options);
    this.name = 'EventStoreUnavailableError';
  }
}

export class StreamNotFoundError extends Error {
  constructor(readonly streamName: string) {
    super(`Stream ${streamName} not found`);
    this.name = 'StreamNotFoundError';
  }
}

/**
 * The stream was deleted for good (EventStoreDB's tombstone) or cannot take this write after a soft
 * delete. Not a concurrency conflict: deciding again cannot help, so the gate does not retry it.
 * Marquee deletes no streams; an operator's tool on EventStoreDB can.
 */
export class StreamDeletedError extends Error {
  constructor(readonly streamName: string) {
    super(`Stream ${streamName} is deleted`);
    this.name = 'StreamDeletedError';
  }
}

export const START_POSITION: Position = { commit: 0n, prepare: 0n };

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EventStoreDB requires UUID event ids and non-empty types; every adapter refuses the same input. */
export function assertAppendable(streamName: string, events: readonly EventToAppend[]): void {
  if (typeof streamName !== 'string' || streamName.length === 0) throw new TypeError('stream name must be non-empty');
  if (streamName.startsWith('$')) throw new TypeError(`stream name ${streamName} is reserved for system streams`);
  for (const event of events) {
    if (!UUID.test(event.id)) throw new TypeError(`event id ${JSON.stringify(event.id)} is not a UUID`);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('event type must be non-empty');
  }
}

export function matchesFilter(streamId: string, filter: AllEventsFilter | undefined): boolean {
  const prefixes = filter?.streamNamePrefixes;
  return !prefixes || prefixes.length === 0 || prefixes.some((prefix) => streamId.startsWith(prefix));
}
