/** One design × scenario run over HTTP, and the table they are printed in. */
import { percentile } from '../inventory/stats';
import type { LoadResult } from './protocol';

export interface OnsaleRun {
  readonly design: string;
  readonly scenario: string;
  readonly requests: number;
  readonly created: number;
  readonly soldOut: number;
  readonly retries429: number;
  readonly gaveUp429: number;
  readonly errors: number;
  /** null where nothing is stored (the bare route). */
  readonly oversold: number | null;
  readonly wallMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function runFigures(design: string, scenario: string, result: LoadResult, oversold: number | null): OnsaleRun {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return {
    design, scenario, oversold,
    requests: result.requests,
    created: result.created,
    soldOut: result.soldOut,
    retries429: result.retries429,
    gaveUp429: result.gaveUp429,
    errors: result.errors,
    wallMs: result.wallMs,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
  };
}

export const holdsPerSecond = (run: OnsaleRun): number => run.created / (run.wallMs / 1_000);
export const requestsPerSecond = (run: OnsaleRun): number => run.requests / (run.wallMs / 1_000);

export function latencySummary(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

const thousands = (n: number) => Math.round(n).toLocaleString('en');

export function table(runs: readonly OnsaleRun[]): string {
  const header = ['design', 'scenario', 'requests', '201', '409', '429 retries', 'errors', 'oversold', 'wall ms', 'holds/s', 'req/s', 'p50 ms', 'p99 ms'];
  const body = runs.map((r) => [
    r.design, r.scenario, thousands(r.requests), thousands(r.created), thousands(r.soldOut),
    r.gaveUp429 > 0 ? `${r.retries429} (${r.gaveUp429} gave up)` : String(r.retries429), String(r.errors),
    r.oversold === null ? '—' : String(r.oversold), thousands(r.wallMs), thousands(holdsPerSecond(r)), thousands(requestsPerSecond(r)),
    r.p50Ms.toFixed(1), r.p99Ms.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
