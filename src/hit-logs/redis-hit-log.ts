import { randomBytes } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { HitCount, HitLog } from '../services/abuse/hit-log.js';

// One round trip, atomic: prune the window, count, record when under the limit.
// The key's TTL only collects garbage; the window itself runs on the app's clock (ARGV[1]).
const HIT_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local recorded = 0
if ARGV[4] == '1' and count < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  recorded = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
return {count, recorded, oldest or false}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** HIT_SCRIPT: key, now, windowMs, max, record ('1'/'0'), member → [count, recorded, oldest]. */
    taskApiHit(key: string, ...args: Array<string | number>): Result<[number, number, string | null], Context>;
  }
}

/** Hit log shared by every instance that uses the same Redis and key prefix. */
export class RedisHitLog implements HitLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('taskApiHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  async hit(key: string, now: number, windowMs: number, max: number, record: boolean): Promise<HitCount> {
    const member = `${now}:${randomBytes(6).toString('base64url')}`;
    const [count, recorded, oldest] = await this.redis.taskApiHit(`${this.prefix}rl:${key}`, now, windowMs, max, record ? '1' : '0', member);
    return { count, recorded: recorded === 1, oldest: oldest ? Number(oldest) : undefined, ...(recorded === 1 ? { receipt: member } : {}) };
  }

  async release(key: string, receipt: string): Promise<void> {
    await this.redis.zrem(`${this.prefix}rl:${key}`, receipt);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}rl:${key}`);
  }

  async clearAll(): Promise<void> {
    // SCAN, not KEYS: a large keyspace must not block Redis.
    const stream = this.redis.scanStream({ match: `${this.prefix}rl:*`, count: 500 });
    for await (const keys of stream) if ((keys as string[]).length > 0) await this.redis.del(...(keys as string[]));
  }
}
