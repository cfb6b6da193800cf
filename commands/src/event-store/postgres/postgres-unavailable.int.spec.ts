import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@marquee/testing';
import { EventStoreUnavailableError } from '../event-store';
import { postgresUnavailable } from './postgres-unavailable';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('pg_unavailable');
});
afterAll(() => database.drop());

const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('what counts as an unavailable Postgres', () => {
  it('a server nobody listens for', async () => {
    const client = new Client({ host: '127.0.0.1', port: 1, database: 'none', connectionTimeoutMillis: 2_000 });
    const error = await failureOf(client.connect());
    expect(postgresUnavailable(error)).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('a session the server ends under a query (shutdown, failover, pg_terminate_backend)', async () => {
    const victim = new Client({ connectionString: database.url });
    victim.on('error', () => undefined);
    await victim.connect();
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const running = failureOf(victim.query('SELECT pg_sleep(5)'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const mapped = postgresUnavailable(await running);
      expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
      expect((mapped as EventStoreUnavailableError).cause).toBeDefined();
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('not a query the server refused for what it says', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const error = await failureOf(client.query('SELECT * FROM no_such_table'));
      expect(postgresUnavailable(error)).toBe(error);
      const division = await failureOf(client.query('SELECT 1/0'));
      expect(postgresUnavailable(division)).toBe(division);
    } finally {
      await client.end();
    }
  });
});
