/**
 * The HTTP ceiling of this machine: the same route on Fastify, parsing the JSON body and doing no
 * work at all (201 `{}`). Env: PORT, HOST.
 */
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.post('/events/:eventId/reservations', async (_request, reply) => {
    reply.code(201);
    return {};
  });
  await app.listen({ port: Number(process.env['PORT'] ?? 0), host: process.env['HOST'] ?? '127.0.0.1' });
  const shutdown = () => {
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
