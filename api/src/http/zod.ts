/**
 * Zod schemas validate requests and serialize responses (ARCHITECTURE.md toolchain notes).
 *
 * Usage: `const typed = useZodCompilers(app)` then `typed.post('/x', { schema: { body: z.object(…) } }, …)`;
 * in plugins, type them as `FastifyPluginAsyncZod` (re-exported here).
 */
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from '@fastify/type-provider-zod';

export type { FastifyPluginAsyncZod, ZodTypeProvider } from '@fastify/type-provider-zod';

export function useZodCompilers(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app.withTypeProvider<ZodTypeProvider>();
}
