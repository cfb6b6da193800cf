import type { Pool } from 'pg';
import type { Notification, Position, ProjectionEventSource } from '@marquee/projections';
import { allProjections, availabilityOf, ProjectionRunner, TicketTypeAvailabilityView } from '@marquee/projections';

/** A committed projection batch, as the live updates need it. */
export interface ReadSideBatch {
  readonly notifications: readonly Notification[];
  readonly committedAt: Date;
  /** Current availability of the events the batch changed, read right after the commit. */
  readonly availability: ReadonlyMap<string, readonly TicketTypeAvailabilityView[]>;
}

export interface ProjectionHealth {
  readonly name: string;
  readonly lag: { readonly events: number; readonly seconds: number };
}

/**
 * Every projection runner of this process, wherever they run: in the API's event loop (tests,
 * where Jest cannot start TypeScript workers) or in a worker thread of their own (`npm start`), so
 * an on-sale's HTTP burst does not hold back the read models and the pushes that follow them.
 */
export interface ReadSide {
  start(onCommitted: (batch: ReadSideBatch) => void): Promise<void>;
  waitForPosition(position: Position, timeoutMs: number): Promise<boolean>;
  health(): Promise<ProjectionHealth[]>;
  /** Rebuilds one projection (or all) from the start of the log while it keeps serving. */
  rebuild(name?: string): Promise<void>;
  stop(): Promise<void>;
}

/** The runners and what follows each commit, shared by both ways of running them. */
export class ProjectionRunners {
  private readonly runners: ProjectionRunner[];

  constructor(private readonly pool: Pool, source: ProjectionEventSource, logger: ConstructorParameters<typeof ProjectionRunner>[0]['logger'], onCommitted: (batch: ReadSideBatch) => void) {
    this.runners = allProjections.map((projection) => new ProjectionRunner({
      pool, source, projection, ...(logger ? { logger } : {}),
      onCommitted: (batch) => void this.withAvailability(batch.notifications).then(onCommitted, () => undefined),
    }));
  }

  async start(): Promise<void> {
    for (const runner of this.runners) await runner.start();
  }

  async waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    return (await Promise.all(this.runners.map((runner) => runner.waitForPosition(position, timeoutMs)))).every(Boolean);
  }

  async health(): Promise<ProjectionHealth[]> {
    return Promise.all(this.runners.map(async (runner) => ({ name: runner.name, lag: (await runner.status()).lag })));
  }

  async rebuild(name?: string): Promise<void> {
    for (const runner of this.runners) if (name === undefined || runner.name === name) await runner.rebuild();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  private async withAvailability(notifications: readonly Notification[]): Promise<ReadSideBatch> {
    const committedAt = new Date();
    const availability = new Map<string, readonly TicketTypeAvailabilityView[]>();
    const toRead = new Set<string>();
    for (const notification of notifications) {
      if (notification.kind === 'availability' && notification.ticketTypes) availability.set(notification.eventId, notification.ticketTypes);
      else if (notification.kind === 'availability' || notification.kind === 'event') toRead.add(notification.eventId);
    }
    for (const eventId of toRead) availability.set(eventId, (await availabilityOf(this.pool, eventId))?.ticketTypes ?? []);
    return { notifications, committedAt, availability };
  }
}

/** The runners in the API's own event loop. */
export function inlineReadSide(pool: Pool, source: ProjectionEventSource, logger?: ConstructorParameters<typeof ProjectionRunner>[0]['logger']): ReadSide {
  let runners: ProjectionRunners | null = null;
  const started = () => {
    if (!runners) throw new Error('the read side has not started');
    return runners;
  };
  return {
    start: async (onCommitted) => {
      runners = new ProjectionRunners(pool, source, logger, onCommitted);
      await runners.start();
    },
    waitForPosition: (position, timeoutMs) => started().waitForPosition(position, timeoutMs),
    health: () => started().health(),
    rebuild: (name) => started().rebuild(name),
    stop: async () => runners?.stop(),
  };
}
