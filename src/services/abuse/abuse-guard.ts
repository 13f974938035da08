import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../errors/app-error.js';
import type { IpBans } from './ip-bans.js';
import { LIMIT_DEFAULTS, type LimitName, type LimitRule, type LimitRules } from '../../config/limit-rules.js';
import type { RateLimiter } from './rate-limiter.js';

/** Budgets spent by {@link AbuseGuard.consume}, until given back. */
export interface Reservation {
  giveBack(): Promise<void>;
}

/** A budget and whose it is: `['signups', subject]` (a client address's subject), `['taskReads', userId]`. */
export type Budget = readonly [LimitName, string | number];

export interface AbuseGuardOptions {
  rules: LimitRules;
  banDurationMs: number;
  /**
   * Development: a loopback address is never banned, nor refused signups or logins (each is
   * logged as the refusal or ban it would have been).
   */
  spareLoopback?: boolean;
  logger?: Logger;
}

const isLoopback = (subject: string) => subject.startsWith('127.') || subject === '::1';
const LIMIT_NAMES = Object.keys(LIMIT_DEFAULTS) as LimitName[];

/**
 * The budgets a developer spends on their own machine while building a client (signing up
 * and logging in test users over and over): in development, never refused for loopback.
 */
const SPARED_IN_DEVELOPMENT: ReadonlySet<LimitName> = new Set(['signups', 'loginFailures', 'loginFailuresPerName', 'loginFailuresPerIp']);

/** What the guard did, for metrics; both optional. */
export interface AbuseEvents {
  refused?(limit: LimitName): void;
  banned?(cause: LimitName): void;
}

// Per-request throughput: counted per process unless Redis is shared. Every other budget
// guards a secret or an account, and is counted where every process and instance sees it.
const THROUGHPUT_BUDGETS: ReadonlySet<LimitName> = new Set(['requests', 'taskReads', 'taskWrites']);

/** The limiters a guard counts with: `shared` by every instance, `local` to this process (or Redis). */
export interface Limiters {
  shared: RateLimiter;
  local: RateLimiter;
}

/**
 * The one place limits are applied. Services call it with the budgets an action spends, so
 * REST and GraphQL draw on the same budget, and every GraphQL alias counts as a call.
 * Refusals are themselves counted per address; too many, and the address is banned.
 */
export class AbuseGuard {
  constructor(
    private readonly limiters: Limiters,
    readonly bans: IpBans,
    private readonly options: AbuseGuardOptions,
    private readonly events: AbuseEvents = {},
  ) {}

  /**
   * Lets a client address in, or not, before any other work: refused when it is banned, then
   * its overall request budget is spent. The one gate of every transport (HTTP requests,
   * WebSocket connections and their subscriptions). `subject` comes from `bans.subjectOf`.
   */
  async admit(subject: string): Promise<void> {
    await this.bans.assertNotBanned(subject);
    await this.consume(subject, ['requests', subject]);
  }

  /**
   * Spends one of each budget before the work they guard; TOO_MANY_REQUESTS when any is
   * already spent (then none of them is). Atomic per budget, so N parallel requests spend N.
   * Returns what gives the spent budgets back, for work that turned out to cost nothing
   * a budget counts (a login that succeeded spends no failure).
   */
  async consume(subject: string, ...budgets: Budget[]): Promise<Reservation> {
    const spent: Array<[limiter: RateLimiter, key: string, receipt: string]> = [];
    const giveBack = async () => {
      await Promise.all(spent.map(([limiter, key, receipt]) => limiter.release(key, receipt)));
    };
    for (const budget of budgets) {
      const key = keyOf(budget);
      const limiter = this.limiterOf(budget);
      const decision = await limiter.consume(key, this.rule(budget));
      if (!decision.allowed) {
        if (this.spares(subject, budget)) {
          this.options.logger?.warn(
            { ip: subject, limit: budget[0] },
            'would refuse this request, but loopback is spared signup and login limits in development',
          );
          continue;
        }
        await giveBack();
        await this.refuse(subject, budget, decision.retryAfterSeconds);
      }
      if (decision.receipt !== undefined) spent.push([limiter, key, decision.receipt]);
    }
    return { giveBack };
  }

  /**
   * Bans the address when `budget` is now spent by what it counts (failures that happened,
   * not attempts still in flight, which may yet succeed and give theirs back).
   */
  async banIfSpent(subject: string, budget: Budget): Promise<void> {
    const decision = await this.limiterOf(budget).peek(keyOf(budget), this.rule(budget));
    if (!decision.allowed) await this.ban(subject, budget[0]);
  }

  /** Makes a budget whole again (what it counted stops counting). */
  forgive(budget: Budget): Promise<void> {
    return this.limiterOf(budget).clear(keyOf(budget));
  }

  /**
   * Makes every budget of a subject whole (an address, a user id, a login name such as
   * `username:alice`), or every budget of everyone when none is named (`npm run limits`).
   */
  async forgiveSubject(subject?: string): Promise<void> {
    if (subject === undefined) {
      await Promise.all([this.limiters.shared.clearAll(), this.limiters.local.clearAll()]);
      return;
    }
    await Promise.all(LIMIT_NAMES.map((name) => this.forgive([name, subject])));
  }

  private async refuse(subject: string, [name]: Budget, retryAfterSeconds: number): Promise<never> {
    this.events.refused?.(name);
    const rejections = await this.limiters.shared.consume(keyOf(['rejections', subject]), this.options.rules.rejections);
    // Too many refusals is an attack in itself, not just haste: the address is banned.
    if (!rejections.allowed) await this.ban(subject, 'rejections');
    throw new AppError('TOO_MANY_REQUESTS', {
      message: `Too many requests, try again in ${retryAfterSeconds} s`,
      reason: `${name} limit reached`,
      retryAfterSeconds,
    });
  }

  private async ban(subject: string, cause: LimitName): Promise<void> {
    if (this.options.spareLoopback && isLoopback(subject)) {
      this.options.logger?.warn({ ip: subject, cause: `${cause} limit exceeded` }, 'would ban this address, but loopback is never banned in development');
      return;
    }
    this.events.banned?.(cause);
    await this.bans.ban(subject, this.options.banDurationMs, `${cause} limit exceeded`);
  }

  private spares(subject: string, [name]: Budget): boolean {
    return this.options.spareLoopback === true && isLoopback(subject) && SPARED_IN_DEVELOPMENT.has(name);
  }

  private limiterOf([name]: Budget): RateLimiter {
    return THROUGHPUT_BUDGETS.has(name) ? this.limiters.local : this.limiters.shared;
  }

  private rule([name]: Budget): LimitRule {
    return this.options.rules[name];
  }
}

// An address (or network) or a number: bounded, and nothing personal.
const PLAIN_SUBJECT = /^[0-9a-f.:/]{1,49}$/;

/**
 * A budget's key. Addresses and user ids are used as they are; any other subject (a login
 * name, an email, a request id) is hashed, so its length never decides a key's size and the
 * store (memory, Redis, PostgreSQL) never holds it in clear. The separators differ, so a
 * plain key can never equal a hashed one.
 */
function keyOf([name, subject]: Budget): string {
  const text = String(subject).toLowerCase();
  if (PLAIN_SUBJECT.test(text)) return `${name}=${text}`;
  return `${name}:${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
}
