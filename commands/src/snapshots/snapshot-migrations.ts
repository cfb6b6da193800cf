import type { Migration } from '../postgres/migrator';

/**
 * The snapshot table for a Postgres that does not hold the events (when they live in EventStoreDB).
 * The Postgres event store creates the same table beside its streams (its migration 2); this one
 * leaves it alone there.
 */
export const snapshotMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'snapshots',
    sql: `
      CREATE TABLE IF NOT EXISTS es_snapshots (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL,
        schema_version integer NOT NULL,
        state jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
