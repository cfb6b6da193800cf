import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { TicketTypeAvailability } from '@marquee/domain';
import type { RecordedEvent } from './event-source';

/** Same shape as the commands' Migration: the api applies these with its migrator. */
export interface ProjectionMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export type NotificationKind = 'event' | 'availability' | 'seats' | 'reservation' | 'order';

/**
 * Which live view changed, so the api can push that view's current state to its room once the
 * batch has committed: `event` (an event's catalogue entry), `availability` and `seats` (an
 * event's stock), `reservation` (a hold, by holdId), `order` (an order and its tickets, by orderId).
 */
export interface Notification {
  readonly kind: NotificationKind;
  readonly eventId: string;
  readonly holdId?: string;
  readonly orderId?: string;
  /**
   * `availability`: every ticket type's stock as this batch committed it, so the push needs no read
   * (an on-sale commits a batch every few milliseconds).
   */
  readonly ticketTypes?: readonly TicketTypeAvailability[];
}

/**
 * One read model (or a few folded from the same streams). `apply` runs inside the runner's
 * transaction and must be idempotent: applying events it has already applied changes nothing
 * and reports no notification for them.
 */
export interface Projection {
  readonly name: string;
  readonly streamPrefixes: readonly string[];
  readonly migrations: readonly ProjectionMigration[];
  /** Its read-model tables: emptied by a rebuild, compared by tests. */
  readonly tables: readonly string[];
  apply(client: PoolClient, events: readonly RecordedEvent[]): Promise<Notification[]>;
}

/** A pool or a client: queries run on either. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}
