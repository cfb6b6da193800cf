import { Pool } from 'pg';

export interface Migration {
  /** Applied in order of version within its component; never edit one that has shipped. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Applies each component's pending migrations in one transaction per migration, under an
 * advisory lock so that several processes starting at once migrate exactly once.
 */
export async function migrate(pool: Pool, component: string, migrations: readonly Migration[]): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('marquee:migrations'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component text NOT NULL, version integer NOT NULL, name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations WHERE component = $1', [component]);
    const applied = new Set(rows.map((r) => r.version));
    const newlyApplied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [component, migration.version, migration.name]);
        await client.query('COMMIT');
        newlyApplied.push(migration.version);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${component}#${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
      }
    }
    return newlyApplied;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('marquee:migrations'))`).catch(() => undefined);
    client.release();
  }
}
