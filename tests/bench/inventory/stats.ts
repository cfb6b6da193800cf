/** Latency percentiles and throughput for one scenario run. */
export interface RunFigures {
  readonly design: string;
  readonly scenario: string;
  readonly requests: number;
  readonly held: number;
  readonly capacity: number;
  readonly gaveUp: number;
  readonly wallMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly oversold: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

export function figures(design: string, scenario: string, capacity: number, latencies: number[], held: number, gaveUp: number, wallMs: number, soldInStore: number): RunFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    design, scenario, capacity, held, gaveUp, wallMs,
    requests: latencies.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    oversold: Math.max(0, soldInStore - capacity),
  };
}

export function holdsPerSecond(run: RunFigures): number {
  return run.held / (run.wallMs / 1000);
}

export function answersPerSecond(run: RunFigures): number {
  return run.requests / (run.wallMs / 1000);
}

/** Runs `count` tasks all at once (as many concurrent buyers) and times each. */
export async function concurrently<T>(count: number, task: (i: number) => Promise<T>): Promise<{ results: T[]; latencies: number[]; wallMs: number }> {
  const latencies = new Array<number>(count);
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: count }, async (_, i) => {
    const t0 = performance.now();
    const result = await task(i);
    latencies[i] = performance.now() - t0;
    return result;
  }));
  return { results, latencies, wallMs: performance.now() - started };
}

export function table(rows: RunFigures[]): string {
  const header = ['design', 'scenario', 'requests', 'held', 'capacity', 'gave up', 'oversold', 'wall ms', 'held/s', 'answers/s', 'p50 ms', 'p99 ms'];
  const body = rows.map((r) => [r.design, r.scenario, r.requests, r.held, r.capacity, r.gaveUp, r.oversold, r.wallMs.toFixed(0),
    holdsPerSecond(r).toFixed(0), answersPerSecond(r).toFixed(0), r.p50Ms.toFixed(1), r.p99Ms.toFixed(1)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
