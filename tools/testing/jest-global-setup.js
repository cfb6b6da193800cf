// When a single project's tests run on their own (`nx test commands`) without DATABASE_URL or
// REDIS_URL, start one embedded PostgreSQL and one throwaway Redis for that Jest run; workers
// inherit the URLs.
const { startEmbeddedPostgres } = require('./embedded-postgres');
const { startLocalRedis } = require('./local-redis');

module.exports = async function globalSetup() {
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres();
    process.env.DATABASE_URL = embedded.url;
    globalThis.__MARQUEE_EMBEDDED_PG__ = embedded;
  }
  if (!process.env.REDIS_URL) {
    const redis = await startLocalRedis();
    process.env.REDIS_URL = redis.url;
    globalThis.__MARQUEE_LOCAL_REDIS__ = redis;
  }
};
