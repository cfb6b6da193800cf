/**
 * Prometheus metrics for the HTTP server and for Marquee itself, on a Registry per app (not
 * prom-client's global one), so tests can build many apps in one process.
 *
 * Usage: `await app.register(metricsPlugin)` (buildHttpServer does it), then anywhere:
 *   app.metrics.marquee.holdsTotal.inc({ outcome: 'held' });
 *   const c = app.metrics.counter({ name: 'marquee_x_total', help: '…' });
 * Scrape `GET /metrics`. The request histogram is labelled by route pattern, never the raw URL,
 * so `/events/123` and `/events/456` are one series.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';
import { MarqueeMetrics, marqueeMetrics } from './marquee-metrics';

export interface HttpMetrics {
  readonly registry: Registry;
  readonly marquee: MarqueeMetrics;
  counter<L extends string = never>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L>;
  gauge<L extends string = never>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L>;
  histogram<L extends string = never>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L>;
}

export interface MetricsOptions {
  /** Defaults to a new Registry. */
  readonly registry?: Registry;
  /** Process metrics: CPU, memory, event-loop lag, GC (default true). */
  readonly defaultMetrics?: boolean;
  /** Where to expose the text format; `false` to not expose it on this server (default `/metrics`). */
  readonly path?: string | false;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: HttpMetrics;
  }
}

export function createHttpMetrics(registry: Registry = new Registry()): HttpMetrics {
  const registers = [registry];
  return {
    registry,
    marquee: marqueeMetrics(registry),
    counter: (config) => new Counter({ ...config, registers }),
    gauge: (config) => new Gauge({ ...config, registers }),
    histogram: (config) => new Histogram({ ...config, registers }),
  };
}

export const metricsPlugin = fp<MetricsOptions>(
  async (app: FastifyInstance, options) => {
    const metrics = createHttpMetrics(options.registry);
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: metrics.registry });
    const requestDuration = metrics.histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    app.decorate('metrics', metrics);

    app.addHook('onResponse', async (request, reply) => {
      requestDuration.observe(
        // Unmatched URLs share one label: raw paths would grow the series without bound.
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    const path = options.path ?? '/metrics';
    if (path !== false) {
      app.get(path, { schema: { hide: true } }, async (_request, reply) => {
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    }
  },
  { name: 'marquee-metrics', fastify: '5.x' },
);
