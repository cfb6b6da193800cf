import cluster from 'node:cluster';
import { join } from 'node:path';
import { Config, loadConfig, loadOrCreateSecret, loadOrCreateTicketSigningKey } from './config';
import type { TicketOptions } from './tickets/ticket-services';
import { ConfigError } from './config/config-error';
import { loggerOptions } from './http';
import { seedDemo } from './app/demo';
import { eventStoreKind } from './app/event-store-choice';
import { startMarquee } from './app/marquee';
import { EmbeddedDatabase, startEmbeddedDatabase } from './runtime/embedded-database';
import pino, { Logger } from 'pino';
import { startApiProcesses, WorkerReady } from './runtime/api-processes';

/** `npm start`: Marquee in one process on its embedded defaults (or DATABASE_URL). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Marquee cannot start, the configuration has problems:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logOptions = loggerOptions({ level: config.logLevel });
  const log = pino(logOptions);

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    log.info(`DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${config.dataDir}/postgres)`);
    embedded = await startEmbeddedDatabase(config.dataDir, (message) => log.warn(message));
    databaseUrl = embedded.url;
  }
  const jwtSecret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir, 'jwt-secret'));
  const tickets = await ticketOptions(config);
  if (config.workers > 1 && cluster.isPrimary) {
    await runApiProcesses(config.workers, { DATABASE_URL: databaseUrl, MARQUEE_JWT_SECRET: jwtSecret, ...(tickets.signingKey ? { TICKET_SIGNING_KEY: tickets.signingKey } : {}) }, log, embedded);
    return;
  }
  const marquee = await startMarquee({ gateTurns: cluster.isWorker, databaseUrl, ...(config.eventStoreUrl !== undefined ? { eventStoreUrl: config.eventStoreUrl } : {}), ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}), jwtSecret, port: config.port, host: config.host, logger: logOptions, holdSweepMs: config.holdSweepMs, readSide: 'worker', logLevel: config.logLevel, ...(config.stripe ? { stripe: config.stripe } : {}), tickets });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: draining the inventory gates and finishing requests…`);
    await marquee.stop();
    if (embedded) await embedded.stop();
    process.stdout.write('Marquee stopped.\n', () => process.exit(0));
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const lines = [
    `Marquee is running at ${marquee.url}`,
    `  storefront API   ${marquee.url}/api/v1/events`,
    `  API docs         ${marquee.url}/api/docs`,
    `  health / ready   ${marquee.url}/api/v1/health , ${marquee.url}/api/v1/ready`,
    `  metrics          ${marquee.url}/metrics`,
    `  live updates     Socket.IO at ${marquee.url}/socket.io`,
    `  event store      ${describeEventStore(config.eventStoreUrl)}`,
    `  ticket keys      ${marquee.url}/api/v1/.well-known/ticket-keys.json`,
    `  ticket e-mails   ${config.smtpUrl ? `SMTP at ${config.smtpUrl.replace(/\/\/[^@/]*@/, '//')}` : `.eml files in ${join(config.dataDir, 'outbox')}`}`,
    `  payments         ${config.stripe ? `Stripe (webhooks to ${marquee.url}/api/v1/webhooks/stripe)` : 'simulated gateway (set STRIPE_SECRET_KEY to take real payments)'}`,
  ];
  // With several API processes, the first seeds the demo and its lines are printed by the primary.
  const firstProcess = !cluster.isWorker || process.env['MARQUEE_API_PROCESS'] === 'first';
  if (config.demo && firstProcess) {
    const demo = await seedDemo(marquee);
    lines.push(`  demo organizer   ${demo.email} / ${demo.password}${demo.created ? ' (created now)' : ''}`);
    lines.push(`  demo events      ${demo.eventIds.map((id) => `${marquee.url}/api/v1/events/${id}`).join('\n                   ')}`);
  }
  lines.push('Press Ctrl-C to stop.');
  if (cluster.isWorker) process.send?.({ type: 'marquee-ready', lines } satisfies WorkerReady);
  else process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/** The primary of `--workers N`: the database here, the API in N processes sharing the port. */
async function runApiProcesses(count: number, env: Record<string, string>, log: Logger, embedded: EmbeddedDatabase | null): Promise<void> {
  const processes = startApiProcesses(count, env, log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping ${count} API processes…`);
    await processes.stop();
    if (embedded) await embedded.stop();
    process.stdout.write('Marquee stopped.\n', () => process.exit(0));
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const lines = [...(await processes.ready)];
  lines.splice(lines.length - 1, 0, `  API processes    ${count} sharing the port (gates take turns per stream; live updates through Redis)`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((error) => {
  process.stderr.write(`Marquee failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/** The signing key (configured, or generated into the data directory) and where e-mails go (SMTP, or the outbox directory). */
async function ticketOptions(config: Config): Promise<TicketOptions> {
  return {
    signingKey: config.ticketSigningKey ?? (await loadOrCreateTicketSigningKey(config.dataDir)),
    mail: config.smtpUrl ? { smtpUrl: config.smtpUrl } : { outboxDir: join(config.dataDir, 'outbox') },
    ...(config.retiredTicketKeysValidDays !== undefined ? { retiredKeysValidDays: config.retiredTicketKeysValidDays } : {}),
    ...(config.mailFrom ? { mailFrom: config.mailFrom } : {}),
    ...(config.ticketIssuerName ? { issuerName: config.ticketIssuerName } : {}),
    ...(config.appleWallet ? { appleWallet: config.appleWallet } : {}),
    ...(config.googleWallet ? { googleWallet: config.googleWallet } : {}),
  };
}

/** Where the events live, for the start-up lines; credentials in the URL are not printed. */
function describeEventStore(eventStoreUrl: string | undefined): string {
  if (eventStoreUrl === undefined) return 'Postgres (the es_events table beside the read models)';
  const shown = eventStoreUrl.replace(/\/\/[^@/]*@/, '//');
  return eventStoreKind(eventStoreUrl) === 'esdb' ? `EventStoreDB / KurrentDB at ${shown}` : `Postgres at ${shown}`;
}
