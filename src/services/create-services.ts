import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.types.js';
import { IdempotencyKeyRepository } from '../db/repositories/idempotency-key.repository.js';
import { IpBanRepository } from '../db/repositories/ip-ban.repository.js';
import { PasswordResetRepository } from '../db/repositories/password-reset.repository.js';
import { ProjectRepository } from '../db/repositories/project.repository.js';
import { TaskChangeAnnouncer } from '../db/task-change.announcer.js';
import { TaskChangeRepository } from '../db/repositories/task-change.repository.js';
import { TaskRepository } from '../db/repositories/task.repository.js';
import { SessionRepository } from '../db/repositories/session.repository.js';
import { UserRepository } from '../db/repositories/user.repository.js';
import { AbuseGuard, type AbuseEvents } from './abuse/abuse-guard.js';
import { AccessTokens } from './auth/access-tokens.js';
import { DeviceTokens } from './auth/device-tokens.js';
import { AccountService } from './accounts/account.service.js';
import { BackgroundWork } from './background-work.js';
import type { Clock } from './clock.js';
import type { HitLog } from './abuse/hit-log.js';
import { IpBans } from './abuse/ip-bans.js';
import type { Mailer } from '../mail/mail.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { PasswordResetService } from './password-reset/password-reset.service.js';
import { ProjectService } from './projects/project.service.js';
import { RateLimiter } from './abuse/rate-limiter.js';
import { SignedTokens } from './auth/signed-tokens.js';
import { TaskChangeSignals } from './task-changes/task-change.signals.js';
import { TaskChangeService } from './task-changes/task-change.service.js';
import { TaskService } from './tasks/task.service.js';
import { LiveSessions } from './auth/live-sessions.js';
import { RefreshTokens } from './auth/refresh-tokens.js';
import { SessionService } from './sessions/session.service.js';

/** Every service of one app, wired once by the app factory and shared by both transports. */
export interface Services {
  accounts: AccountService;
  passwordResets: PasswordResetService;
  tasks: TaskService;
  projects: ProjectService;
  taskChanges: TaskChangeService;
  /** Wakes subscribers when the database announces a change (the app factory connects the feed). */
  taskChangeSignals: TaskChangeSignals;
  sessions: SessionService;
  tokens: AccessTokens;
  /** Follows the database's session ends (the app factory connects the feed). */
  liveSessions: LiveSessions;
  guard: AbuseGuard;
  /** Owns worker threads: closed with the app. */
  passwords: PasswordHasher;
  /** Writes finishing after their answer: drained before the app closes its pool. */
  background: BackgroundWork;
}

export interface ServiceDependencies {
  db: Kysely<Database>;
  mailer: Mailer;
  clock: Clock;
  /** Where budgets are counted: `shared` for the security budgets, `local` for throughput ones. */
  hitLogs: { shared: HitLog; local: HitLog };
  abuseEvents?: AbuseEvents;
  logger?: Logger;
}

export function createServices(config: Config, { db, mailer, clock, hitLogs, abuseEvents, logger }: ServiceDependencies): Services {
  // Every repository, built once here and handed to the services that use it.
  const users = new UserRepository();
  const tasks = new TaskRepository(db);
  const resets = new PasswordResetRepository();
  const ipBans = new IpBanRepository();
  const sessionRows = new SessionRepository(db);
  const projectRows = new ProjectRepository();

  const background = new BackgroundWork(logger);
  const signer = new SignedTokens({ ...config.jwt, clock });
  const liveSessions = new LiveSessions(db, sessionRows, clock);
  const taskChangeSignals = new TaskChangeSignals();
  const announcer = new TaskChangeAnnouncer(db);
  const announceChange = (userId: number) => announcer.announce(userId);
  // Every member reads a project's changes: each of them is woken.
  const announceProjectChange = async (projectId: number) => {
    await Promise.all((await projectRows.memberIds(db, projectId)).map(announceChange));
  };
  const tokens = new AccessTokens(signer, liveSessions, config.jwt.expiresInSeconds);
  const hasher = new PasswordHasher(config.bcryptRounds, config.passwordWorkers);
  const banLog = logger?.child({ module: 'ip-bans' });
  const bans = new IpBans(db, ipBans, clock, banLog, config.limits.ipv6Prefix);
  const limiters = { shared: new RateLimiter(hitLogs.shared, clock), local: new RateLimiter(hitLogs.local, clock) };
  const guardOptions = { ...config.limits, spareLoopback: config.profile === 'development', logger: banLog };
  const guard = new AbuseGuard(limiters, bans, guardOptions, abuseEvents);
  const sessions = new SessionService(
    { db, sessions: sessionRows, accessTokens: tokens, refreshTokens: new RefreshTokens(config.jwt.secret), live: liveSessions, guard, clock, logger },
    config.sessions,
  );
  return {
    accounts: new AccountService({
      db,
      users,
      hasher,
      sessions,
      guard,
      mailer,
      devices: new DeviceTokens(signer),
      projects: projectRows,
      announceProjectChange,
      background,
    }),
    passwordResets: new PasswordResetService({ db, users, resets, signer, hasher, mailer, guard, sessions, background }, { secret: config.jwt.secret, clock }),
    tasks: new TaskService(
      {
        db,
        tasks,
        idempotencyKeys: new IdempotencyKeyRepository(),
        guard,
        clock,
        announceChange,
        announceProjectChange,
        roleOf: (userId, projectId) => projectRows.roleOf(db, userId, projectId),
        background,
      },
      { personal: config.taskQuota, project: config.projectTaskQuota },
    ),
    projects: new ProjectService(
      {
        db,
        projects: projectRows,
        guard,
        clock,
        mailer,
        emailOf: async (userId) => (await users.getById(db, userId))?.email,
        announceChange,
        announceProjectChange,
        background,
      },
      config.invitationTtlSeconds,
    ),
    taskChanges: new TaskChangeService(
      { db, changes: new TaskChangeRepository(db), guard, clock, signals: taskChangeSignals, liveSessions },
      config.changeRetentionSeconds,
    ),
    taskChangeSignals,
    sessions,
    tokens,
    liveSessions,
    guard,
    passwords: hasher,
    background,
  };
}
