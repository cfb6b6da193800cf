import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import type { LoggerOptions } from 'pino';
import {
  EventTerms, holdExpiryMigrations, HoldExpiryProcess, InventoryGates, migrate, OrganizerEvents, PaymentGateway, PostgresStreamTurns,
  PostgresSnapshotStore, Reservations, resilientPool, snapshotMigrations, storeIdentity,
} from '@marquee/commands';
import { checkReadSideOrigin, projectionMigrationSets } from '@marquee/projections';
import { authMigrations, authPlugin, AUTH_COMPONENT } from '../auth';
import { buildHttpServer, healthPlugin, HttpServer, IDEMPOTENCY_COMPONENT, idempotencyMigrations, idempotencyPlugin, postgresCheck, purgeExpired } from '../http';
import { LiveUpdates } from '../live/live-updates';
import { shareLiveUpdates } from '../live/shared-live';
import { orderTokens } from '../buyers/order-tokens';
import { organizerEventRoutes } from '../routes/organizer-event-routes';
import { organizerPayoutRoutes } from '../routes/organizer-payout-routes';
import { paymentWebhookRoutes } from '../routes/payment-webhook-routes';
import type { StripeConfig } from '../config';
import { composePayments } from './payments';
import { orderRoutes } from '../routes/order-routes';
import { publicEventRoutes } from '../routes/public-event-routes';
import { reservationRoutes } from '../routes/reservation-routes';
import { organizerOrderRoutes } from '../routes/organizer-order-routes';
import { buyerRefundRoutes } from '../routes/buyer-refund-routes';
import { organizerRefundRoutes } from '../routes/organizer-refund-routes';
import { ticketKeyRoutes } from '../routes/ticket-key-routes';
import { ticketRoutes } from '../routes/ticket-routes';
import { TicketOptions, ticketsFor } from '../tickets/ticket-services';
import { doorServicesFor } from '../door/door-services';
import { attachDoorLive } from '../live/door-live';
import { doorDeviceRoutes } from '../routes/door-device-routes';
import { scannerRoutes } from '../routes/scanner-routes';
import { MarqueeEventStore, openEventStore } from './event-store-choice';
import { projectionFreshness } from './freshness';
import { inlineReadSide, ReadSide } from '../read-side/read-side';
import { workerReadSide } from '../read-side/worker-read-side';
import { ReadModels } from './read-models';
import { composeWaitingRooms, waitingRoomRoutes } from '../waiting-room';
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
  /** STRIPE_*: buyers pay with Stripe (and its webhooks are verified with the secret); unset, the simulated gateway. */
  readonly stripe?: StripeConfig;
  readonly holdSweepMs?: number;
  /** The time commands are stamped with and holds expire by; tests move it forward instead of waiting. */
  readonly clock?: () => Date;
  /**
   * Where the projections run: `worker` (their own thread, so an HTTP burst does not hold back the
   * read models and pushes; what `npm start` uses) or `inline` (the API's event loop; tests).
   */
  readonly readSide?: 'inline' | 'worker';
  readonly logLevel?: string;
  /** REDIS_URL: the waiting room's queue and its join limit shared by every API process; unset, in this process. */
  readonly redisUrl?: string;
  /**
   * Several API processes sell the same events (`--workers`): gates take turns per stream instead
   * of colliding (REDIS_URL shares live updates and the waiting room between them).
   */
  readonly gateTurns?: boolean;
  /** Keeps this deployment’s Redis keys apart from others’ on the same Redis (tests use one per instance). */
  readonly redisKeyPrefix?: string;
  /** How often buyers are let in from waiting rooms, and how many joins an IP may make a minute (tests change both). */
  readonly waitingRoom?: { readonly admissionIntervalMs?: number; readonly joinsPerMinute?: number };
  /** Login attempts per minute per IP + email (tests raise it). */
  readonly loginRateLimit?: { max: number; timeWindowMs: number };
  /** Ticket signing key, e-mail and wallet passes (see TicketOptions for what is left unset). */
  readonly tickets?: TicketOptions;
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
    gate: {
      onBatchCommitted: ({ size }) => metrics.gateBatchSize.observe(size),
      // Several processes selling the same events: each batch waits for its turn on the stream.
      ...(options.gateTurns ? { turns: new PostgresStreamTurns(pool) } : {}),
    },
  });
  const terms = new EventTerms(store);
  const reads = new ReadModels(pool);
  const clock = options.clock ?? (() => new Date());
  const payments = await composePayments({
    pool, store, gates, terms, clock, ...(options.stripe ? { stripe: options.stripe } : {}), ...(options.paymentGateway ? { gateway: options.paymentGateway } : {}),
  });
  const readSide = options.readSide === 'worker'
    ? workerReadSide({ databaseUrl: options.databaseUrl, ...(options.eventStoreUrl !== undefined ? { eventStoreUrl: options.eventStoreUrl } : {}), logLevel: options.logLevel ?? 'info', followHoldExpiries: true })
    : inlineReadSide(pool, store, app.log);
  const waitingRooms = composeWaitingRooms({
    ...(options.redisUrl !== undefined ? { redisUrl: options.redisUrl } : {}), ...(options.redisKeyPrefix !== undefined ? { redisKeyPrefix: options.redisKeyPrefix } : {}),
    terms, jwtSecret: options.jwtSecret, clock,
  });
  const tickets = await ticketsFor(pool, store, reads, options.tickets ?? {}, clock);
  const services: ApiServices = {
    organizerEvents: new OrganizerEvents(store, gates, terms, clock),
    reservations: new Reservations(gates, terms, clock, payments.awaiting),
    checkout: payments.checkout,
    reads,
    freshness: projectionFreshness(store, readSide),
    orderTokens: orderTokens(options.jwtSecret),
    waitingRoom: waitingRooms.service,
    paymentProvider: payments.gateway.name,
    payments,
    tickets: tickets.services,
  };
  const door = doorServicesFor(pool, store, terms, () => tickets.services.publishedKeys(), options.jwtSecret, clock);

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
  await app.register(waitingRoomRoutes, {
    services, joinsPerMinute: options.waitingRoom?.joinsPerMinute ?? 30,
    ...(waitingRooms.redis ? { redis: { client: waitingRooms.redis, nameSpace: waitingRooms.rateLimitNameSpace } } : {}),
  });
  await app.register(orderRoutes, { services });
  await app.register(organizerEventRoutes, { services });
  await app.register(organizerPayoutRoutes, { services });
  await app.register(paymentWebhookRoutes, { services });
  await app.register(ticketRoutes, { services });
  await app.register(ticketKeyRoutes, { services });
  await app.register(organizerOrderRoutes, { services });
  await app.register(buyerRefundRoutes, { services });
  await app.register(organizerRefundRoutes, { services });
  await app.register(doorDeviceRoutes, { services, door });
  await app.register(scannerRoutes, { door, freshness: services.freshness });
  await app.ready();

  const liveUpdates = new LiveUpdates(app.server, {
    availability: async (eventId) => (await reads.availability(eventId))?.ticketTypes ?? [],
    seats: (eventId) => reads.seats(eventId),
    reservation: (reservationId) => reads.reservation(reservationId),
  }, (error) => app.log.warn({ err: error }, 'live update failed'));
  const sharedLive = options.redisUrl ? await shareLiveUpdates(liveUpdates.io, options.redisUrl, options.redisKeyPrefix) : null;
  if (sharedLive) liveUpdates.shareAcrossProcesses();
  const stopDoorLive = attachDoorLive(liveUpdates.io, door);
  waitingRooms.startAdmitting(liveUpdates.io, (error) => app.log.error({ err: error }, 'waiting room admission round failed'), options.waitingRoom?.admissionIntervalMs);
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
  // Tickets are e-mailed from the read models, so after the read side has started.
  await tickets.startDelivery(app.log);
  // An abandoned checkout's payment intent is canceled when its hold ends (and a late payment settled).
  const abandonedCheckouts = payments.startSweeping({ everyMs: options.holdSweepMs ?? 5_000, onError: (error) => app.log.error({ err: error }, 'abandoned checkout sweep failed') });
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
      stopDoorLive();
      await liveUpdates.close();
      await app.close();
      await gates.idle();
      await expiry.stop();
      await abandonedCheckouts.stop();
      await tickets.stop();
      await readSide.stop();
      // Redis last: the requests, the admission rounds and the pushes above may still use it.
      await waitingRooms.close();
      await sharedLive?.close();
      await store.close();
      await pool.end();
    })()),
  };
}
