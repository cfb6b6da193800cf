import type { Position } from '../event-source';
import type { ProjectionMigration, Queryable } from '../projection';

/** Apply before any runner starts (the api's migrator, component `projection-runner`). */
export const projectionRunnerMigrations: readonly ProjectionMigration[] = [
  {
    version: 1,
    name: 'projection checkpoints',
    sql: `
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        projection text PRIMARY KEY,
        commit_position numeric(20) NOT NULL,
        prepare_position numeric(20) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'the event log the checkpoints belong to',
    sql: `
      CREATE TABLE IF NOT EXISTS read_side_origin (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        store_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

export async function loadCheckpoint(db: Queryable, projection: string): Promise<Position | null> {
  const { rows } = await db.query<{ commit_position: string; prepare_position: string }>(
    'SELECT commit_position, prepare_position FROM projection_checkpoints WHERE projection = $1', [projection]);
  const row = rows[0];
  return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : null;
}

/** Called inside the batch's transaction, so the read model and its place in the log commit together. */
export async function saveCheckpoint(db: Queryable, projection: string, position: Position): Promise<void> {
  await db.query(
    `INSERT INTO projection_checkpoints (projection, commit_position, prepare_position) VALUES ($1, $2, $3)
     ON CONFLICT (projection) DO UPDATE SET commit_position = EXCLUDED.commit_position,
       prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
    [projection, position.commit.toString(), position.prepare.toString()]);
}

export async function forgetCheckpoint(db: Queryable, projection: string): Promise<void> {
  await db.query('DELETE FROM projection_checkpoints WHERE projection = $1', [projection]);
}
