import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.types.js';
import { AccessTokens } from './access-tokens.js';
import { AccountService } from './account.service.js';
import { PasswordHasher } from './password-hasher.js';
import { TaskService } from './task.service.js';

/** Every service of one app, wired once by the app factory and shared by both transports. */
export interface Services {
  accounts: AccountService;
  tasks: TaskService;
  tokens: AccessTokens;
}

export function createServices(config: Config, db: Kysely<Database>): Services {
  const tokens = new AccessTokens(config.jwt);
  return {
    accounts: new AccountService(db, new PasswordHasher(config.bcryptRounds), tokens),
    tasks: new TaskService(db, config.taskQuota),
    tokens,
  };
}
