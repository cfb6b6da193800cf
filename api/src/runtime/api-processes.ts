import cluster, { Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** What a worker tells the primary once it serves (its start-up lines, for the first one). */
export interface WorkerReady {
  readonly type: 'marquee-ready';
  readonly lines: readonly string[];
}

/**
 * `npm start -- --workers N`: this (primary) process keeps the embedded database and N API
 * processes share the port (node:cluster hands out connections). A process that dies is replaced;
 * Ctrl-C stops them all (each drains its gates and requests), then the caller stops the database.
 * Resolves with the first worker's start-up lines once every worker serves.
 */
export function startApiProcesses(count: number, env: Record<string, string>, log: Logger): { ready: Promise<readonly string[]>; stop(): Promise<void> } {
  let stopping = false;
  const workers = new Set<Worker>();
  let firstLines: readonly string[] | null = null;
  let serving = 0;
  let announce!: (lines: readonly string[]) => void;
  const ready = new Promise<readonly string[]>((resolve) => (announce = resolve));

  const fork = (first: boolean) => {
    const worker = cluster.fork({ ...env, MARQUEE_API_PROCESS: first ? 'first' : 'other' });
    workers.add(worker);
    worker.on('message', (message: WorkerReady) => {
      if (message?.type !== 'marquee-ready') return;
      if (first && firstLines === null) firstLines = message.lines;
      serving++;
      if (serving === count && firstLines) announce(firstLines);
    });
    worker.on('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      log.error(`API process ${worker.process.pid} ended (${signal ?? code}); starting another`);
      fork(false);
    });
  };
  for (let i = 0; i < count; i++) fork(i === 0);

  return {
    ready,
    stop: async () => {
      stopping = true;
      await Promise.all([...workers].map((worker) => new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.process.kill('SIGTERM');
      })));
    },
  };
}
