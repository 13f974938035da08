import { createHash } from 'node:crypto';
import { AppError } from '../../errors/app-error.js';
import type { IpBans } from './ip-bans.js';
import type { LimitName, LimitRule, LimitRules } from '../../config/limit-rules.js';
import type { RateLimiter } from './rate-limiter.js';

/** A budget and whose it is: `['signups', ip]`, `['taskReads', userId]`. */
export type Budget = readonly [LimitName, string | number];

export interface AbuseGuardOptions {
  rules: LimitRules;
  banDurationMs: number;
}

/** What the guard did, for metrics; both optional. */
export interface AbuseEvents {
  refused?(limit: LimitName): void;
  banned?(cause: LimitName): void;
}

// Spending these is an attack in itself, not just haste: the address is banned at once.
const BAN_ON_EXCEEDING: ReadonlySet<LimitName> = new Set(['loginFailuresPerIp', 'rejections']);

/**
 * The one place limits are applied. Services call it with the budgets an action spends, so
 * REST and GraphQL draw on the same budget, and every GraphQL alias counts as a call.
 * Refusals are themselves counted per address; too many, and the address is banned.
 */
export class AbuseGuard {
  constructor(
    private readonly limiter: RateLimiter,
    readonly bans: IpBans,
    private readonly options: AbuseGuardOptions,
    private readonly events: AbuseEvents = {},
  ) {}

  /** Spends one of each budget; TOO_MANY_REQUESTS when any is already spent. */
  async consume(ip: string, ...budgets: Budget[]): Promise<void> {
    for (const budget of budgets) {
      const decision = await this.limiter.consume(keyOf(budget), this.rule(budget));
      if (!decision.allowed) await this.refuse(ip, budget, decision.retryAfterSeconds);
    }
  }

  /** Refuses when any budget is spent, without spending (for budgets of failures only). */
  async ensureAvailable(ip: string, ...budgets: Budget[]): Promise<void> {
    for (const budget of budgets) {
      const decision = await this.limiter.peek(keyOf(budget), this.rule(budget));
      if (!decision.allowed) await this.refuse(ip, budget, decision.retryAfterSeconds);
    }
  }

  /** Spends one of each budget without refusing now (a failure just happened); may ban. */
  async record(ip: string, ...budgets: Budget[]): Promise<void> {
    for (const budget of budgets) {
      const decision = await this.limiter.consume(keyOf(budget), this.rule(budget));
      if (!decision.allowed && BAN_ON_EXCEEDING.has(budget[0])) await this.ban(ip, budget[0]);
    }
  }

  private async refuse(ip: string, [name]: Budget, retryAfterSeconds: number): Promise<never> {
    this.events.refused?.(name);
    const rejections = await this.limiter.consume(keyOf(['rejections', ip]), this.options.rules.rejections);
    const banFor = BAN_ON_EXCEEDING.has(name) ? name : rejections.allowed ? undefined : 'rejections';
    if (banFor) await this.ban(ip, banFor);
    throw new AppError('TOO_MANY_REQUESTS', {
      message: `Too many requests, try again in ${retryAfterSeconds} s`,
      reason: `${name} limit reached`,
      retryAfterSeconds,
    });
  }

  private async ban(ip: string, cause: LimitName): Promise<void> {
    this.events.banned?.(cause);
    await this.bans.ban(ip, this.options.banDurationMs, `${cause} limit exceeded`);
  }

  private rule([name]: Budget): LimitRule {
    return this.options.rules[name];
  }
}

// Hashed: a subject's length (a login name, an email) never decides a key's size, here or in Redis.
const keyOf = ([name, subject]: Budget) => `${name}:${createHash('sha256').update(String(subject).toLowerCase()).digest('base64url').slice(0, 22)}`;
