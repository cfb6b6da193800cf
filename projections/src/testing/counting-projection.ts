import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../event-source';
import type { Notification, Projection, Queryable } from '../projection';

export interface CountingHooks {
  /** Runs after the counts are written, inside the batch's transaction: a place to inject crashes. */
  afterApply?: (client: PoolClient, events: readonly RecordedEvent[]) => Promise<void>;
}

/**
 * Deliberately not idempotent: it adds each batch to a per-stream count, so any batch the runner
 * applied twice, or applied without its checkpoint, shows up as a count above the stream's length.
 */
export function countingProjection(name: string, streamPrefixes: readonly string[], hooks: CountingHooks = {}): Projection {
  const table = `test_${name}_counts`;
  return {
    name,
    streamPrefixes,
    tables: [table],
    migrations: [{ version: 1, name: 'counts', sql: `CREATE TABLE ${table} (stream_id text PRIMARY KEY, events integer NOT NULL)` }],
    async apply(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]> {
      await client.query(
        `INSERT INTO ${table} (stream_id, events) SELECT stream_id, count(*) FROM unnest($1::text[]) AS s(stream_id) GROUP BY stream_id
         ON CONFLICT (stream_id) DO UPDATE SET events = ${table}.events + EXCLUDED.events`,
        [events.map((event) => event.streamId)]);
      await hooks.afterApply?.(client, events);
      return events.map((event) => ({ kind: 'event', eventId: event.streamId }));
    },
  };
}

export async function countsOf(db: Queryable, name: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ stream_id: string; events: number }>(`SELECT stream_id, events FROM test_${name}_counts ORDER BY stream_id`);
  return Object.fromEntries(rows.map((row) => [row.stream_id, row.events]));
}
