module.exports = async function globalTeardown() {
  const embedded = globalThis.__MARQUEE_EMBEDDED_PG__;
  if (embedded) await embedded.stop();
  const redis = globalThis.__MARQUEE_LOCAL_REDIS__;
  if (redis) await redis.stop();
};
