import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/database-errors.js';
import type { Database, User } from '../db/database.types.js';
import { USER_UNIQUE_INDEX, type UserRepository } from '../db/user.repository.js';
import { AppError } from '../errors/app-error.js';
import type { AccessTokens, IssuedToken } from './auth/access-tokens.js';
import { loginSchema, signupSchema } from './account.validation.js';
import type { AbuseGuard } from './abuse/abuse-guard.js';
import type { Caller, Requester } from './caller.js';
import type { PasswordHasher } from './auth/password-hasher.js';
import { parseInput } from './validation.js';

/** What may be shown of a user: never the hash. */
export type PublicUser = Pick<User, 'id' | 'username' | 'email' | 'created_at'>;

const toPublicUser = ({ id, username, email, created_at }: User): PublicUser => ({ id, username, email, created_at });

const usernameTaken = () => new AppError('USER_ALREADY_EXISTS', { message: 'username already exist', reason: 'username taken' });
const emailTaken = () => new AppError('USER_ALREADY_EXISTS', { message: 'email already in use', reason: 'email taken' });
// One answer for "no such user" and "wrong password", so login reveals nothing.
const invalidCredentials = () =>
  new AppError('UNAUTHORIZED', { message: 'Invalid credentials', reason: 'invalid credentials' });

/** Signup, login and the caller's own profile. */
export class AccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly guard: AbuseGuard,
  ) {}

  async signup(requester: Requester, input: unknown): Promise<PublicUser> {
    // Validated first: a form's typo must not spend a developer's signups. Spent before any
    // lookup or hashing, the work the budget guards.
    const { username, email, password } = parseInput(signupSchema, input);
    await this.guard.consume(requester.ip, ['signups', requester.ip]);
    const taken = await this.users.findTaken(this.db, username, email);
    if (taken.username) throw usernameTaken();
    if (taken.email) throw emailTaken();

    const passwordHash = await this.hasher.hash(password);
    try {
      return toPublicUser(await this.users.create(this.db, { username, email, password_hash: passwordHash }));
    } catch (error) {
      // Lost a race with a concurrent signup for the same name or address.
      if (isUniqueViolation(error, USER_UNIQUE_INDEX.username)) throw usernameTaken();
      if (isUniqueViolation(error, USER_UNIQUE_INDEX.email)) throw emailTaken();
      throw error;
    }
  }

  async login(requester: Requester, input: unknown): Promise<IssuedToken> {
    const { username, email, password } = parseInput(loginSchema, input);
    // Counted by the name as typed, never by the account behind it: a known and an unknown
    // name spend alike, so the count cannot tell whether a username and an email are one account.
    const name = username !== undefined ? `username:${username}` : `email:${email}`;
    // Spent before bcrypt, as if the guess will fail, and given back when it does not: so N
    // parallel guesses spend N, and no more bcrypt runs for them than the budgets allow.
    const reservation = await this.guard.consume(
      requester.ip,
      ['loginFailures', `${name}|${requester.ip}`],
      ['loginFailuresPerName', name],
      ['loginFailuresPerIp', requester.ip],
    );
    const user = await this.users.findOne(this.db, username !== undefined ? { username } : { email: email ?? '' });
    // Verify even without a user: the answer must take as long either way.
    const valid = await this.hasher.verify(password, user?.password_hash);
    if (!user || !valid) {
      // Failing across accounts from one address is an attack, not haste: its budget spent, the address is banned.
      await this.guard.banIfSpent(requester.ip, ['loginFailuresPerIp', requester.ip]);
      throw invalidCredentials();
    }
    await reservation.giveBack();
    return this.tokens.issue(user.id, user.token_version);
  }

  async getProfile(caller: Caller): Promise<PublicUser> {
    const user = await this.users.getById(this.db, caller.userId);
    if (!user) throw new AppError('UNAUTHORIZED', { reason: 'token invalid' });
    return toPublicUser(user);
  }
}
