import { once } from 'node:events';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server } from 'socket.io';

/**
 * Live updates across API processes (`--workers`, or several `npm start` behind a load balancer):
 * every emit to a room goes through Redis to the sockets of every process, so the process whose
 * projection committed a change reaches buyers connected to another one.
 */
export async function shareLiveUpdates(io: Server, redisUrl: string, keyPrefix = ''): Promise<{ close(): Promise<void> }> {
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = publisher.duplicate();
  // Both reconnect by themselves; a failure surfaces on the commands that needed them.
  for (const client of [publisher, subscriber]) client.on('error', () => undefined);
  // Subscribed on ready connections, the adapter has nothing left in flight when they close.
  await Promise.all([publisher, subscriber].map((client) => (client.status === 'ready' ? undefined : once(client, 'ready'))));
  io.adapter(createAdapter(publisher, subscriber, { key: `${keyPrefix}marquee:socket.io` }));
  return {
    close: async () => {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
