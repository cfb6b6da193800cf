import type { Queryable } from '../projection';

/** The read models' checkpoints were taken in another event log than the one Marquee now reads. */
export class ReadModelsFromAnotherLog extends Error {
  constructor(readonly recordedStoreId: string, readonly currentStoreId: string) {
    super(
      `The read models in this database were built from another event log (store ${recordedStoreId}); `
      + `the event store now is ${currentStoreId}, where their positions mean nothing. Rebuild them from the new log with `
      + '`npm run projections -- rebuild all` (same DATABASE_URL and EVENT_STORE_URL), or start on an empty database.',
    );
    this.name = 'ReadModelsFromAnotherLog';
  }
}

/**
 * Every checkpoint is a position in one event log; after a move to another store (`migrate-store`)
 * the same events sit at other positions. Before any runner resumes, the read side compares the
 * store's identity (see the commands' `storeIdentity`) with the one its checkpoints were taken in:
 * read models that have none yet, or no checkpoint at all, adopt the current store.
 */
export async function checkReadSideOrigin(db: Queryable, storeId: string): Promise<void> {
  const { rows } = await db.query<{ store_id: string }>('SELECT store_id FROM read_side_origin');
  const recorded = rows[0]?.store_id;
  if (recorded === storeId) return;
  if (recorded !== undefined) {
    const { rows: checkpoints } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM projection_checkpoints');
    if ((checkpoints[0]?.n ?? 0) > 0) throw new ReadModelsFromAnotherLog(recorded, storeId);
  }
  await recordReadSideOrigin(db, storeId);
}

/** After every projection was rebuilt from the current store. */
export async function recordReadSideOrigin(db: Queryable, storeId: string): Promise<void> {
  await db.query(
    `INSERT INTO read_side_origin (singleton, store_id) VALUES (true, $1)
     ON CONFLICT (singleton) DO UPDATE SET store_id = EXCLUDED.store_id, recorded_at = now()`, [storeId]);
}
