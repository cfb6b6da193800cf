import type { Pool, PoolClient } from 'pg';
import type { Position, ProjectionEventSource, RecordedEvent } from '../event-source';
import { comparePositions, matchesPrefixes } from '../event-source';
import type { Projection } from '../projection';
import { forgetCheckpoint, saveCheckpoint } from './checkpoints';
import { ProjectionLock } from './projection-lock';

export interface RebuildProgress {
  /** Events of the log read so far, the projection's own and the rest. */
  readonly done: number;
  /** An estimate until the end, from how far through the log's positions the rebuild is. */
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number;
}

export interface RebuildResult {
  /** Events read from the log. */
  readonly read: number;
  /** Events the projection applied. */
  readonly applied: number;
  readonly position: Position | null;
  readonly seconds: number;
}

export interface ReplayOptions {
  readonly source: ProjectionEventSource;
  readonly projection: Projection;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Events per apply call. */
  readonly batchSize?: number;
  /** Events per readAll page. */
  readonly pageSize?: number;
}

export interface RebuildOptions extends ReplayOptions {
  readonly pool: Pool;
  /** How long to wait for the projection's lock while a runner elsewhere holds it (default 30 s). */
  readonly lockWaitMs?: number;
}

/**
 * Rebuilds one projection from the start of the log under its advisory lock. Stop its runners
 * first (or call ProjectionRunner.rebuild on the active one), else this waits for the lock and
 * gives up with ProjectionBusy.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const lock = await ProjectionLock.acquire(options.pool, options.projection.name, { waitMs: options.lockWaitMs ?? 30_000, retryMs: 100 });
  try {
    return await replayFromStart(lock.client, options);
  } finally {
    await lock.release();
  }
}

/**
 * One transaction: rows are deleted (not truncated) so readers keep the old read model until the
 * new one commits whole. While it runs, its transaction id holds back the Postgres event store's
 * read horizon, so every catch-up subscription on that cluster waits for the commit.
 */
export async function replayFromStart(client: PoolClient, options: ReplayOptions): Promise<RebuildResult> {
  const { source, projection } = options;
  const pageSize = options.pageSize ?? 1_000;
  const batchSize = options.batchSize ?? 500;
  const started = Date.now();
  await client.query('BEGIN');
  try {
    for (const table of projection.tables) await client.query(`DELETE FROM ${table}`);
    await forgetCheckpoint(client, projection.name);
    const estimate = await progressEstimate(source);
    let read = 0;
    let applied = 0;
    let position: Position | null = null;
    for (;;) {
      const page = await nextPage(source, position, pageSize);
      const last = page[page.length - 1];
      if (!last) break;
      const relevant = page.filter((event) => matchesPrefixes(event.streamId, projection.streamPrefixes));
      for (let at = 0; at < relevant.length; at += batchSize) await projection.apply(client, relevant.slice(at, at + batchSize));
      read += page.length;
      applied += relevant.length;
      position = last.position;
      options.onProgress?.(estimate(read, position, started, false));
    }
    if (position) await saveCheckpoint(client, projection.name, position);
    await client.query('COMMIT');
    options.onProgress?.(estimate(read, position, started, true));
    return { read, applied, position, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** readAll is inclusive of its start, so each page after the first begins again at the last event read. */
async function nextPage(source: ProjectionEventSource, after: Position | null, pageSize: number): Promise<RecordedEvent[]> {
  if (!after) return source.readAll({ direction: 'forwards', fromPosition: 'start', maxCount: pageSize });
  const page = await source.readAll({ direction: 'forwards', fromPosition: after, maxCount: pageSize + 1 });
  return page.filter((event) => comparePositions(event.position, after) > 0);
}

type Estimate = (done: number, at: Position | null, started: number, finished: boolean) => RebuildProgress;

/**
 * Counting the log up front would read it twice; instead the share of the prepare-position span
 * covered so far scales the count read so far (exact where prepare positions are a sequence).
 */
async function progressEstimate(source: ProjectionEventSource): Promise<Estimate> {
  const [first] = await source.readAll({ direction: 'forwards', fromPosition: 'start', maxCount: 1 });
  const [head] = await source.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
  const span = first && head ? Number(head.position.prepare - first.position.prepare) + 1 : 0;
  return (done, at, started, finished) => {
    const covered = first && at ? Number(at.prepare - first.position.prepare) + 1 : 0;
    const share = span > 0 && covered > 0 ? Math.min(1, covered / span) : 0;
    const total = finished || share === 0 ? done : Math.max(done, Math.round(done / share));
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const eventsPerSecond = done / seconds;
    return { done, total, eventsPerSecond, etaSeconds: eventsPerSecond > 0 ? (total - done) / eventsPerSecond : 0 };
  };
}
