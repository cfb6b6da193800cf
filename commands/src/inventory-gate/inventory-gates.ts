import {
  fromInventorySnapshot, INVENTORY_SNAPSHOT_SCHEMA_VERSION, InventoryCommand, inventoryDecider, InventoryEvent, InventoryState,
  inventoryStreamName, toInventorySnapshot,
} from '@marquee/domain';
import { EventStore } from '../event-store/event-store';
import { SnapshotCodec, SnapshotStore } from '../snapshots/snapshot-store';
import { BatchingGate, BatchingGateOptions } from './batching-gate';

export type InventoryGate = BatchingGate<InventoryCommand, InventoryEvent, InventoryState>;

export const inventorySnapshotCodec: SnapshotCodec<InventoryState> = {
  schemaVersion: INVENTORY_SNAPSHOT_SCHEMA_VERSION,
  toSnapshot: toInventorySnapshot,
  fromSnapshot: (json) => fromInventorySnapshot(json as Parameters<typeof fromInventorySnapshot>[0]),
};

export interface InventoryGatesOptions {
  readonly snapshotStore?: SnapshotStore;
  /** Take a snapshot each time this many events were added since the last one. */
  readonly snapshotEvery?: number;
  readonly gate?: Omit<BatchingGateOptions<InventoryState>, 'snapshots'>;
}

/** This process's gates, one per inventory stream, created when first needed. */
export class InventoryGates {
  private readonly gates = new Map<string, InventoryGate>();

  constructor(private readonly store: EventStore, private readonly options: InventoryGatesOptions = {}) {}

  forEvent(eventId: string): InventoryGate {
    return this.forStream(inventoryStreamName(eventId));
  }

  forStream(streamName: string): InventoryGate {
    let gate = this.gates.get(streamName);
    if (!gate) {
      const snapshots = this.options.snapshotStore
        ? { store: this.options.snapshotStore, codec: inventorySnapshotCodec, every: this.options.snapshotEvery ?? 1_000 }
        : undefined;
      gate = new BatchingGate(this.store, inventoryDecider, streamName, { ...this.options.gate, ...(snapshots ? { snapshots } : {}) });
      this.gates.set(streamName, gate);
    }
    return gate;
  }

  all(): InventoryGate[] {
    return [...this.gates.values()];
  }

  /** Waits until every queued command has its answer: call before shutting down. */
  async idle(): Promise<void> {
    await Promise.all(this.all().map((gate) => gate.idle()));
  }
}
