import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MemoryHitLog, type HitLog } from '../services/abuse/hit-log.js';
import { createRedisClient } from './redis-client.js';
import { FailoverHitLog, RedisHitLog } from './redis-hit-log.js';

export interface LimitStore {
  hitLog: HitLog;
  close(): Promise<void>;
}

/**
 * Counters in Redis when `redisUrl` is set (shared by every instance, falling back to this
 * process's memory while Redis is down), else in this process's memory.
 */
export function createLimitStore(redisUrl: string | undefined, keyPrefix: string, logger: Logger): LimitStore {
  if (!redisUrl) return { hitLog: new MemoryHitLog(), close: async () => {} };
  const redis: Redis = createRedisClient(redisUrl, logger);
  const log = logger.child({ module: 'rate-limits' });
  return {
    hitLog: new FailoverHitLog(new RedisHitLog(redis, keyPrefix), new MemoryHitLog(), log),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
