import type { Queryable } from '../projection';

/** A read-model table as the bulk writer sees it: its key and each column's SQL type. */
export interface TableShape<Row> {
  readonly table: string;
  readonly key: readonly (keyof Row & string)[];
  readonly columns: { readonly [Column in keyof Row & string]: string };
}

/**
 * Writes whole rows, inserting or replacing by key, in one statement per table and batch: the
 * projections fold a batch in memory and then write each touched row once.
 */
export async function upsertRows<Row extends object>(db: Queryable, shape: TableShape<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(shape.columns) as (keyof Row & string)[];
  const definition = names.map((name) => `${name} ${shape.columns[name]}`).join(', ');
  const updates = names.filter((name) => !shape.key.includes(name)).map((name) => `${name} = EXCLUDED.${name}`);
  await db.query(
    `INSERT INTO ${shape.table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${definition})
     ON CONFLICT (${shape.key.join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
    [JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))]);
}
