import Redis from 'ioredis';
import { AdmissionRound, QueueStatus, WaitingRoomQueue } from './queue';
import { ADMIT, JOIN, MARK_USED, STATUS } from './redis-queue-scripts';

const EVENTS_KEY = 'marquee:waiting-room:events';

/** One event's keys, in the scripts' KEYS order; the hash tag keeps them in one Redis Cluster slot. */
function eventKeys(eventId: string): string[] {
  const prefix = `marquee:waiting-room:{${eventId}}:`;
  return ['entries', 'buyers', 'early', 'line', 'admitted', 'used', 'expired', 'meta', 'used-until'].map((name) => prefix + name).concat(EVENTS_KEY);
}

type Scripted = Redis & {
  queueJoin(...args: (string | number)[]): Promise<[string, number]>;
  queueStatus(...args: (string | number)[]): Promise<(string | number)[] | null>;
  queueAdmit(...args: (string | number)[]): Promise<(string | number)[]>;
  queueMarkUsed(...args: (string | number)[]): Promise<number>;
};

/** The waiting room's queue in Redis (`REDIS_URL`), shared by every API process. */
export class RedisWaitingRoomQueue implements WaitingRoomQueue {
  private readonly redis: Scripted;

  /** `keyPrefix` keeps several deployments (or test runs) apart on one Redis. */
  constructor(redisUrl: string, options: { keyPrefix?: string } = {}) {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, ...(options.keyPrefix !== undefined ? { keyPrefix: options.keyPrefix } : {}) });
    redis.defineCommand('queueJoin', { numberOfKeys: 10, lua: JOIN });
    redis.defineCommand('queueStatus', { numberOfKeys: 10, lua: STATUS });
    redis.defineCommand('queueAdmit', { numberOfKeys: 10, lua: ADMIT });
    redis.defineCommand('queueMarkUsed', { numberOfKeys: 10, lua: MARK_USED });
    this.redis = redis as Scripted;
  }

  async join(eventId: string, buyerKey: string, entryId: string, nowMs: number, opensAtMs: number): Promise<{ entryId: string; rejoined: boolean }> {
    const [id, rejoined] = await this.redis.queueJoin(...eventKeys(eventId), buyerKey, entryId, nowMs, opensAtMs, eventId);
    return { entryId: id, rejoined: rejoined === 1 };
  }

  async status(eventId: string, entryId: string): Promise<QueueStatus | null> {
    const reply = await this.redis.queueStatus(...eventKeys(eventId), entryId);
    if (!reply) return null;
    switch (reply[0]) {
      case 'early':
        return { state: 'waiting', position: null, number: null };
      case 'waiting':
        return { state: 'waiting', position: Number(reply[1]), number: Number(reply[2]) };
      case 'admitted':
        return { state: 'admitted', until: Number(reply[1]), used: Number(reply[2]) === 1 };
      default:
        return { state: 'expired' };
    }
  }

  async buyerOf(eventId: string, entryId: string): Promise<string | null> {
    return this.redis.hget(eventKeys(eventId)[0] as string, entryId);
  }

  async admit(eventId: string, nowMs: number, opensAtMs: number, allowed: number, admissionMs: number, drawSeed: number): Promise<AdmissionRound> {
    const [served, waiting, ...pairs] = await this.redis.queueAdmit(...eventKeys(eventId), nowMs, opensAtMs, allowed, admissionMs, drawSeed);
    const admitted: { entryId: string; buyerKey: string }[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) admitted.push({ entryId: String(pairs[i]), buyerKey: String(pairs[i + 1]) });
    return { admitted, served: Number(served), waiting: Number(waiting) };
  }

  async markUsed(eventId: string, entryId: string): Promise<void> {
    await this.redis.queueMarkUsed(...eventKeys(eventId), entryId);
  }

  async activeEvents(): Promise<string[]> {
    return this.redis.smembers(EVENTS_KEY);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
