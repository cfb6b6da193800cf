import { Pool, PoolClient } from 'pg';
import { EventStore, Position, RecordedEvent } from '../event-store/event-store';
import { LogFollower } from '../processes/log-follower';

/**
 * Keeps `hold_expiries` in step with the inventory streams: a row per active hold, removed when
 * the hold is released or sold. A log follower commits the rows and its checkpoint together;
 * replaying after a crash re-applies idempotent inserts and deletes, so no hold is missed and
 * none doubled.
 */
export class HoldExpirySchedule {
  private readonly follower: LogFollower;

  constructor(store: EventStore, pool: Pool, options: { maxBatch?: number } = {}) {
    this.follower = new LogFollower(store, pool, {
      name: 'hold-expiry', streamNamePrefixes: ['inventory-'], firstStart: 'start', apply: applyHoldEvents,
      ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
    });
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Where this schedule has got to: tests and readiness checks wait on it. */
  get position(): Position | null {
    return this.follower.position;
  }
}

/**
 * A hold id is held once and ended at most once, in that order, so inserting the batch's new
 * holds before deleting its ended ones gives the same rows as applying them one by one.
 */
async function applyHoldEvents(client: PoolClient, events: readonly RecordedEvent[]): Promise<void> {
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
