import { Pool, PoolClient } from 'pg';
import { EventStore, Position, RecordedEvent, Subscription, SubscriptionMessage } from '../event-store/event-store';

const PROCESS = 'hold-expiry';
/** How long the subscription may stay quiet before what it delivered is written. */
const IDLE_MS = 5;
const IDLE = Symbol('idle');
const idleFor = (ms: number) => new Promise<typeof IDLE>((resolve) => setTimeout(() => resolve(IDLE), ms));

/**
 * Keeps `hold_expiries` in step with the inventory streams: a row per active hold, removed when
 * the hold is released or sold. Rows and the checkpoint commit together; replaying after a
 * crash re-applies idempotent inserts and deletes, so no hold is missed and none doubled.
 */
export class HoldExpirySchedule {
  private subscription: Subscription | null = null;
  private running: Promise<void> | null = null;
  private lastPosition: Position | null = null;

  constructor(private readonly store: EventStore, private readonly pool: Pool, private readonly options: { maxBatch?: number } = {}) {}

  async start(): Promise<void> {
    const from = await this.loadCheckpoint();
    this.subscription = this.store.subscribeToAll({ fromPosition: from ?? 'start', filter: { streamNamePrefixes: ['inventory-'] } });
    this.running = this.consume(this.subscription);
    this.running.catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.subscription?.unsubscribe();
    await this.running?.catch(() => undefined);
    this.subscription = null;
    this.running = null;
  }

  /** Where this schedule has got to: tests and readiness checks wait on it. */
  get position(): Position | null {
    return this.lastPosition;
  }

  /**
   * Writes a batch when it is full, or as soon as the subscription has nothing more waiting: live
   * holds must reach the schedule at once, not when the next burst happens to arrive.
   */
  private async consume(subscription: Subscription): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    const messages = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    let checkpoint: Position | null = null;
    let next = messages.next();
    for (;;) {
      const pulled: IteratorResult<SubscriptionMessage> | typeof IDLE = checkpoint ? await Promise.race([next, idleFor(IDLE_MS)]) : await next;
      if (pulled === IDLE || pulled.done) {
        if (checkpoint) await this.apply(batch, checkpoint);
        batch = [];
        checkpoint = null;
        if (pulled === IDLE) continue;
        return;
      }
      next = messages.next();
      const message: SubscriptionMessage = pulled.value;
      if (message.kind === 'event') {
        batch.push(message.event);
        checkpoint = message.event.position;
      } else if (message.kind === 'checkpoint') {
        checkpoint = message.position;
      }
      if (batch.length >= maxBatch && checkpoint) {
        await this.apply(batch, checkpoint);
        batch = [];
        checkpoint = null;
      }
    }
  }

  private async apply(events: RecordedEvent[], checkpoint: Position): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await this.applyEvents(client, events);
      await client.query(
        `INSERT INTO process_checkpoints (process, commit_position, prepare_position) VALUES ($1, $2, $3)
         ON CONFLICT (process) DO UPDATE SET commit_position = EXCLUDED.commit_position,
           prepare_position = EXCLUDED.prepare_position, updated_at = now()`,
        [PROCESS, checkpoint.commit.toString(), checkpoint.prepare.toString()]);
      await client.query('COMMIT');
      this.lastPosition = checkpoint;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * A hold id is held once and ended at most once, in that order, so inserting the batch's new
   * holds before deleting its ended ones gives the same rows as applying them one by one.
   */
  private async applyEvents(client: PoolClient, events: RecordedEvent[]): Promise<void> {
    const held: { stream: string[]; hold: string[]; expires: string[] } = { stream: [], hold: [], expires: [] };
    const ended: { stream: string[]; hold: string[] } = { stream: [], hold: [] };
    for (const event of events) {
      const data = event.data as { holdId?: string; expiresAt?: string };
      if (!data.holdId) continue;
      if (event.type === 'TicketsHeld' && data.expiresAt) {
        held.stream.push(event.streamId);
        held.hold.push(data.holdId);
        held.expires.push(data.expiresAt);
      } else if (event.type === 'HoldReleased' || event.type === 'HoldSold') {
        ended.stream.push(event.streamId);
        ended.hold.push(data.holdId);
      }
    }
    if (held.hold.length > 0) {
      await client.query(
        `INSERT INTO hold_expiries (stream_id, hold_id, expires_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
        [held.stream, held.hold, held.expires]);
    }
    if (ended.hold.length > 0) {
      await client.query(
        `DELETE FROM hold_expiries h USING unnest($1::text[], $2::text[]) AS e(stream_id, hold_id)
         WHERE h.stream_id = e.stream_id AND h.hold_id = e.hold_id`,
        [ended.stream, ended.hold]);
    }
  }

  private async loadCheckpoint(): Promise<Position | null> {
    const { rows } = await this.pool.query<{ commit_position: string; prepare_position: string }>(
      'SELECT commit_position, prepare_position FROM process_checkpoints WHERE process = $1', [PROCESS]);
    const row = rows[0];
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : null;
  }
}
