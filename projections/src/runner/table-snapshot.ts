import type { Queryable } from '../projection';

export type TableRows = Record<string, unknown>[];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Every row of each table, ordered by its primary key: two snapshots are equal when the tables are. */
export async function tableSnapshot(db: Queryable, tables: readonly string[]): Promise<Record<string, TableRows>> {
  const snapshot: Record<string, TableRows> = {};
  for (const table of tables) {
    if (!IDENTIFIER.test(table)) throw new TypeError(`${JSON.stringify(table)} is not a plain table name`);
    const { rows: keys } = await db.query<{ column: string }>(
      `SELECT a.attname AS column FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary
       ORDER BY array_position(i.indkey::int2[], a.attnum)`, [table]);
    const order = keys.length > 0 ? `ORDER BY ${keys.map((key) => `"${key.column}"`).join(', ')}` : '';
    const { rows } = await db.query(`SELECT * FROM ${table} ${order}`);
    snapshot[table] = rows;
  }
  return snapshot;
}
