/**
 * `npm run esdb-test-server [-- --port 2113]`: the in-process EventStoreDB test server on its own,
 * for trying Marquee or bench:inventory on EventStoreDB without one installed:
 *
 *   npm run esdb-test-server -- --port 2113
 *   EVENT_STORE_URL='esdb://127.0.0.1:2113?tls=false' npm start
 *
 * The log lives in memory: it is gone when this stops. Not for production.
 */
import { startEsdbTestServer } from './esdb-test-server';

function portFrom(argv: readonly string[]): number {
  const at = argv.indexOf('--port');
  const value = at >= 0 ? argv[at + 1] : process.env['ESDB_TEST_PORT'];
  if (value === undefined) return 2113;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const server = await startEsdbTestServer({ port: portFrom(process.argv.slice(2)) });
  process.stdout.write(`EventStoreDB test server (in memory) listening: EVENT_STORE_URL='${server.connectionString}'\nPress Ctrl-C to stop.\n`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
