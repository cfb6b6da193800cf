#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at a real PostgreSQL and REDIS_URL at a real Redis:
// the ones given in the environment, or else one embedded PostgreSQL and one throwaway
// redis-server started for the whole run (so every test project and worker shares them).
const { spawn } = require('node:child_process');
const { startEmbeddedPostgres } = require('./testing/embedded-postgres');
const { startLocalRedis } = require('./testing/local-redis');

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: with-services <command> [args…]');
    process.exit(2);
  }
  let embedded;
  if (!process.env.DATABASE_URL) {
    process.stderr.write('DATABASE_URL is not set: starting an embedded PostgreSQL for this run…\n');
    embedded = await startEmbeddedPostgres();
    process.env.DATABASE_URL = embedded.url;
    process.stderr.write(`embedded PostgreSQL ready at ${embedded.url}\n`);
  }
  let redis;
  if (!process.env.REDIS_URL) {
    redis = await startLocalRedis();
    process.env.REDIS_URL = redis.url;
    process.stderr.write(`REDIS_URL is not set: started redis-server at ${redis.url} for this run\n`);
  }
  const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32', env: process.env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  if (embedded) await embedded.stop();
  if (redis) await redis.stop();
  process.exit(code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
