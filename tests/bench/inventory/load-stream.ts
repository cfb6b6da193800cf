import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import { inventoryDecider, inventoryStreamName } from '@marquee/domain';
import { EventStore, InventoryGates, inventorySnapshotCodec, loadAggregate, SnapshotStore } from '@marquee/commands';
import { metadata } from './scenarios';

export interface LoadFigures {
  readonly events: number;
  readonly withoutSnapshotMs: number;
  readonly withSnapshotMs: number;
  readonly tailEvents: number;
}

const CHUNK = 2_500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Builds an inventory stream of `targetEvents` events the way an on-sale writes it (holds, then
 * each hold sold or released), with snapshots every 1,000 events, then times loading it.
 */
export async function runLoad(store: EventStore, snapshotStore: SnapshotStore, targetEvents: number, progress: (done: number) => void): Promise<LoadFigures> {
  const eventId = randomUUID();
  const stream = inventoryStreamName(eventId);
  const gate = new InventoryGates(store, { snapshotStore, snapshotEvery: 1_000 }).forEvent(eventId);
  const opened = new Date();
  await gate.submit({
    type: 'OpenInventory',
    data: {
      eventId, currency: 'EUR', perOrderLimit: 10, holdMinutes: 10, seats: [], now: opened.toISOString(),
      ticketTypes: [{ ticketTypeId: 'ga', name: 'General admission', price: 3_000, capacity: targetEvents }],
    },
  }, metadata('organizer:bench'));

  let written = 1;
  let n = 0;
  while (written < targetEvents) {
    const size = Math.min(CHUNK, Math.floor((targetEvents - written) / 2));
    if (size <= 0) break;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 600_000).toISOString();
    const holds = Array.from({ length: size }, () => randomUUID());
    await Promise.all(holds.map((holdId) => gate.submit({
      type: 'HoldTickets',
      data: { holdId, items: [{ ticketTypeId: 'ga', quantity: 1 + (n++ % 3) }], buyer: { email: `b${n}@example.com`, name: `Buyer ${n}` }, now: now.toISOString(), expiresAt },
    }, metadata('buyer:bench'))));
    await Promise.all(holds.map((holdId, i) => gate.submit(i % 5 < 3
      ? { type: 'SellHold', data: { holdId, orderId: randomUUID(), now: now.toISOString() } }
      : { type: 'ReleaseHold', data: { holdId, reason: 'cancelled', now: now.toISOString() } }, metadata('system:bench'))));
    written += 2 * size;
    progress(written);
  }
  await gate.idle();
  await new Promise((r) => setTimeout(r, 1_000)); // the last snapshot waits for a quiet moment, then saves in the background

  const withoutSnapshot: number[] = [];
  const withSnapshot: number[] = [];
  let tailEvents = 0;
  let plain;
  let snapshotted;
  for (let run = 0; run < 3; run++) {
    let t0 = performance.now();
    plain = await loadAggregate(store, inventoryDecider, stream);
    withoutSnapshot.push(performance.now() - t0);
    t0 = performance.now();
    snapshotted = await loadAggregate(store, inventoryDecider, stream, { store: snapshotStore, codec: inventorySnapshotCodec });
    withSnapshot.push(performance.now() - t0);
    tailEvents = snapshotted.eventsFolded;
  }
  if (!plain || !snapshotted || !snapshotted.fromSnapshot) throw new Error('no snapshot was used');
  // Deep equality, not JSON text: jsonb stores object keys in its own order.
  if (!isDeepStrictEqual(plain.state, snapshotted.state)) {
    throw new Error('state from snapshot + tail differs from state folded from events alone');
  }
  return { events: Number(plain.revision) + 1, withoutSnapshotMs: median(withoutSnapshot), withSnapshotMs: median(withSnapshot), tailEvents };
}
