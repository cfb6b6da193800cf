/**
 * Liveness and readiness for load balancers and orchestrators.
 *   GET /api/v1/health → 200 {status: 'ok'} while the process serves HTTP at all;
 *   GET /api/v1/ready  → 200 when every supplied check passes, else 503, with
 *     {status, checks: {postgres: {ok, latencyMs}, projections: {ok, lagEvents, lagSeconds}}}.
 *
 * Usage (composition root, at the root instance: the paths are absolute):
 *   await app.register(healthPlugin, {
 *     checks: { postgres: postgresCheck(pool), projections: () => runner.lag() },
 *     maxProjectionLagSeconds: 5,
 *   });
 * A check left out is not reported. Failures are logged, never shown (they name hosts and ports).
 */
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Pool } from 'pg';
import { z } from 'zod';

export interface ProjectionLag {
  readonly lagEvents: number;
  readonly lagSeconds: number;
}

export interface ReadinessChecks {
  /** Resolves when Postgres answers; see postgresCheck. */
  readonly postgres?: () => Promise<unknown>;
  /** How far the projections trail the event log. */
  readonly projections?: () => Promise<ProjectionLag>;
}

export interface HealthOptions {
  readonly checks?: ReadinessChecks;
  /** Projections further behind than this make the process not ready (default 5 s). */
  readonly maxProjectionLagSeconds?: number;
  /** Same, in events (default: no bound). */
  readonly maxProjectionLagEvents?: number;
  /** A check that has not answered by then counts as failed (default 2 s). */
  readonly checkTimeoutMs?: number;
}

export const postgresCheck = (pool: Pool) => () => pool.query('SELECT 1');

const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    postgres: z.object({ ok: z.boolean(), latencyMs: z.number() }).optional(),
    projections: z.object({ ok: z.boolean(), lagEvents: z.number().nullable(), lagSeconds: z.number().nullable() }).optional(),
  }),
});

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export const healthPlugin: FastifyPluginAsyncZod<HealthOptions> = async (app, options) => {
  const { checks = {}, maxProjectionLagSeconds = 5, maxProjectionLagEvents = Number.POSITIVE_INFINITY, checkTimeoutMs = 2_000 } = options;

  app.get(
    '/api/v1/health',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/v1/ready',
    { schema: { tags: ['operations'], summary: 'Readiness: Postgres reachable, projections caught up', response: { 200: readiness, 503: readiness } } },
    async (request, reply) => {
      const postgres = checks.postgres;
      const projections = checks.projections;
      const [postgresResult, projectionsResult] = await Promise.all([
        postgres &&
          (async () => {
            const started = performance.now();
            const ok = await withTimeout(postgres(), checkTimeoutMs).then(
              () => true,
              (error: unknown) => (request.log.warn({ err: error }, 'readiness: postgres check failed'), false),
            );
            return { ok, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
          })(),
        projections &&
          withTimeout(projections(), checkTimeoutMs).then(
            ({ lagEvents, lagSeconds }) => ({ ok: lagSeconds <= maxProjectionLagSeconds && lagEvents <= maxProjectionLagEvents, lagEvents, lagSeconds }),
            (error: unknown) => (request.log.warn({ err: error }, 'readiness: projections check failed'), { ok: false, lagEvents: null, lagSeconds: null }),
          ),
      ]);
      const ready = (postgresResult?.ok ?? true) && (projectionsResult?.ok ?? true);
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({
          status: ready ? 'ok' : 'unavailable',
          checks: { ...(postgresResult && { postgres: postgresResult }), ...(projectionsResult && { projections: projectionsResult }) },
        });
    },
  );
};
