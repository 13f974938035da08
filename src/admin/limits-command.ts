import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.types.js';
import { IpBanRepository } from '../db/repositories/ip-ban.repository.js';
import { announce, CHANNELS } from '../db/notifications.js';
import { createHitLogs } from '../hit-logs/hit-log-factory.js';
import { AbuseGuard } from '../services/abuse/abuse-guard.js';
import { IpBans } from '../services/abuse/ip-bans.js';
import { RateLimiter } from '../services/abuse/rate-limiter.js';
import { systemClock } from '../services/clock.js';
import { UsageError } from './bans-command.js';

export const LIMITS_USAGE = 'usage: npm run limits -- reset [SUBJECT]   (an address, a user id, or a login name such as username:alice)';

/** Where a reset reaches: the shared stores (PostgreSQL, Redis) and every running process's memory. */
export interface LimitsReset {
  guard: Pick<AbuseGuard, 'forgiveSubject'>;
  /** Tells every running instance to forget the subject's budgets (`*`: everyone's). */
  announce(subject: string): Promise<void>;
  close(): Promise<void>;
}

/** The stores the app counts budgets in, as `config` names them, on `db`. */
export function limitsResetOn(db: Kysely<Database>, config: Config, logger: Logger): LimitsReset {
  const stores = createHitLogs(config.limits.redisUrl, config.limits.redisKeyPrefix, db, logger);
  const limiters = { shared: new RateLimiter(stores.shared, systemClock), local: new RateLimiter(stores.local, systemClock) };
  return {
    guard: new AbuseGuard(limiters, new IpBans(db, new IpBanRepository(), systemClock, logger), config.limits),
    announce: (subject) => announce(db, CHANNELS.limitResets, subject),
    close: () => stores.close(),
  };
}

/**
 * `reset [SUBJECT]`: makes a subject's budgets whole again (every budget counted by that
 * address, user id or login name), or everyone's, in the shared stores and in the memory of
 * every running process. Returns the lines to print.
 */
export async function runLimitsCommand(argv: string[], { guard, announce }: Pick<LimitsReset, 'guard' | 'announce'>): Promise<string[]> {
  const [command, subject, ...extra] = argv;
  if (command !== 'reset' || extra.length > 0 || subject === '*') throw new UsageError(LIMITS_USAGE);
  await guard.forgiveSubject(subject);
  await announce(subject ?? '*');
  return [subject === undefined ? 'reset every budget' : `reset the budgets of ${subject}`];
}
