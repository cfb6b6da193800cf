import { EsdbEventStore, EventStore, PostgresEventStore, Position } from '@marquee/commands';

/** What the API needs of its event store beyond the port: read-your-writes waits for the newest commit. */
export type MarqueeEventStore = EventStore & { lastCommittedPosition(): Promise<Position | null> };

export type EventStoreKind = 'esdb' | 'postgres';

/** esdb:// and esdb+discover://, and KurrentDB's names for them (kurrent://, kurrentdb://, kurrentdb+discover://). */
const ESDB_URL = /^(esdb|kurrent|kurrentdb)(\+discover)?:\/\//i;

export function eventStoreKind(eventStoreUrl: string | undefined): EventStoreKind {
  return eventStoreUrl !== undefined && ESDB_URL.test(eventStoreUrl) ? 'esdb' : 'postgres';
}

/**
 * The event store EVENT_STORE_URL names: an EventStoreDB / KurrentDB cluster for the esdb schemes,
 * another Postgres for postgres:// URLs, or, when unset, the events table in the read models' own
 * Postgres (DATABASE_URL or the embedded one), the default.
 */
export async function openEventStore(eventStoreUrl: string | undefined, databaseUrl: string): Promise<MarqueeEventStore> {
  if (eventStoreUrl !== undefined && eventStoreKind(eventStoreUrl) === 'esdb') return new EsdbEventStore({ connectionString: eventStoreUrl });
  return PostgresEventStore.connect({ connectionString: eventStoreUrl ?? databaseUrl });
}
