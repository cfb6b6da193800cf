import type { Migration } from '../postgres/migrator';

/**
 * The snapshot table. The Postgres event store creates it beside its streams (its migration 2);
 * this migration creates it in a Postgres that does not hold the events (they live in EventStoreDB),
 * and leaves it alone where it exists.
 */
export const CREATE_SNAPSHOT_TABLE = `
      CREATE TABLE IF NOT EXISTS es_snapshots (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL,
        schema_version integer NOT NULL,
        state jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      );
    `;

export const snapshotMigrations: readonly Migration[] = [{ version: 1, name: 'snapshots', sql: CREATE_SNAPSHOT_TABLE }];
