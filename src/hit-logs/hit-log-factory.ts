import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.types.js';
import { HitLogRepository } from '../db/repositories/hit-log.repository.js';
import { MemoryHitLog, type HitLog } from '../services/abuse/hit-log.js';
import { FailoverHitLog } from './failover-hit-log.js';
import { PostgresHitLog } from './postgres-hit-log.js';
import { createRedisClient } from './redis-client.js';
import { RedisHitLog } from './redis-hit-log.js';

export interface HitLogs {
  /** For the security budgets (logins, codes, signups, refusals): shared by every instance. */
  shared: HitLog;
  /** For per-request throughput budgets: shared with Redis, else this process's own. */
  local: HitLog;
  close(): Promise<void>;
}

/**
 * With `redisUrl`: every budget in Redis, shared by every instance. Without: the security
 * budgets in PostgreSQL (still shared: several processes or instances must not each allow
 * their own five guesses), throughput budgets in this process's memory. A shared store that
 * stops answering falls back to memory until it is back.
 */
export function createHitLogs(redisUrl: string | undefined, keyPrefix: string, db: Kysely<Database>, logger: Logger): HitLogs {
  const log = logger.child({ module: 'rate-limits' });
  if (!redisUrl) {
    const shared = new FailoverHitLog(new PostgresHitLog(db, new HitLogRepository()), new MemoryHitLog(), log, 'PostgreSQL');
    return { shared, local: new MemoryHitLog(), close: async () => {} };
  }
  const redis: Redis = createRedisClient(redisUrl, logger);
  const hitLog = new FailoverHitLog(new RedisHitLog(redis, keyPrefix), new MemoryHitLog(), log);
  return {
    shared: hitLog,
    local: hitLog,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
