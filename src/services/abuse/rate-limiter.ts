import type { LimitRule } from '../../config/limit-rules.js';
import type { Clock } from '../clock.js';
import type { HitLog } from './hit-log.js';

export interface LimitDecision {
  allowed: boolean;
  /** Seconds until one more hit would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  /** When a hit was counted: what gives it back (see {@link RateLimiter.release}). */
  receipt?: string;
}

/** Sliding-window limits over a {@link HitLog}, on the injected clock. */
export class RateLimiter {
  constructor(
    private readonly log: HitLog,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit when under the limit; refuses otherwise. */
  consume(key: string, rule: LimitRule): Promise<LimitDecision> {
    return this.check(key, rule, true);
  }

  /** Gives back a hit counted by {@link consume}. */
  release(key: string, receipt: string): Promise<void> {
    return this.log.release(key, receipt);
  }

  /** Forgets every hit of a key. */
  clear(key: string): Promise<void> {
    return this.log.clear(key);
  }

  /** Forgets every hit of every key. */
  clearAll(): Promise<void> {
    return this.log.clearAll();
  }

  /** Whether one more hit would be allowed, counting nothing. */
  peek(key: string, rule: LimitRule): Promise<LimitDecision> {
    return this.check(key, rule, false);
  }

  private async check(key: string, rule: LimitRule, record: boolean): Promise<LimitDecision> {
    const now = this.clock.now().getTime();
    const { count, recorded, oldest, receipt } = await this.log.hit(key, now, rule.windowMs, rule.max, record);
    const allowed = record ? recorded : count < rule.max;
    if (allowed) return { allowed, retryAfterSeconds: 0, receipt };
    const freesAt = (oldest ?? now) + rule.windowMs;
    return { allowed, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }
}
