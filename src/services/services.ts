import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.types.js';
import { AbuseGuard, type AbuseEvents } from './abuse-guard.js';
import { AccessTokens } from './access-tokens.js';
import { AccountService } from './account.service.js';
import type { Clock } from './clock.js';
import type { HitLog } from './hit-log.js';
import { IpBans } from './ip-bans.js';
import type { Mailer } from './mail.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordResetService } from './password-reset.service.js';
import { RateLimiter } from './rate-limiter.js';
import { SignedTokens } from './signed-tokens.js';
import { TaskService } from './task.service.js';

/** Every service of one app, wired once by the app factory and shared by both transports. */
export interface Services {
  accounts: AccountService;
  passwordResets: PasswordResetService;
  tasks: TaskService;
  tokens: AccessTokens;
  guard: AbuseGuard;
  /** Owns worker threads: closed with the app. */
  passwords: PasswordHasher;
}

export interface ServiceDependencies {
  db: Kysely<Database>;
  mailer: Mailer;
  clock: Clock;
  /** Where rate-limit hits are counted: this process, or Redis shared by all instances. */
  hitLog: HitLog;
  abuseEvents?: AbuseEvents;
  logger?: Logger;
}

export function createServices(config: Config, { db, mailer, clock, hitLog, abuseEvents, logger }: ServiceDependencies): Services {
  const signer = new SignedTokens({ ...config.jwt, clock });
  const tokens = new AccessTokens(db, signer, config.jwt.expiresInSeconds);
  const hasher = new PasswordHasher(config.bcryptRounds, config.passwordWorkers);
  const guard = new AbuseGuard(new RateLimiter(hitLog, clock), new IpBans(db, clock, logger?.child({ module: 'ip-bans' })), config.limits, abuseEvents);
  return {
    accounts: new AccountService(db, hasher, tokens, guard),
    passwordResets: new PasswordResetService(db, signer, hasher, mailer, guard, { secret: config.jwt.secret, clock }),
    tasks: new TaskService(db, config.taskQuota, guard),
    tokens,
    guard,
    passwords: hasher,
  };
}
