import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, ProjectionMigration } from '../projection';
import { projectionMigrationSets } from '../read-models/all-projections';

export interface ProjectionDatabase {
  readonly pool: Pool;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** A throwaway database with the runner's and the given projections' tables, migrated as the api's migrator would. */
export async function projectionDatabase(label: string, projections: readonly Projection[]): Promise<ProjectionDatabase> {
  const database = await createTestDatabase(label);
  const pool = new Pool({ connectionString: database.url, max: 12 });
  pool.on('error', () => undefined);
  for (const { migrations } of projectionMigrationSets(projections)) await applyMigrations(pool, migrations);
  return {
    pool,
    database,
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

export async function applyMigrations(pool: Pool, migrations: readonly ProjectionMigration[]): Promise<void> {
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) await pool.query(migration.sql);
}

/** What the runner does with a batch, minus the checkpoint: for read-model specs. */
export async function applyBatch(pool: Pool, projection: Projection, events: readonly RecordedEvent[]): Promise<Notification[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const notifications = await projection.apply(client, events);
    await client.query('COMMIT');
    return notifications;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
