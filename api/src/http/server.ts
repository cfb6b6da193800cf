/**
 * The Fastify instance every Marquee API process starts from: logging, strict JSON bodies
 * (1 MiB, application/json only), zod validation, problem+json errors and 404s, metrics at
 * /metrics and OpenAPI at /api/docs. Routes and feature plugins are the caller's:
 *
 *   const app = await buildHttpServer({ logger: loggerOptions({ level: config.logLevel }) });
 *   await app.register(authPlugin, { pool, jwtSecret });        // app.authenticate for the routes
 *   await app.register(idempotencyPlugin, { pool });            // before the POST/DELETE routes
 *   await app.register(healthPlugin, { checks: { postgres: postgresCheck(pool), projections } });
 *   await app.register(storefrontRoutes, { prefix: '/api/v1', … });
 *   await app.listen({ port: config.port, host: config.host });
 *
 * Tests: `buildHttpServer({ logger: false, metrics: { defaultMetrics: false } })`.
 * A route needing another body type (a webhook's raw body) adds a parser in its own plugin.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { LoggerOptions } from 'pino';
import { errorHandlerPlugin } from './error-handler';
import { loggerOptions } from './logger';
import { metricsPlugin, MetricsOptions } from './metrics';
import { openApiPlugin, OpenApiOptions } from './openapi';
import { useZodCompilers, ZodTypeProvider } from './zod';

export type HttpServer = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export const BODY_LIMIT_BYTES = 1_048_576;

export interface HttpServerOptions {
  /** pino options (see loggerOptions) or false for silence; default loggerOptions(). */
  readonly logger?: LoggerOptions | false;
  readonly bodyLimit?: number;
  /** Behind a load balancer: trust its X-Forwarded-* so `request.ip` (rate limits) is the client's. */
  readonly trustProxy?: boolean | string | string[];
  readonly metrics?: MetricsOptions | false;
  readonly openapi?: OpenApiOptions | false;
  /** Answer unknown routes with a problem+json 404 (default true). */
  readonly notFound?: boolean;
}

export async function buildHttpServer(options: HttpServerOptions = {}): Promise<HttpServer> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(),
    bodyLimit: options.bodyLimit ?? BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
    // Keep a request id from the proxy in front, so one id follows a request through the logs.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  // Fastify also parses text/plain by default; the API speaks JSON only, so anything else is 415.
  app.removeContentTypeParser('text/plain');
  const typed = useZodCompilers(app);

  await app.register(errorHandlerPlugin, { notFound: options.notFound ?? true });
  if (options.metrics !== false) await app.register(metricsPlugin, options.metrics ?? {});
  if (options.openapi !== false) await app.register(openApiPlugin, options.openapi ?? {});
  return typed;
}
