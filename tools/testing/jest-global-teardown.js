module.exports = async function globalTeardown() {
  const embedded = globalThis.__MARQUEE_EMBEDDED_PG__;
  if (embedded) await embedded.stop();
};
