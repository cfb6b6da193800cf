import { Pool } from 'pg';
import { Snapshot, SnapshotStore } from './snapshot-store';

/** Snapshots in the `es_snapshots` table beside the event store (created by its migrations). */
export class PostgresSnapshotStore implements SnapshotStore {
  constructor(private readonly pool: Pool) {}

  async load(streamName: string): Promise<Snapshot | null> {
    const { rows } = await this.pool.query<{ revision: string; schema_version: number; state: unknown }>(
      'SELECT revision, schema_version, state FROM es_snapshots WHERE stream_id = $1', [streamName]);
    const row = rows[0];
    return row ? { revision: BigInt(row.revision), schemaVersion: row.schema_version, state: row.state } : null;
  }

  /** Never replaces a newer snapshot with an older one (two processes may both take one). */
  async save(streamName: string, snapshot: Snapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_snapshots (stream_id, revision, schema_version, state) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, schema_version = EXCLUDED.schema_version,
         state = EXCLUDED.state, taken_at = now()
       WHERE es_snapshots.revision < EXCLUDED.revision OR es_snapshots.schema_version <> EXCLUDED.schema_version`,
      [streamName, snapshot.revision.toString(), snapshot.schemaVersion, JSON.stringify(snapshot.state)]);
  }
}
