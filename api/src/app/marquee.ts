import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import type { LoggerOptions } from 'pino';
import {
  Checkout, EventTerms, holdExpiryMigrations, HoldExpiryProcess, InventoryGates, migrate, OrganizerEvents, PaymentGateway,
  PostgresSnapshotStore, Reservations, resilientPool, SimulatedPaymentGateway, snapshotMigrations, storeIdentity,
} from '@marquee/commands';
import { checkReadSideOrigin, projectionMigrationSets } from '@marquee/projections';
import { authMigrations, authPlugin, AUTH_COMPONENT } from '../auth';
import { buildHttpServer, healthPlugin, HttpServer, IDEMPOTENCY_COMPONENT, idempotencyMigrations, idempotencyPlugin, postgresCheck, purgeExpired } from '../http';
import { LiveUpdates } from '../live/live-updates';
import { orderTokens } from '../buyers/order-tokens';
import { organizerEventRoutes } from '../routes/organizer-event-routes';
import { orderRoutes } from '../routes/order-routes';
import { publicEventRoutes } from '../routes/public-event-routes';
import { reservationRoutes } from '../routes/reservation-routes';
import { MarqueeEventStore, openEventStore } from './event-store-choice';
import { projectionFreshness } from './freshness';
import { inlineReadSide, ReadSide } from '../read-side/read-side';
import { workerReadSide } from '../read-side/worker-read-side';
import { ReadModels } from './read-models';
import { ApiServices } from './services';

export interface MarqueeOptions {
  /** Postgres for read models, sessions, snapshots, and the events too unless eventStoreUrl names another store. */
  readonly databaseUrl: string;
  /** EVENT_STORE_URL: an esdb:// (EventStoreDB / KurrentDB) or postgres:// event store; unset → databaseUrl. */
  readonly eventStoreUrl?: string;
  readonly jwtSecret: string;
  readonly port?: number;
  readonly host?: string;
  /** pino options, or false for silence (tests). */
  readonly logger?: LoggerOptions | false;
  readonly paymentGateway?: PaymentGateway;
  readonly holdSweepMs?: number;
  /** The time commands are stamped with and holds expire by; tests move it forward instead of waiting. */
  readonly clock?: () => Date;
  /**
   * Where the projections run: `worker` (their own thread, so an HTTP burst does not hold back the
   * read models and pushes; what `npm start` uses) or `inline` (the API's event loop; tests).
   */
  readonly readSide?: 'inline' | 'worker';
  readonly logLevel?: string;
  /** Login attempts per minute per IP + email (tests raise it). */
  readonly loginRateLimit?: { max: number; timeWindowMs: number };
}

export interface RunningMarquee {
  readonly url: string;
  readonly app: HttpServer;
  readonly pool: Pool;
  readonly store: MarqueeEventStore;
  readonly services: ApiServices;
  readonly readSide: ReadSide;
  /** Drains the gates, finishes in-flight requests, stops the background work, closes connections. */
  stop(): Promise<void>;
}

/**
 * The composition root: one process runs the API, the live updates, every projection (in a worker
 * thread under `npm start`) and the hold-expiry process against one Postgres (the embedded default,
 * or DATABASE_URL).
 */
export async function startMarquee(options: MarqueeOptions): Promise<RunningMarquee> {
  const pool = resilientPool({ connectionString: options.databaseUrl, max: 20 });
  const store = await openEventStore(options.eventStoreUrl, options.databaseUrl);
  // Snapshots stay in Postgres wherever the events live (they are a cache of the gate's state).
  await migrate(pool, 'snapshots', snapshotMigrations);
  await migrate(pool, AUTH_COMPONENT, authMigrations);
  await migrate(pool, IDEMPOTENCY_COMPONENT, idempotencyMigrations);
  for (const { component, migrations } of projectionMigrationSets()) await migrate(pool, component, migrations);
  // Checkpoints taken in another event log (before a migrate-store) would resume at meaningless positions.
  await checkReadSideOrigin(pool, await storeIdentity(store));
  // Before the read side starts: it may follow the log for the hold-expiry schedule.
  await migrate(pool, 'hold-expiry', holdExpiryMigrations);

  const app = await buildHttpServer({ logger: options.logger ?? false });
  const metrics = app.metrics.marquee;
  const gates = new InventoryGates(store, {
    snapshotStore: new PostgresSnapshotStore(pool),
    gate: { onBatchCommitted: ({ size }) => metrics.gateBatchSize.observe(size) },
  });
  const terms = new EventTerms(store);
  const gateway = options.paymentGateway ?? new SimulatedPaymentGateway();
  const reads = new ReadModels(pool);
  const clock = options.clock ?? (() => new Date());
  const readSide = options.readSide === 'worker'
    ? workerReadSide({ databaseUrl: options.databaseUrl, ...(options.eventStoreUrl !== undefined ? { eventStoreUrl: options.eventStoreUrl } : {}), logLevel: options.logLevel ?? 'info', followHoldExpiries: true })
    : inlineReadSide(pool, store, app.log);
  const services: ApiServices = {
    organizerEvents: new OrganizerEvents(store, gates, terms, clock),
    reservations: new Reservations(gates, terms, clock),
    checkout: new Checkout(store, gates, gateway, terms, clock),
    reads,
    freshness: projectionFreshness(store, readSide),
    orderTokens: orderTokens(options.jwtSecret),
    paymentProvider: gateway.name,
  };

  await app.register(authPlugin, { pool, jwtSecret: options.jwtSecret, ...(options.loginRateLimit ? { loginRateLimit: options.loginRateLimit } : {}) });
  await app.register(idempotencyPlugin, { pool });
  await app.register(healthPlugin, {
    checks: {
      postgres: postgresCheck(pool),
      projections: async () => {
        const health = await readSide.health();
        return { lagEvents: Math.max(0, ...health.map((p) => p.lag.events)), lagSeconds: Math.max(0, ...health.map((p) => p.lag.seconds)) };
      },
    },
  });
  await app.register(publicEventRoutes, { services });
  await app.register(reservationRoutes, { services });
  await app.register(orderRoutes, { services });
  await app.register(organizerEventRoutes, { services });
  await app.ready();

  const liveUpdates = new LiveUpdates(app.server, {
    availability: async (eventId) => (await reads.availability(eventId))?.ticketTypes ?? [],
    seats: (eventId) => reads.seats(eventId),
    reservation: (reservationId) => reads.reservation(reservationId),
  }, (error) => app.log.warn({ err: error }, 'live update failed'));
  // The read side starts once the live updates exist, so no committed change goes unpushed.
  await readSide.start((batch) => liveUpdates.publish(batch.notifications, batch.committedAt, batch.availability));
  const expiry = await HoldExpiryProcess.start(store, pool, gates, {
    sweepEveryMs: options.holdSweepMs ?? 5_000,
    clock,
    // With a read-side worker, it follows the log for the schedule; the sweeps need the gates here.
    followLog: options.readSide !== 'worker',
    onSweep: (result) => { if (result.released > 0) app.log.info(result, 'released expired holds'); },
    onError: (error) => app.log.error({ err: error }, 'hold expiry sweep failed'),
  });
  const background = setInterval(() => {
    for (const gate of gates.all()) metrics.gateQueueDepth.set({ stream: gate.streamName }, gate.queueDepth);
    void readSide.health().then((health) => {
      for (const { name, lag } of health) {
        metrics.projectionLagEvents.set({ projection: name }, lag.events);
        metrics.projectionLagSeconds.set({ projection: name }, lag.seconds);
      }
    }, () => undefined);
  }, 5_000);
  const purge = setInterval(() => void purgeExpired(pool).catch(() => undefined), 60 * 60_000);
  background.unref();
  purge.unref();

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;

  let stopping: Promise<void> | null = null;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    app, pool, store, services, readSide,
    stop: () => (stopping ??= (async () => {
      clearInterval(background);
      clearInterval(purge);
      await liveUpdates.close();
      await app.close();
      await gates.idle();
      await expiry.stop();
      await readSide.stop();
      await store.close();
      await pool.end();
    })()),
  };
}
