import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { HoldExpirySchedule, resilientPool } from '@marquee/commands';
import { openEventStore } from '../app/event-store-choice';
import { ProjectionRunners } from './read-side';
import type { FromReadSide, ReadSideWorkerData, ToReadSide } from './read-side-protocol';

/** The read side's own thread: its pool, its subscriptions, its event loop. */
async function main(port: NonNullable<typeof parentPort>, data: ReadSideWorkerData): Promise<void> {
  const post = (message: FromReadSide) => port.postMessage(message);
  const pool = resilientPool({ connectionString: data.databaseUrl, max: 10 });
  const store = await openEventStore(data.eventStoreUrl, data.databaseUrl);
  const runners = new ProjectionRunners(pool, store, pino({ level: data.logLevel, name: 'read-side' }), (batch) => post({ type: 'committed', batch }));

  const holdExpiries = data.followHoldExpiries ? new HoldExpirySchedule(store, pool) : null;

  port.on('message', async (message: ToReadSide) => {
    if (message.type === 'stop') {
      await holdExpiries?.stop();
      await runners.stop();
      await store.close();
      await pool.end();
      post({ type: 'stopped' });
      return;
    }
    try {
      if (message.type === 'wait') post({ type: 'reply', id: message.id, value: await runners.waitForPosition(message.position, message.timeoutMs) });
      else if (message.type === 'health') post({ type: 'reply', id: message.id, value: await runners.health() });
      else {
        await runners.rebuild(message.name);
        post({ type: 'reply', id: message.id });
      }
    } catch (error) {
      post({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  await runners.start();
  await holdExpiries?.start();
  post({ type: 'started' });
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as ReadSideWorkerData).catch((error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromReadSide));
}
