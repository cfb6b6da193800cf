export { buildHttpServer, BODY_LIMIT_BYTES } from './server';
export type { HttpServer, HttpServerOptions } from './server';
export { loggerOptions, REDACTED_PATHS } from './logger';
export type { LoggerSettings } from './logger';
export { useZodCompilers } from './zod';
export type { FastifyPluginAsyncZod, ZodTypeProvider } from './zod';
export { HttpProblem, problem, problemSchema, problemType, PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, serializeProblem, titleFor } from './problems';
export type { FieldError, HttpProblemInit, ProblemDetails, ProblemInit } from './problems';
export { NOT_FOUND_RULES, problemFromError, SOLD_OUT_RULES } from './problem-mapping';
export type { MappedProblem } from './problem-mapping';
export { errorHandlerPlugin, replyNotFound, sendProblem } from './error-handler';
export type { ErrorHandlerOptions } from './error-handler';
export {
  IDEMPOTENCY_COMPONENT,
  IDEMPOTENCY_HEADER,
  IDEMPOTENCY_TTL_MS,
  idempotencyMigrations,
  idempotencyPlugin,
  purgeExpired,
  REPLAYED_HEADER,
  requestHash,
} from './idempotency';
export type { IdempotencyOptions } from './idempotency';
export { createHttpMetrics, metricsPlugin } from './metrics';
export type { HttpMetrics, MetricsOptions } from './metrics';
export { marqueeMetrics } from './marquee-metrics';
export type { MarqueeMetrics } from './marquee-metrics';
export { BEARER_SCHEME, BEARER_SECURITY, openApiPlugin } from './openapi';
export type { OpenApiOptions } from './openapi';
export { healthPlugin, postgresCheck } from './health';
export type { HealthOptions, ProjectionLag, ReadinessChecks } from './health';
