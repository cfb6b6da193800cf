import { Pool } from 'pg';
import { EventStore } from '../event-store/event-store';
import { InventoryGates } from '../inventory-gate/inventory-gates';
import { migrate } from '../postgres/migrator';
import { holdExpiryMigrations } from './hold-expiry-migrations';
import { HoldExpirySchedule } from './hold-expiry-schedule';
import { HoldExpirySweeper, HoldExpirySweeperOptions, SweepResult } from './hold-expiry-sweeper';

export interface HoldExpiryProcessOptions extends HoldExpirySweeperOptions {
  /** Every due hold is released within this interval plus the schedule's lag (target: < 30 s). */
  readonly sweepEveryMs?: number;
  readonly onSweep?: (result: SweepResult) => void;
  readonly onError?: (error: unknown) => void;
  /**
   * Follow the log here (default). False when another thread of this process runs the schedule
   * (the read-side worker under `npm start`), leaving this one only the sweeps.
   */
  readonly followLog?: boolean;
}

/** Holds expire (ARCHITECTURE.md rule 3): the schedule follows the log, the sweeper releases. */
export class HoldExpiryProcess {
  private readonly schedule: HoldExpirySchedule;
  private readonly sweeper: HoldExpirySweeper;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  private constructor(store: EventStore, private readonly pool: Pool, gates: InventoryGates, private readonly options: HoldExpiryProcessOptions) {
    this.schedule = new HoldExpirySchedule(store, pool);
    this.sweeper = new HoldExpirySweeper(pool, gates, options);
  }

  static async start(store: EventStore, pool: Pool, gates: InventoryGates, options: HoldExpiryProcessOptions = {}): Promise<HoldExpiryProcess> {
    await migrate(pool, 'hold-expiry', holdExpiryMigrations);
    const process = new HoldExpiryProcess(store, pool, gates, options);
    if (options.followLog !== false) await process.schedule.start();
    process.scheduleNextSweep();
    return process;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.sweeping;
    await this.schedule.stop();
  }

  private scheduleNextSweep(): void {
    this.timer = setTimeout(() => {
      this.sweeping = this.sweeper.sweep()
        .then((result) => this.options.onSweep?.(result))
        .catch((error) => this.options.onError?.(error))
        .finally(() => {
          this.sweeping = null;
          if (this.timer) this.scheduleNextSweep();
        });
    }, this.options.sweepEveryMs ?? 5_000);
  }
}
