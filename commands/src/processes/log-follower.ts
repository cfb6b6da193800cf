import { Pool, PoolClient } from 'pg';
import { comparePositions, EventStore, Position, RecordedEvent, Subscription, SubscriptionMessage } from '../event-store/event-store';

export interface LogFollowerOptions {
  /** Its row in `process_checkpoints`. */
  readonly name: string;
  readonly streamNamePrefixes: readonly string[];
  /** Runs inside the transaction that also moves the checkpoint; must be idempotent (a batch may be applied again after a crash). */
  readonly apply: (client: PoolClient, events: readonly RecordedEvent[]) => Promise<void>;
  /**
   * Where a follower with no checkpoint begins: `start` (the whole log) or `head` (only what is
   * appended from now on: a process added to a running platform must not act on years of history).
   */
  readonly firstStart: 'start' | 'head';
  /** After each committed batch (outside its transaction). */
  readonly onApplied?: (events: readonly RecordedEvent[]) => void;
  readonly onError?: (error: unknown) => void;
  readonly maxBatch?: number;
}

const IDLE_MS = 5;
const IDLE = Symbol('idle');
const idleFor = (ms: number) => new Promise<typeof IDLE>((resolve) => setTimeout(() => resolve(IDLE), ms));

/**
 * A process manager's view of the log: a catch-up subscription whose effects and checkpoint commit
 * in one transaction, resubscribed from the checkpoint (with backoff) when the subscription fails.
 * Several processes may follow at once: the checkpoint only ever moves forward, and `apply` is
 * idempotent, so the slower one repeats work without undoing any.
 */
export class LogFollower {
  private subscription: Subscription | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPosition: Position | null = null;

  constructor(private readonly store: EventStore, private readonly pool: Pool, private readonly options: LogFollowerOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    const from = await this.startingPosition();
    this.lastPosition = from;
    this.running = this.follow(from);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
    await this.running?.catch(() => undefined);
    this.subscription = null;
    this.running = null;
  }

  /** The last position whose effects have committed. */
  get position(): Position | null {
    return this.lastPosition;
  }

  private async follow(from: Position | null): Promise<void> {
    let backoffMs = 100;
    let position = from;
    while (!this.stopped) {
      this.subscription = this.store.subscribeToAll({ fromPosition: position ?? 'start', filter: { streamNamePrefixes: this.options.streamNamePrefixes } });
      try {
        await this.consume(this.subscription);
        if (this.stopped) return;
      } catch (error) {
        if (this.stopped) return;
        this.options.onError?.(error);
      }
      await this.subscription.unsubscribe().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 10_000);
      position = (await this.loadCheckpoint().catch(() => null)) ?? position;
    }
  }

  /** Writes a batch when it is full, or as soon as the subscription has nothing more waiting. */
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
      if (events.length > 0) await this.options.apply(client, events);
      await this.saveCheckpoint(client, checkpoint);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (!this.lastPosition || comparePositions(checkpoint, this.lastPosition) > 0) this.lastPosition = checkpoint;
    if (events.length > 0) this.options.onApplied?.(events);
  }

  /** The stored checkpoint; on a first start at the head, that head is stored first, so a crash before the first batch loses nothing. */
  private async startingPosition(): Promise<Position | null> {
    const stored = await this.loadCheckpoint();
    if (stored || this.options.firstStart === 'start') return stored;
    const [newest] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    if (!newest) return null;
    await this.saveCheckpoint(this.pool, newest.position, 'first');
    return this.loadCheckpoint();
  }

  private async saveCheckpoint(db: Pool | PoolClient, position: Position, mode: 'forward' | 'first' = 'forward'): Promise<void> {
    await db.query(
      `INSERT INTO process_checkpoints AS c (process, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (process) DO ${mode === 'first' ? 'NOTHING' : `UPDATE SET commit_position = EXCLUDED.commit_position,
         prepare_position = EXCLUDED.prepare_position, updated_at = now()
         WHERE (c.commit_position, c.prepare_position) < (EXCLUDED.commit_position, EXCLUDED.prepare_position)`}`,
      [this.options.name, position.commit.toString(), position.prepare.toString()]);
  }

  private async loadCheckpoint(): Promise<Position | null> {
    const { rows } = await this.pool.query<{ commit_position: string; prepare_position: string }>(
      'SELECT commit_position, prepare_position FROM process_checkpoints WHERE process = $1', [this.options.name]);
    const row = rows[0];
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : null;
  }
}
