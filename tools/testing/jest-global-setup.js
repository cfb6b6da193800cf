// When a single project's tests run on their own (`nx test commands`) without DATABASE_URL,
// start one embedded PostgreSQL for that Jest run; workers inherit the URL.
const { startEmbeddedPostgres } = require('./embedded-postgres');

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const embedded = await startEmbeddedPostgres();
  process.env.DATABASE_URL = embedded.url;
  globalThis.__MARQUEE_EMBEDDED_PG__ = embedded;
};
