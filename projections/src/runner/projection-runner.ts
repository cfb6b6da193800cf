import type { Pool } from 'pg';
import type { Position, ProjectionEventSource, RecordedEvent } from '../event-source';
import { comparePositions } from '../event-source';
import type { Notification, Projection } from '../projection';
import type { Batch } from './batch-messages';
import { MessageBatcher } from './batch-messages';
import { loadCheckpoint, saveCheckpoint } from './checkpoints';
import type { ProjectionLogger } from './logger';
import { silentLogger } from './logger';
import type { ProjectionLag } from './projection-lag';
import { lagBehindHead } from './projection-lag';
import { ProjectionLock } from './projection-lock';
import { distinctNotifications } from './notifications';
import type { RebuildProgress, RebuildResult } from './rebuild';
import { rebuildProjection, replayFromStart } from './rebuild';
import { delay, Trigger } from './trigger';

export interface CommittedBatch {
  readonly projection: string;
  readonly position: Position;
  /** Distinct within the batch. */
  readonly notifications: readonly Notification[];
}

export interface ProjectionRunnerOptions {
  readonly pool: Pool;
  readonly source: ProjectionEventSource;
  readonly projection: Projection;
  /** Called after each batch has committed, never before; a throw is logged and ignored. */
  readonly onCommitted?: (batch: CommittedBatch) => void;
  /** Most events per transaction (default 500). */
  readonly batchSize?: number;
  /** How often a standby tries to take the projection's lock (default 1000 ms). */
  readonly standbyRetryMs?: number;
  /** First wait before re-subscribing after a failure, doubling up to maxRetryMs (defaults 100 ms, 10 s). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  readonly logger?: ProjectionLogger;
}

export interface ProjectionStatus {
  readonly name: string;
  /** This process holds the projection's lock and is writing it. */
  readonly active: boolean;
  /** The committed checkpoint; null before the first batch. */
  readonly position: Position | null;
  readonly caughtUp: boolean;
  readonly lag: ProjectionLag;
}

interface PositionWaiter {
  readonly position: Position;
  readonly settle: (reached: boolean) => void;
}

interface RebuildRequest {
  readonly onProgress: ((progress: RebuildProgress) => void) | undefined;
  readonly resolve: (result: RebuildResult) => void;
  readonly reject: (error: unknown) => void;
}

const WAITER_POLL_MS = 50;

/**
 * Keeps one projection up to date: a catch-up subscription from its checkpoint, each batch's
 * read-model writes and checkpoint in one transaction, notifications after commit. Any number of
 * processes may run one per projection; the advisory lock makes exactly one of them active and
 * the others stand by to take over when its connection goes.
 */
export class ProjectionRunner {
  private readonly projection: Projection;
  private readonly logger: ProjectionLogger;
  private stopping = new Trigger();
  private running: Promise<void> | null = null;
  private lock: ProjectionLock | null = null;
  /** Fired to end the current subscription: stop, lock lost, or a rebuild to run. */
  private interrupt = new Trigger();
  private committed: Position | null = null;
  private caughtUp = false;
  private readonly waiters = new Set<PositionWaiter>();
  private waiterPoll: ReturnType<typeof setTimeout> | null = null;
  private rebuildRequest: RebuildRequest | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.projection = options.projection;
    this.logger = options.logger ?? silentLogger;
  }

  get name(): string {
    return this.projection.name;
  }

  /** Resolves once the first attempt at the lock has been made: `status().active` then tells which role this runner took. */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = new Trigger();
    const firstAttempt = new Trigger();
    this.running = this.run(firstAttempt);
    await new Promise<void>((resolve) => firstAttempt.on(resolve));
  }

  /** Ends the subscription, lets the batch being written commit, and gives up the lock. */
  async stop(): Promise<void> {
    this.stopping.fire();
    this.interrupt.fire();
    await this.running;
    this.running = null;
  }

  async status(): Promise<ProjectionStatus> {
    const active = this.isActive();
    const position = active ? this.committed : await loadCheckpoint(this.options.pool, this.name);
    const lag = await lagBehindHead(this.options.source, position);
    return { name: this.name, active, position, caughtUp: active ? this.caughtUp : lag.events === 0, lag };
  }

  /**
   * True once the projection has committed `position` or later (read-your-writes for the api),
   * false after `timeoutMs`. Works in a standby too: it then watches the active runner's
   * checkpoint in the database.
   */
  waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    if (this.committed && comparePositions(this.committed, position) >= 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: PositionWaiter = {
        position,
        settle: (reached) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.settle(false), timeoutMs);
      this.waiters.add(waiter);
      this.pollForWaiters();
    });
  }

  /**
   * Rebuilds the projection from the start of the log. When this runner is active it pauses
   * between batches, rebuilds on its own lock and carries on from the rebuilt checkpoint;
   * otherwise it rebuilds under the lock like rebuildProjection (waiting for it if need be).
   */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildResult> {
    if (!this.isActive()) {
      return rebuildProjection({
        pool: this.options.pool, source: this.options.source, projection: this.projection, ...(onProgress && { onProgress }),
      });
    }
    return new Promise<RebuildResult>((resolve, reject) => {
      this.rebuildRequest = { onProgress, resolve, reject };
      this.interrupt.fire();
    });
  }

  private isActive(): boolean {
    return this.lock !== null && !this.lock.isLost;
  }

  private async run(firstAttempt: Trigger): Promise<void> {
    const standbyRetryMs = this.options.standbyRetryMs ?? 1_000;
    while (!this.stopping.fired) {
      const lock = await this.tryLock();
      firstAttempt.fire();
      if (!lock) {
        await delay(standbyRetryMs, this.stopping);
        continue;
      }
      this.logger.info({ projection: this.name }, 'projection runner is active');
      this.lock = lock;
      const stopListening = lock.lost.on(() => this.interrupt.fire());
      try {
        await this.serve(lock);
      } finally {
        stopListening();
        this.lock = null;
        this.caughtUp = false;
        await lock.release();
      }
      this.failPendingRebuild(new Error(`projection runner ${this.name} ${this.stopping.fired ? 'stopped' : 'lost its lock'} before it could rebuild`));
      if (!this.stopping.fired) {
        this.logger.warn({ projection: this.name }, 'projection lock lost; standing by');
        // A connection that was just killed says little good about this process: let a healthy standby go first.
        await delay(2 * standbyRetryMs, this.stopping);
      }
    }
  }

  private async tryLock(): Promise<ProjectionLock | null> {
    try {
      return await ProjectionLock.tryAcquire(this.options.pool, this.name);
    } catch (error) {
      this.logger.error({ projection: this.name, err: error }, 'could not try the projection lock');
      return null;
    }
  }

  /** While the lock is held: follow the log, re-subscribing from the stored checkpoint after any failure. */
  private async serve(lock: ProjectionLock): Promise<void> {
    const retryMs = this.options.retryMs ?? 100;
    const maxRetryMs = this.options.maxRetryMs ?? 10_000;
    let failures = 0;
    while (!this.stopping.fired && !lock.isLost) {
      this.interrupt = new Trigger();
      if (this.rebuildRequest) {
        await this.rebuildHere(lock);
        continue;
      }
      let progressed = false;
      try {
        const end = await this.follow(lock, () => (progressed = true));
        if (end === 'interrupted') continue;
        this.logger.warn({ projection: this.name }, 'subscription ended unexpectedly; re-subscribing');
      } catch (error) {
        if (this.stopping.fired || lock.isLost) break;
        this.logger.error({ projection: this.name, err: error }, 'projection batch or subscription failed; re-subscribing');
      }
      failures = progressed ? 1 : failures + 1;
      await delay(Math.min(maxRetryMs, retryMs * 2 ** (failures - 1)), this.interrupt);
    }
  }

  private async follow(lock: ProjectionLock, onCommit: () => void): Promise<'interrupted' | 'ended'> {
    const interrupt = this.interrupt;
    this.caughtUp = false;
    this.committed = await loadCheckpoint(lock.client, this.name);
    if (interrupt.fired) return 'interrupted';
    const subscription = this.options.source.subscribeToAll({
      fromPosition: this.committed ?? 'start',
      filter: { streamNamePrefixes: [...this.projection.streamPrefixes] },
    });
    try {
      const batcher = new MessageBatcher(subscription[Symbol.asyncIterator](), interrupt, this.options.batchSize ?? 500, this.committed);
      for (;;) {
        const outcome = await batcher.next();
        if ('end' in outcome) return outcome.end;
        await this.commit(lock, outcome);
        onCommit();
      }
    } finally {
      await subscription.unsubscribe().catch((error: unknown) => this.logger.warn({ projection: this.name, err: error }, 'unsubscribe failed'));
    }
  }

  private async commit(lock: ProjectionLock, batch: Batch): Promise<void> {
    const upTo = batch.upTo;
    if (upTo && (!this.committed || comparePositions(upTo, this.committed) > 0)) {
      const notifications = await this.writeInOneTransaction(lock, batch.events, upTo);
      this.committed = upTo;
      this.settleWaiters();
      this.announce({ projection: this.name, position: upTo, notifications });
    }
    if (batch.caughtUp) this.caughtUp = true;
  }

  private async writeInOneTransaction(lock: ProjectionLock, events: readonly RecordedEvent[], upTo: Position): Promise<Notification[]> {
    const client = lock.client;
    await client.query('BEGIN');
    try {
      const notifications = events.length > 0 ? await this.projection.apply(client, events) : [];
      await saveCheckpoint(client, this.name, upTo);
      await client.query('COMMIT');
      return distinctNotifications(notifications);
    } catch (error) {
      // A connection that cannot even roll back is gone, and the lock with it.
      await client.query('ROLLBACK').catch(() => lock.lost.fire());
      throw error;
    }
  }

  private announce(batch: CommittedBatch): void {
    try {
      this.options.onCommitted?.(batch);
    } catch (error) {
      this.logger.error({ projection: this.name, err: error }, 'onCommitted threw');
    }
  }

  private async rebuildHere(lock: ProjectionLock): Promise<void> {
    const request = this.rebuildRequest;
    this.rebuildRequest = null;
    if (!request) return;
    this.logger.info({ projection: this.name }, 'rebuilding projection');
    try {
      const result = await replayFromStart(lock.client, {
        source: this.options.source, projection: this.projection, ...(request.onProgress && { onProgress: request.onProgress }),
      });
      this.committed = result.position;
      this.settleWaiters();
      request.resolve(result);
    } catch (error) {
      request.reject(error);
    }
  }

  private failPendingRebuild(error: Error): void {
    this.rebuildRequest?.reject(error);
    this.rebuildRequest = null;
  }

  private settleWaiters(): void {
    const committed = this.committed;
    if (!committed) return;
    for (const waiter of [...this.waiters]) {
      if (comparePositions(committed, waiter.position) >= 0) waiter.settle(true);
    }
  }

  /** A standby learns of progress only from the database, so it looks while anyone is waiting. */
  private pollForWaiters(): void {
    if (this.waiterPoll || this.waiters.size === 0) return;
    this.waiterPoll = setTimeout(async () => {
      try {
        if (!this.isActive()) {
          const stored = await loadCheckpoint(this.options.pool, this.name);
          if (stored && (!this.committed || comparePositions(stored, this.committed) > 0)) this.committed = stored;
          this.settleWaiters();
        }
      } catch (error) {
        this.logger.warn({ projection: this.name, err: error }, 'could not read the checkpoint for a waiting reader');
      } finally {
        this.waiterPoll = null;
        this.pollForWaiters();
      }
    }, WAITER_POLL_MS);
  }
}
