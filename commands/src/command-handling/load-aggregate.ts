import { Decider } from '@marquee/domain';
import { EventStore, StreamNotFoundError } from '../event-store/event-store';
import { SnapshotCodec, SnapshotStore } from '../snapshots/snapshot-store';

export interface LoadedAggregate<State> {
  readonly state: State;
  /** Revision of the last event folded in; -1n when the stream does not exist yet. */
  readonly revision: bigint;
  readonly fromSnapshot: boolean;
  readonly eventsFolded: number;
}

export interface SnapshotSource<State> {
  readonly store: SnapshotStore;
  readonly codec: SnapshotCodec<State>;
}

const PAGE = 10_000;

/** Snapshot (when there is a usable one) plus the tail of the stream, folded with evolve. */
export async function loadAggregate<Command, Event, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamName: string,
  snapshots?: SnapshotSource<State>,
): Promise<LoadedAggregate<State>> {
  let state = decider.initialState();
  let revision = -1n;
  let fromSnapshot = false;
  const snapshot = snapshots ? await snapshots.store.load(streamName) : null;
  if (snapshots && snapshot && snapshot.schemaVersion === snapshots.codec.schemaVersion) {
    state = snapshots.codec.fromSnapshot(snapshot.state);
    revision = snapshot.revision;
    fromSnapshot = true;
  }
  let eventsFolded = 0;
  for (;;) {
    let page;
    try {
      page = await store.readStream(streamName, { fromRevision: revision + 1n, maxCount: PAGE });
    } catch (error) {
      if (error instanceof StreamNotFoundError) break;
      throw error;
    }
    for (const event of page) {
      state = decider.evolve(state, { type: event.type, data: event.data } as Event);
      revision = event.revision;
    }
    eventsFolded += page.length;
    if (page.length < PAGE) break;
  }
  return { state, revision, fromSnapshot, eventsFolded };
}
