import { MarqueeOptions, RunningMarquee, startMarquee } from '@marquee/api';
import { startEsdbTestServer } from '@marquee/esdb-test-server';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Api } from './api';

export const JWT_SECRET = 'black-box-api-tests-secret-at-least-32-characters';

export interface TestMarquee {
  readonly marquee: RunningMarquee;
  readonly api: Api;
  readonly database: TestDatabase;
  readonly url: string;
  /** The EventStoreDB test server's connection string when the events are there (`npm run test:esdb`). */
  readonly eventStoreUrl?: string;
  stop(): Promise<void>;
}

/**
 * `npm run test:esdb` runs the same black-box tests with the events in EventStoreDB: each Marquee
 * then gets an in-process EventStoreDB test server of its own (the real gRPC protocol).
 */
const ON_ESDB = process.env['MARQUEE_TEST_EVENT_STORE'] === 'esdb';

/** One whole Marquee (HTTP, projections, hold expiry, live updates) on a fresh database. */
export async function startTestMarquee(label: string, options: Partial<Omit<MarqueeOptions, 'databaseUrl'>> = {}): Promise<TestMarquee> {
  const database = await createTestDatabase(label);
  const eventStore = ON_ESDB ? await startEsdbTestServer() : null;
  const release = async () => {
    try {
      await eventStore?.stop();
    } finally {
      await database.drop();
    }
  };
  let marquee: RunningMarquee;
  try {
    marquee = await startMarquee({
      databaseUrl: database.url,
      ...(eventStore ? { eventStoreUrl: eventStore.connectionString } : {}),
      jwtSecret: JWT_SECRET,
      port: 0,
      logger: false,
      loginRateLimit: { max: 1_000, timeWindowMs: 60_000 },
      ...options,
    });
  } catch (error) {
    await release();
    throw error;
  }
  return {
    marquee,
    database,
    url: marquee.url,
    ...(eventStore ? { eventStoreUrl: eventStore.connectionString } : {}),
    api: new Api(marquee.url),
    stop: async () => {
      try {
        await marquee.stop();
      } finally {
        await release();
      }
    },
  };
}

/** Another Marquee process on the same database and event store as `running` (scale-out, restarts). */
export function startSibling(running: TestMarquee, options: Partial<Omit<MarqueeOptions, 'databaseUrl' | 'eventStoreUrl'>> = {}): Promise<RunningMarquee> {
  return startMarquee({
    databaseUrl: running.database.url,
    ...(running.eventStoreUrl !== undefined ? { eventStoreUrl: running.eventStoreUrl } : {}),
    jwtSecret: JWT_SECRET,
    port: 0,
    logger: false,
    ...options,
  });
}
