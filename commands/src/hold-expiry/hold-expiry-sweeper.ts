import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { GateBusyError, GateConflictError } from '../inventory-gate/batching-gate';
import { InventoryGates } from '../inventory-gate/inventory-gates';

export interface SweepResult {
  readonly due: number;
  readonly released: number;
  readonly alreadyEnded: number;
  readonly deferred: number;
}

export interface HoldExpirySweeperOptions {
  /** How long a claimed hold is reserved for this process before another may try it. */
  readonly claimMs?: number;
  readonly maxPerSweep?: number;
  readonly clock?: () => Date;
}

/**
 * Releases holds whose time is up, through the inventory gate, as `system:hold-expiry`.
 * Two processes may sweep at once: rows are claimed with SKIP LOCKED so they rarely meet, and
 * when they do the inventory decider makes the second release a no-op.
 */
export class HoldExpirySweeper {
  private readonly claimMs: number;
  private readonly maxPerSweep: number;
  private readonly clock: () => Date;

  constructor(private readonly pool: Pool, private readonly gates: InventoryGates, options: HoldExpirySweeperOptions = {}) {
    this.claimMs = options.claimMs ?? 15_000;
    this.maxPerSweep = options.maxPerSweep ?? 2_000;
    this.clock = options.clock ?? (() => new Date());
  }

  async sweep(): Promise<SweepResult> {
    const now = this.clock();
    const { rows } = await this.pool.query<{ stream_id: string; hold_id: string }>(
      `UPDATE hold_expiries SET claimed_until = $2::timestamptz + make_interval(secs => $3::double precision / 1000)
       WHERE (stream_id, hold_id) IN (
         SELECT stream_id, hold_id FROM hold_expiries
         WHERE expires_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $2)
         ORDER BY expires_at LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING stream_id, hold_id`,
      [now.toISOString(), now.toISOString(), this.claimMs, this.maxPerSweep]);

    const correlationId = randomUUID();
    const outcomes = await Promise.all(rows.map(async (row) => {
      try {
        const outcome = await this.gates.forStream(row.stream_id).submit(
          { type: 'ReleaseHold', data: { holdId: row.hold_id, reason: 'expired', now: now.toISOString() } },
          { correlationId, causationId: row.hold_id, actor: 'system:hold-expiry', occurredAt: now.toISOString() },
        );
        if (!outcome.accepted && outcome.error.rule === 'hold-not-expired') return { row, result: 'deferred' as const };
        const released = outcome.accepted && outcome.events.length > 0;
        return { row, result: released ? ('released' as const) : ('alreadyEnded' as const) };
      } catch (error) {
        // A busy or contended stream is tried again at the next sweep; the row stays.
        if (error instanceof GateBusyError || error instanceof GateConflictError) return { row, result: 'deferred' as const };
        throw error;
      }
    }));

    const done = outcomes.filter((o) => o.result !== 'deferred');
    if (done.length > 0) {
      await this.pool.query(
        `DELETE FROM hold_expiries h USING unnest($1::text[], $2::text[]) AS d(stream_id, hold_id)
         WHERE h.stream_id = d.stream_id AND h.hold_id = d.hold_id`,
        [done.map((o) => o.row.stream_id), done.map((o) => o.row.hold_id)]);
    }
    return {
      due: rows.length,
      released: outcomes.filter((o) => o.result === 'released').length,
      alreadyEnded: outcomes.filter((o) => o.result === 'alreadyEnded').length,
      deferred: outcomes.filter((o) => o.result === 'deferred').length,
    };
  }
}
