import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectionHealth, ReadSide } from './read-side';
import type { FromReadSide, ReadSideWorkerData, ToReadSide } from './read-side-protocol';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The projection runners in a worker thread. The worker is TypeScript like the rest: it registers
 * tsx's loader itself, as `npm start` runs under tsx (worker threads do not inherit loaders).
 */
export function workerReadSide(data: ReadSideWorkerData): ReadSide {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const ask = <T>(message: ToReadSide & { id: number }): Promise<T> => new Promise<T>((resolve, reject) => {
    if (!worker) return reject(new Error('the read side has not started'));
    pending.set(message.id, { resolve: resolve as (value: unknown) => void, reject });
    worker.postMessage(message);
  });

  return {
    start: (onCommitted) => new Promise<void>((started, failed) => {
      const entry = join(__dirname, 'read-side-worker.ts');
      // The workspace's path aliases live in tsconfig.base.json (tsx's CLI says so for `npm start`; Jest does not).
      const env = { ...process.env, TSX_TSCONFIG_PATH: process.env['TSX_TSCONFIG_PATH'] ?? join(__dirname, '../../../tsconfig.base.json') };
      worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true, workerData: data, env });
      worker.on('message', (message: FromReadSide) => {
        if (message.type === 'started') started();
        else if (message.type === 'failed') failed(new Error(`the read side failed to start: ${message.message}`));
        else if (message.type === 'committed') onCommitted(message.batch);
        else if (message.type === 'reply') {
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          if (message.error !== undefined) waiting?.reject(new Error(message.error));
          else waiting?.resolve(message.value);
        }
      });
      worker.on('error', failed);
    }),
    waitForPosition: (position, timeoutMs) => ask<boolean>({ type: 'wait', id: nextId++, position, timeoutMs }),
    health: () => ask<ProjectionHealth[]>({ type: 'health', id: nextId++ }),
    rebuild: (name) => ask<void>({ type: 'rebuild', id: nextId++, ...(name !== undefined ? { name } : {}) }),
    stop: async () => {
      const running = worker;
      if (!running) return;
      await new Promise<void>((stopped) => {
        running.on('message', (message: FromReadSide) => message.type === 'stopped' && stopped());
        running.postMessage({ type: 'stop' } satisfies ToReadSide);
      });
      await running.terminate();
      worker = null;
    },
  };
}
