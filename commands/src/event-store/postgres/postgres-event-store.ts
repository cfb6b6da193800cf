import { Client, Pool, PoolConfig, QueryResult, QueryResultRow } from 'pg';
import { resilientPool } from '../../postgres/resilient-pool';
import {
  AppendResult, assertAppendable, comparePositions, EventStore, EventToAppend, ExpectedRevision, NO_STREAM, Position, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, StreamNotFoundError, SubscribeToAllOptions, Subscription, WrongExpectedRevisionError,
} from '../event-store';
import { catchUpSubscription } from '../catch-up-subscription';
import { SharedTail } from '../shared-tail';
import { postgresUnavailable } from './postgres-unavailable';
import { Wakeup } from '../wakeup';
import { migrate } from '../../postgres/migrator';
import { eventStoreMigrations } from './event-store-migrations';

interface EventRow {
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  commit_position: string;
  global_position: string;
  created_at: Date;
}

const EVENT_COLUMNS = `stream_id, revision, event_id, type, data, metadata,
  transaction_id::text AS commit_position, global_position, created_at`;

/** Only rows of transactions older than every running one: nothing can commit before them any more. */
const VISIBLE = `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    id: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.global_position) },
    created: row.created_at,
  };
}

function limit(maxCount: number | undefined): string {
  if (maxCount === undefined) return 'ALL';
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be a whole number, got ${maxCount}`);
  return String(maxCount);
}

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  readonly pool?: Omit<PoolConfig, 'connectionString'>;
  /** How often an idle subscription looks again when no NOTIFY woke it. */
  readonly idlePollMs?: number;
}

/** The default event store: one Postgres, the xid8 design of ARCHITECTURE.md. */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  private readonly wakeup = new Wakeup();
  /** Every subscription of this store reads new events through it: one database read per page, not one each. */
  private readonly tail = new SharedTail((after, maxCount) => this.readAfter(after, maxCount));
  private listener: Client | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  /** The newest position this store appended, and a read horizon (an xid) known to be past it. */
  private ownNewest: Position | null = null;
  private horizonSeen = 0n;

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.pool = resilientPool({ connectionString: options.connectionString, max: 20, ...options.pool });
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    await migrate(store.pool, 'event-store', eventStoreMigrations);
    return store;
  }

  async appendToStream(streamName: string, events: readonly EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    assertAppendable(streamName, events);
    const expected = options.expectedRevision ?? 'any';
    const payload = JSON.stringify(events.map((e) => ({ id: e.id, type: e.type, data: e.data ?? null, metadata: e.metadata ?? {} })));
    type AppendRow = { outcome: string; revision: string; commit_position: string | null; prepare_position: string | null };
    let row: AppendRow | undefined;
    try {
      const result = await this.query<AppendRow>('SELECT * FROM es_append($1, $2, $3::jsonb)', [streamName, String(expected), payload]);
      row = result.rows[0];
    } catch (error) {
      // Some, not all, of the ids are already in the stream: EventStoreDB calls that a conflict too.
      if ((error as { code?: string }).code === '23505') throw new WrongExpectedRevisionError(streamName, expected, await this.currentRevision(streamName));
      throw error;
    }
    if (!row) throw new Error('es_append returned nothing');
    const revision = BigInt(row.revision);
    if (row.outcome === 'wrong_expected_revision') {
      throw new WrongExpectedRevisionError(streamName, expected, revision < 0n ? NO_STREAM : revision);
    }
    const position = row.commit_position === null || row.prepare_position === null
      ? { commit: 0n, prepare: 0n }
      : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
    if (row.commit_position !== null && (!this.ownNewest || comparePositions(position, this.ownNewest) > 0)) this.ownNewest = position;
    return { nextExpectedRevision: revision, position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromRevision ?? (forwards ? 'start' : 'end');
    const params: unknown[] = [streamName];
    let condition = '';
    if (from === 'end' && forwards) return this.ensureStreamExists(streamName, []);
    if (typeof from === 'bigint') {
      params.push(from.toString());
      condition = forwards ? 'AND revision >= $2' : 'AND revision <= $2';
    } else if (from === 'start' && !forwards) {
      condition = 'AND revision <= 0';
    }
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 ${condition}
       ORDER BY revision ${forwards ? 'ASC' : 'DESC'} LIMIT ${limit(options.maxCount)}`,
      params,
    );
    return this.ensureStreamExists(streamName, rows.map(toRecorded));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    await this.untilOwnAppendsReadable();
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromPosition ?? (forwards ? 'start' : 'end');
    if ((from === 'end' && forwards) || (from === 'start' && !forwards)) return [];
    const params: unknown[] = [];
    let condition = '';
    if (typeof from === 'object') {
      params.push(from.commit.toString(), from.prepare.toString());
      condition = `AND (transaction_id, global_position) ${forwards ? '>=' : '<='} ($1::text::xid8, $2::bigint)`;
    }
    const order = forwards ? 'ASC' : 'DESC';
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${VISIBLE} ${condition}
       ORDER BY transaction_id ${order}, global_position ${order} LIMIT ${limit(options.maxCount)}`,
      params,
    );
    return rows.map(toRecorded);
  }

  /**
   * The newest committed event's position, counting commits that reads of all events do not show
   * yet because an older transaction is still open. Read-your-writes waits for this: a write the
   * caller has seen committed is at or before it.
   */
  async lastCommittedPosition(): Promise<Position | null> {
    const { rows } = await this.query<{ commit: string; prepare: string }>(
      'SELECT transaction_id::text AS commit, global_position::text AS prepare FROM es_events ORDER BY transaction_id DESC, global_position DESC LIMIT 1');
    const row = rows[0];
    return row ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : null;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.listen();
    const from = options.fromPosition ?? 'start';
    // "end" means the end at the moment of subscribing, as on EventStoreDB. Commits above the read
    // horizon may already be in by then: the cut is a snapshot, and what it saw is skipped.
    const start: Promise<{ after: Position | null; seen?: string }> = from === 'start'
      ? Promise.resolve({ after: null })
      : from === 'end'
        ? this.endCut()
        : Promise.resolve({ after: from });
    start.catch(() => undefined);
    return catchUpSubscription(
      {
        wakeup: this.wakeup,
        readAfter: async (after, maxCount) => {
          const cut = await start;
          // A subscription from the end skips what its snapshot saw: it cannot share the tail.
          return cut.seen === undefined ? this.tail.readAfter(after ?? cut.after, maxCount) : this.readAfter(after ?? cut.after, maxCount, cut.seen);
        },
      },
      { from: null, ...(options.filter ? { filter: options.filter } : {}), idlePollMs: this.options.idlePollMs ?? 100 },
    );
  }

  /** The newest event below the read horizon, and the snapshot that decided which commits came before. */
  private async endCut(): Promise<{ after: Position | null; seen: string }> {
    const { rows } = await this.query<{ seen: string; commit: string | null; prepare: string | null }>(
      `SELECT pg_current_snapshot()::text AS seen, e.transaction_id::text AS commit, e.global_position::text AS prepare
       FROM (SELECT 1) one LEFT JOIN LATERAL (
         SELECT transaction_id, global_position FROM es_events WHERE ${VISIBLE}
         ORDER BY transaction_id DESC, global_position DESC LIMIT 1) e ON true`);
    const row = rows[0];
    if (!row) throw new Error('no snapshot');
    return { after: row.commit && row.prepare ? { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } : null, seen: row.seen };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeup.wakeAll();
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Reads of all events stop at the read horizon, which a transaction still open anywhere on the
   * cluster holds back. So that a caller reads what it has just appended through this store (as
   * on EventStoreDB), a read of all events first waits, briefly, until the horizon has passed this
   * store's newest append. After 5 s it answers what is readable instead of waiting longer.
   */
  private async untilOwnAppendsReadable(): Promise<void> {
    const newest = this.ownNewest;
    if (!newest || newest.commit < this.horizonSeen) return;
    const deadline = performance.now() + 5_000;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const { rows } = await this.query<{ horizon: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
      const horizon = BigInt(rows[0]?.horizon ?? '0');
      if (horizon > this.horizonSeen) this.horizonSeen = horizon;
      if (newest.commit < horizon || performance.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** Every query of the store: a Postgres that cannot answer is the port's EventStoreUnavailableError. */
  private async query<Row extends QueryResultRow>(text: string, params?: unknown[]): Promise<QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(text, params);
    } catch (error) {
      throw postgresUnavailable(error);
    }
  }

  /** Events after a position; `seen`: skip transactions that snapshot already saw committed. */
  private async readAfter(after: Position | null, maxCount: number, seen?: string): Promise<RecordedEvent[]> {
    const params: unknown[] = [];
    let condition = '';
    if (after) {
      params.push(after.commit.toString(), after.prepare.toString());
      condition = 'AND (transaction_id, global_position) > ($1::text::xid8, $2::bigint)';
    }
    if (seen) {
      params.push(seen);
      condition += ` AND NOT pg_visible_in_snapshot(transaction_id, $${params.length}::pg_snapshot)`;
    }
    const { rows } = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${VISIBLE} ${condition}
       ORDER BY transaction_id, global_position LIMIT ${limit(maxCount)}`,
      params,
    );
    return rows.map(toRecorded);
  }

  private async currentRevision(streamName: string): Promise<bigint | typeof NO_STREAM> {
    const { rows } = await this.query<{ revision: string }>('SELECT revision FROM es_streams WHERE stream_id = $1', [streamName]);
    const revision = rows[0] ? BigInt(rows[0].revision) : -1n;
    return revision < 0n ? NO_STREAM : revision;
  }

  private async ensureStreamExists(streamName: string, events: RecordedEvent[]): Promise<RecordedEvent[]> {
    if (events.length > 0) return events;
    if ((await this.currentRevision(streamName)) === NO_STREAM) throw new StreamNotFoundError(streamName);
    return events;
  }

  /** One LISTEN connection per store wakes every subscription; polling covers its absence. */
  private listen(): void {
    if (this.listening || this.closed) return;
    this.listening = (async () => {
      try {
        const client = new Client({ connectionString: this.options.connectionString });
        client.on('error', () => {
          this.listener = null;
          this.listening = null;
        });
        client.on('notification', () => this.wakeup.wakeAll());
        await client.connect();
        if (this.closed) {
          await client.end();
          return;
        }
        await client.query('LISTEN es_appended');
        this.listener = client;
      } catch {
        this.listening = null;
      }
    })();
  }
}
