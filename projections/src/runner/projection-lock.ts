import type { Pool, PoolClient } from 'pg';
import { delay, Trigger } from './trigger';

export class ProjectionBusy extends Error {
  constructor(readonly projection: string, waitedMs: number) {
    super(`projection ${projection} is being run or rebuilt elsewhere (waited ${waitedMs} ms for its lock)`);
    this.name = 'ProjectionBusy';
  }
}

/**
 * The right to write one projection: a session advisory lock on a connection kept for the
 * purpose. Every batch is written on that same connection, so a runner whose connection died
 * (and with it the lock) cannot write another row: the lock fences its holder for free.
 */
export class ProjectionLock {
  /** Fires when the connection, and so the lock, is gone. */
  readonly lost = new Trigger();
  private readonly markLost = (): void => this.lost.fire();

  private constructor(readonly client: PoolClient) {
    client.on('error', this.markLost);
    client.on('end', this.markLost);
  }

  static async tryAcquire(pool: Pool, projection: string): Promise<ProjectionLock | null> {
    const client = await pool.connect();
    const lock = new ProjectionLock(client);
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName(projection)]);
      if (rows[0]?.locked) return lock;
    } catch (error) {
      client.release(true);
      throw error;
    }
    lock.stopWatching();
    client.release();
    return null;
  }

  /** For a rebuild: keeps trying until `waitMs` has passed. */
  static async acquire(pool: Pool, projection: string, options: { waitMs: number; retryMs: number }): Promise<ProjectionLock> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const lock = await ProjectionLock.tryAcquire(pool, projection);
      if (lock) return lock;
      if (Date.now() >= deadline) throw new ProjectionBusy(projection, options.waitMs);
      await delay(options.retryMs);
    }
  }

  get isLost(): boolean {
    return this.lost.fired;
  }

  private stopWatching(): void {
    this.client.off('error', this.markLost);
    this.client.off('end', this.markLost);
  }

  /** The connection is closed rather than returned: ending the session is what surely frees the lock. */
  async release(): Promise<void> {
    this.lost.fire();
    this.client.release(true);
  }
}

function lockName(projection: string): string {
  return `projection:${projection}`;
}
