/**
 * What projections need from the event store, declared here because the read side may not
 * import the write side: the commands' event stores satisfy it structurally, so the api passes
 * one in. Shapes and semantics match the commands' port (EventStoreDB's): positions are
 * compared commit first, then prepare; a subscription starts *after* the position it is given.
 */

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface RecordedEvent<Data = unknown, Metadata = unknown> {
  readonly streamId: string;
  /** 0-based place in its stream. */
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: Data;
  readonly metadata: Metadata;
  readonly position: Position;
  readonly created: Date;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Sent once, when everything that existed has been delivered and the subscription goes live. */
  | { readonly kind: 'caughtUp' }
  /** Progress through events the filter skipped, so the checkpoint can move past them. */
  | { readonly kind: 'checkpoint'; readonly position: Position };

export interface ProjectionSubscription extends AsyncIterable<SubscriptionMessage> {
  unsubscribe(): Promise<void>;
}

export interface ProjectionEventSource {
  subscribeToAll(options?: {
    /** Exclusive. */
    readonly fromPosition?: 'start' | 'end' | Position;
    readonly filter?: { readonly streamNamePrefixes?: readonly string[] };
  }): ProjectionSubscription;
  readAll(options?: {
    readonly direction?: 'forwards' | 'backwards';
    /** Inclusive. */
    readonly fromPosition?: 'start' | 'end' | Position;
    readonly maxCount?: number;
  }): Promise<RecordedEvent[]>;
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function laterPosition(a: Position | null, b: Position): Position {
  return a && comparePositions(a, b) >= 0 ? a : b;
}

export function matchesPrefixes(streamId: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => streamId.startsWith(prefix));
}
