import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server } from 'socket.io';

/**
 * Live updates across API processes (`--workers`, or several `npm start` behind a load balancer):
 * every emit to a room goes through Redis to the sockets of every process, so the process whose
 * projection committed a change reaches buyers connected to another one.
 */
export function shareLiveUpdates(io: Server, redisUrl: string, keyPrefix = ''): { close(): Promise<void> } {
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = publisher.duplicate();
  io.adapter(createAdapter(publisher, subscriber, { key: `${keyPrefix}marquee:socket.io` }));
  return {
    close: async () => {
      await Promise.all([publisher.quit().catch(() => undefined), subscriber.quit().catch(() => undefined)]);
    },
  };
}
