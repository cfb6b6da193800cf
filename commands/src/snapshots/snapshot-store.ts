/**
 * Snapshots are only an optimisation: a state folded from the events alone must equal one
 * restored from a snapshot plus the tail. A snapshot whose schema version is not the current
 * one is ignored, so changing a state's shape never needs a migration.
 */
export interface Snapshot {
  readonly revision: bigint;
  readonly schemaVersion: number;
  readonly state: unknown;
}

export interface SnapshotStore {
  load(streamName: string): Promise<Snapshot | null>;
  save(streamName: string, snapshot: Snapshot): Promise<void>;
}

export interface SnapshotCodec<State> {
  readonly schemaVersion: number;
  /** Must return a detached, JSON-safe value: the state it came from keeps evolving in place. */
  toSnapshot(state: State): unknown;
  fromSnapshot(snapshot: unknown): State;
}

export class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async load(streamName: string): Promise<Snapshot | null> {
    const snapshot = this.snapshots.get(streamName);
    return snapshot ? { ...snapshot, state: structuredClone(snapshot.state) } : null;
  }

  async save(streamName: string, snapshot: Snapshot): Promise<void> {
    const existing = this.snapshots.get(streamName);
    if (existing && existing.revision > snapshot.revision) return;
    this.snapshots.set(streamName, { ...snapshot, state: structuredClone(snapshot.state) });
  }
}
