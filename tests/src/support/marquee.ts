import { MarqueeOptions, RunningMarquee, startMarquee } from '@marquee/api';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Api } from './api';

export const JWT_SECRET = 'black-box-api-tests-secret-at-least-32-characters';

export interface TestMarquee {
  readonly marquee: RunningMarquee;
  readonly api: Api;
  readonly database: TestDatabase;
  readonly url: string;
  stop(): Promise<void>;
}

/** One whole Marquee (HTTP, projections, hold expiry, live updates) on a fresh database. */
export async function startTestMarquee(label: string, options: Partial<Omit<MarqueeOptions, 'databaseUrl'>> = {}): Promise<TestMarquee> {
  const database = await createTestDatabase(label);
  let marquee: RunningMarquee;
  try {
    marquee = await startMarquee({
      databaseUrl: database.url,
      jwtSecret: JWT_SECRET,
      port: 0,
      logger: false,
      loginRateLimit: { max: 1_000, timeWindowMs: 60_000 },
      ...options,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    marquee,
    database,
    url: marquee.url,
    api: new Api(marquee.url),
    stop: async () => {
      try {
        await marquee.stop();
      } finally {
        await database.drop();
      }
    },
  };
}

