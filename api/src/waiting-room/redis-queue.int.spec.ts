import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { describeWaitingRoomQueue } from './queue-conformance';
import { RedisWaitingRoomQueue } from './redis-queue';

/** REDIS_URL: the machine's Redis, or the throwaway one the Jest setup starts. */
const redisUrl = (): string => {
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is not set (the Jest global setup starts a redis-server)');
  return url;
};

describeWaitingRoomQueue('Redis', async () => {
  const keyPrefix = `test:${randomUUID()}:`;
  const queue = new RedisWaitingRoomQueue(redisUrl(), { keyPrefix });
  return {
    queue,
    dispose: async () => {
      await queue.close();
      const redis = new Redis(redisUrl());
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
});
