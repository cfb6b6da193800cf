import { randomUUID } from 'node:crypto';
import { EventStore, NO_STREAM, StreamNotFoundError, WrongExpectedRevisionError } from './event-store';

/** A stream of its own, outside every prefix Marquee's projections follow. */
export const STORE_IDENTITY_STREAM = 'store-identity';

/**
 * A random id the event log carries from its first use: what the read side's checkpoints were
 * taken in. Positions mean nothing in another log (Postgres transaction ids against EventStoreDB
 * byte offsets), so the read side compares this id before resuming (see `readSideOrigin`).
 * `migrate-store` does not copy this stream: a copied log is another log, with other positions.
 */
export async function storeIdentity(store: EventStore): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const [first] = await store.readStream(STORE_IDENTITY_STREAM, { maxCount: 1 });
      const id = (first?.data as { storeId?: unknown } | undefined)?.storeId;
      if (typeof id === 'string') return id;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    try {
      const storeId = randomUUID();
      await store.appendToStream(STORE_IDENTITY_STREAM, [{ id: randomUUID(), type: 'StoreIdentified', data: { storeId }, metadata: { actor: 'system:marquee' } }], { expectedRevision: NO_STREAM });
      return storeId;
    } catch (error) {
      // Another process named the store first: read its id.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
  throw new Error(`the ${STORE_IDENTITY_STREAM} stream exists but holds no store id`);
}
