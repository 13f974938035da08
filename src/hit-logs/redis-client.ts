import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A client that fails fast instead of queueing: while Redis is down, commands reject at
 * once (and the caller falls back), and the client keeps reconnecting in the background.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const log = logger.child({ module: 'redis' });
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Without a listener, ioredis logs every failed reconnect to stderr; the hit log reports outages.
  redis.on('error', (error: Error) => log.debug({ error: error.message }, 'redis connection error'));
  return redis;
}
