import Redis from 'ioredis';
import type { Server } from 'socket.io';
import type { EventTerms } from '@marquee/commands';
import { AdmissionLoop } from './admission-loop';
import { AdmissionTokens } from './admission-tokens';
import { MemoryWaitingRoomQueue } from './memory-queue';
import { QueueUpdates } from './queue-updates';
import { RedisWaitingRoomQueue } from './redis-queue';
import { WaitingRoomService } from './waiting-room-service';

export { waitingRoomRoutes } from './waiting-room-routes';
export { WaitingRoomService } from './waiting-room-service';
export type { QueueTicketView } from './waiting-room-service';

export interface WaitingRooms {
  readonly service: WaitingRoomService;
  /** For the join rate limit, shared across processes; null without REDIS_URL. */
  readonly redis: Redis | null;
  /** Where the join counts live in that Redis. */
  readonly rateLimitNameSpace: string;
  /** Admission rounds every `intervalMs`, their results pushed over Socket.IO. */
  startAdmitting(io: Server, onError: (error: unknown) => void, intervalMs?: number): void;
  close(): Promise<void>;
}

/** The waiting room's parts: the queue in Redis when REDIS_URL is set (many processes), else in this process. */
export function composeWaitingRooms(options: { redisUrl?: string; redisKeyPrefix?: string; terms: EventTerms; jwtSecret: string; clock: () => Date }): WaitingRooms {
  const keyPrefix = options.redisKeyPrefix ?? '';
  const queue = options.redisUrl ? new RedisWaitingRoomQueue(options.redisUrl, { keyPrefix }) : new MemoryWaitingRoomQueue();
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 3 }) : null;
  const service = new WaitingRoomService(queue, options.terms, new AdmissionTokens(options.jwtSecret), options.clock);
  let loop: AdmissionLoop | null = null;
  return {
    service,
    redis,
    rateLimitNameSpace: `${keyPrefix}marquee:queue-joins:`,
    startAdmitting: (io, onError, intervalMs) => {
      // With Redis the Socket.IO rooms are shared by every process (see shareLiveUpdates).
      const updates = new QueueUpdates(io, service, redis !== null);
      loop = new AdmissionLoop(service, (eventId, round) => updates.publish(eventId, round), onError, intervalMs);
      loop.start();
    },
    close: async () => {
      await loop?.stop();
      await queue.close();
      await redis?.quit();
    },
  };
}
