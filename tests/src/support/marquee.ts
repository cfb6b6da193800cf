import { MarqueeOptions, RunningMarquee, startMarquee } from '@marquee/api';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { Client } from 'pg';
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
        await connectionsClosed(database.url);
        await database.drop();
      }
    },
  };
}

/**
 * pg's `pool.end()` resolves once its clients are asked to end, not once their sockets closed; a
 * `DROP DATABASE … WITH (FORCE)` racing those last goodbyes makes pg report errors on them. Wait
 * (briefly) until the server has no session on the test database left.
 */
async function connectionsClosed(databaseUrl: string, timeoutMs = 3_000): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new Client({ connectionString: process.env['DATABASE_URL'] ?? databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if ((rows[0]?.n ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
