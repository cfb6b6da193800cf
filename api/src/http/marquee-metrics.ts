/**
 * Marquee's own metrics, created in one place so names, labels and buckets stay consistent.
 * The composition root wires them to the parts that know the numbers, for example:
 *   gates: { onBatchCommitted: ({ size }) => m.gateBatchSize.observe(size) }
 *   m.gateQueueDepth.set({ stream }, gate.queueDepth)
 *   m.holdsTotal.inc({ outcome: 'held' | 'sold-out' | 'busy' | 'rejected' })
 *   m.salesTotal.inc()                               // one per confirmed order
 *   m.projectionLagEvents.set({ projection }, n); m.projectionLagSeconds.set({ projection }, s)
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MarqueeMetrics {
  /** Commands waiting in an inventory gate (rule 2), per inventory stream. */
  readonly gateQueueDepth: Gauge<'stream'>;
  /** Commands decided into one append by the batching gate. */
  readonly gateBatchSize: Histogram<never>;
  readonly projectionLagEvents: Gauge<'projection'>;
  readonly projectionLagSeconds: Gauge<'projection'>;
  readonly holdsTotal: Counter<'outcome'>;
  readonly salesTotal: Counter<never>;
}

export function marqueeMetrics(registry: Registry): MarqueeMetrics {
  const registers = [registry];
  return {
    gateQueueDepth: new Gauge({ name: 'marquee_gate_queue_depth', help: 'Commands queued in an inventory gate', labelNames: ['stream'], registers }),
    gateBatchSize: new Histogram({
      name: 'marquee_gate_batch_size',
      help: 'Commands decided per batched append to an inventory stream',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    projectionLagEvents: new Gauge({
      name: 'marquee_projection_lag_events',
      help: 'Events in the log that a projection has not applied yet',
      labelNames: ['projection'],
      registers,
    }),
    projectionLagSeconds: new Gauge({
      name: 'marquee_projection_lag_seconds',
      help: 'Age of the oldest event a projection has not applied yet',
      labelNames: ['projection'],
      registers,
    }),
    holdsTotal: new Counter({ name: 'marquee_holds_total', help: 'Hold requests by outcome', labelNames: ['outcome'], registers }),
    salesTotal: new Counter({ name: 'marquee_sales_total', help: 'Orders confirmed (a hold became a sale)', registers }),
  };
}
