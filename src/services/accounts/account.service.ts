import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/database-errors.js';
import type { Database, User } from '../../db/database.types.js';
import { USER_UNIQUE_INDEX, type UserRepository } from '../../db/repositories/user.repository.js';
import type { ProjectRepository } from '../../db/repositories/project.repository.js';
import type { BackgroundWork } from '../background-work.js';
import { AppError } from '../../errors/app-error.js';
import { accountDeletedEmail, passwordChangedEmail } from '../../mail/account-notice.email.js';
import { changePasswordSchema, deleteAccountSchema, loginSchema, signupSchema } from './account.validation.js';
import { passwordReuse } from '../auth/password-policy.js';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { Caller, Requester } from '../caller.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { Mailer } from '../../mail/mail.js';
import type { DeviceTokens, KnownDevice } from '../auth/device-tokens.js';
import type { IssuedSession, SessionService } from '../sessions/session.service.js';
import { parseInput } from '../validation.js';

/** What may be shown of a user: never the hash. */
export type PublicUser = Pick<User, 'id' | 'username' | 'email' | 'created_at'>;

const toPublicUser = ({ id, username, email, created_at }: User): PublicUser => ({ id, username, email, created_at });

const usernameTaken = () => new AppError('USER_ALREADY_EXISTS', { message: 'username already exist', reason: 'username taken' });
const emailTaken = () => new AppError('USER_ALREADY_EXISTS', { message: 'email already in use', reason: 'email taken' });
// One answer for "no such user" and "wrong password", so login reveals nothing.
const invalidCredentials = () => new AppError('UNAUTHORIZED', { message: 'Invalid credentials', reason: 'invalid credentials' });
// A logged-in caller's wrong password: not 401, which clients read as "the token is bad".
const wrongPassword = (field: string) =>
  new AppError('FORBIDDEN_ACCESS', { message: 'Wrong password', reason: 'wrong password', details: { [field]: ['is not your password'] } });

/** What an AccountService works with, wired once by `createServices`. */
export interface AccountDependencies {
  db: Kysely<Database>;
  users: UserRepository;
  hasher: PasswordHasher;
  sessions: SessionService;
  guard: AbuseGuard;
  mailer: Mailer;
  devices: DeviceTokens;
  /** Hands the user's projects over before their account goes (a project keeps an owner). */
  projects: Pick<ProjectRepository, 'handOver'>;
  /** Wakes the members of a project whose changes were appended (tasks unassigned). */
  announceProjectChange: (projectId: number) => Promise<void>;
  background: BackgroundWork;
}

/** A login's answer: the session, and the device token to present at the next login. */
export type LoginResult = IssuedSession & { deviceToken: string };

/** Signup, login, the caller's own profile, a password change and the account's deletion. */
export class AccountService {
  constructor(private readonly deps: AccountDependencies) {}

  async signup(requester: Requester, input: unknown): Promise<PublicUser> {
    // Validated first: a form's typo must not spend a developer's signups. Spent before any
    // lookup or hashing, the work the budget guards.
    const { username, email, password } = parseInput(signupSchema, input);
    await this.deps.guard.consume(requester.ip, ['signups', requester.ip]);
    const taken = await this.deps.users.findTaken(this.deps.db, username, email);
    if (taken.username) throw usernameTaken();
    if (taken.email) throw emailTaken();

    const passwordHash = await this.deps.hasher.hash(password);
    try {
      return toPublicUser(await this.deps.users.create(this.deps.db, { username, email, password_hash: passwordHash }));
    } catch (error) {
      // Lost a race with a concurrent signup for the same name or address.
      if (isUniqueViolation(error, USER_UNIQUE_INDEX.username)) throw usernameTaken();
      if (isUniqueViolation(error, USER_UNIQUE_INDEX.email)) throw emailTaken();
      throw error;
    }
  }

  /**
   * Starts a session: an access token and a refresh token, and a device token. A login
   * presenting the account's device token (OWASP's device cookie) counts its failures per
   * device, not against the login name, which a distributed guesser may have spent: the
   * owner's known devices get in whatever strangers guessed.
   */
  async login(requester: Requester, input: unknown): Promise<LoginResult> {
    const { username, email, password, deviceToken } = parseInput(loginSchema, input);
    const find = () => this.deps.users.findOne(this.deps.db, username !== undefined ? { username } : { email: email ?? '' });
    // Counted by the name as typed, never by the account behind it: a known and an unknown
    // name spend alike, so the count cannot tell whether a username and an email are one account.
    const name = username !== undefined ? `username:${username}` : `email:${email}`;
    const device = this.deps.devices.read(deviceToken);
    // Only a token this server signed gets here, so only the owner's devices (or a stolen
    // token, bounded per device) look the account up before spending.
    let user = device ? await find() : undefined;
    const known: KnownDevice | undefined = device && user?.id === device.userId ? device : undefined;
    // Spent before bcrypt, as if the guess will fail, and given back when it does not: so N
    // parallel guesses spend N, and no more bcrypt runs for them than the budgets allow.
    const reservation = await this.deps.guard.consume(
      requester.ip,
      ...(known
        ? [['loginFailures', `device:${known.deviceId}`] as const]
        : [['loginFailures', `${name}|${requester.ip}`] as const, ['loginFailuresPerName', name] as const]),
      ['loginFailuresPerIp', requester.ip],
    );
    if (!device) user = await find();
    // Verify even without a user: the answer must take as long either way.
    const valid = await this.deps.hasher.verify(password, user?.password_hash);
    if (!user || !valid) {
      // Failing across accounts from one address is an attack, not haste: its budget spent, the address is banned.
      await this.deps.guard.banIfSpent(requester.ip, ['loginFailuresPerIp', requester.ip]);
      throw invalidCredentials();
    }
    await reservation.giveBack();
    const issued = await this.deps.sessions.start(user.id, requester);
    return { ...issued, deviceToken: this.deps.devices.issue(user.id, known) };
  }

  async getProfile(caller: Caller): Promise<PublicUser> {
    const user = await this.deps.users.getById(this.deps.db, caller.userId);
    if (!user) throw new AppError('UNAUTHORIZED', { reason: 'token invalid' });
    return toPublicUser(user);
  }

  /**
   * Changes the caller's password: needs the current one, follows the signup rules, and ends
   * every other session (the one asking stays). A notice goes to the account's email.
   */
  async changePassword(caller: Caller, input: unknown): Promise<{ endedSessions: number }> {
    const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
    const user = await this.checkPassword(caller, currentPassword, 'currentPassword');
    if (newPassword === currentPassword) throw passwordReuse();
    const passwordHash = await this.deps.hasher.hash(newPassword);
    const ended = await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.users.setPassword(trx, user.id, passwordHash);
      return this.deps.sessions.endAll(trx, user.id, caller.sessionId);
    });
    this.deps.sessions.forget(ended);
    this.deps.mailer.deliver(passwordChangedEmail(user.email, user.username));
    return { endedSessions: ended.length };
  }

  /**
   * Deletes the caller's account with its tasks, sessions and reset state, in one
   * transaction; its tokens stop working at once. Its projects are handed over: one it alone
   * is in goes, one it was the last owner of gets the member who joined first as owner. A
   * notice goes to the former address.
   */
  async deleteAccount(caller: Caller, input: unknown): Promise<void> {
    const { password } = parseInput(deleteAccountSchema, input);
    const user = await this.checkPassword(caller, password, 'password');
    const ended = await this.deps.db.transaction().execute(async (trx) => {
      // Named before the user goes, so this instance forgets them at once.
      const sessions = await this.deps.sessions.endAll(trx, user.id);
      const projects = await this.deps.projects.handOver(trx, user.id);
      await this.deps.users.delete(trx, user.id);
      return { sessions, projects };
    });
    this.deps.sessions.forget(ended.sessions);
    for (const projectId of ended.projects) this.deps.background.track('announcing a membership change', this.deps.announceProjectChange(projectId));
    this.deps.mailer.deliver(accountDeletedEmail(user.email, user.username));
  }

  /**
   * The caller's account, once `password` proved to be its password. The check is budgeted
   * per account like a login: spent before bcrypt, given back when it passes.
   */
  private async checkPassword(caller: Caller, password: string, field: string): Promise<User> {
    const reservation = await this.deps.guard.consume(caller.ip, ['passwordChecks', `user:${caller.userId}`]);
    const user = await this.deps.users.getById(this.deps.db, caller.userId);
    if (!user) throw new AppError('UNAUTHORIZED', { reason: 'token invalid' });
    if (!(await this.deps.hasher.verify(password, user.password_hash))) throw wrongPassword(field);
    await reservation.giveBack();
    return user;
  }
}
