import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.types.js';
import { AccessTokens } from './access-tokens.js';
import { AccountService } from './account.service.js';
import type { Clock } from './clock.js';
import type { Mailer } from './mail.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordResetService } from './password-reset.service.js';
import { SignedTokens } from './signed-tokens.js';
import { TaskService } from './task.service.js';

/** Every service of one app, wired once by the app factory and shared by both transports. */
export interface Services {
  accounts: AccountService;
  passwordResets: PasswordResetService;
  tasks: TaskService;
  tokens: AccessTokens;
}

export interface ServiceDependencies {
  db: Kysely<Database>;
  mailer: Mailer;
  clock: Clock;
}

export function createServices(config: Config, { db, mailer, clock }: ServiceDependencies): Services {
  const signer = new SignedTokens({ ...config.jwt, clock });
  const tokens = new AccessTokens(db, signer, config.jwt.expiresInSeconds);
  const hasher = new PasswordHasher(config.bcryptRounds);
  return {
    accounts: new AccountService(db, hasher, tokens),
    passwordResets: new PasswordResetService(db, signer, hasher, mailer, { secret: config.jwt.secret, clock }),
    tasks: new TaskService(db, config.taskQuota),
    tokens,
  };
}
