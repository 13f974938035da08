import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types.js';
import { UserRepository } from '../db/user.repository.js';
import type { Caller, Requester } from './caller.js';
import { tokenError, type SignedTokens } from './signed-tokens.js';

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/**
 * Access tokens: a JWT naming the user and their token version. Every check reads the
 * version back, so a password reset (which bumps it) ends every earlier session at once,
 * on every instance.
 */
export class AccessTokens {
  private readonly users: UserRepository;

  constructor(
    db: Kysely<Database>,
    private readonly signer: SignedTokens,
    private readonly ttlSeconds: number,
  ) {
    this.users = new UserRepository(db);
  }

  issue(userId: number, tokenVersion: number): IssuedToken {
    const token = this.signer.sign('access', String(userId), this.ttlSeconds, { ver: tokenVersion });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The caller a token stands for; UNAUTHORIZED with the contract's reasons otherwise. */
  async authenticate(token: string | undefined, requester: Requester): Promise<Caller> {
    const { subject, claims } = this.signer.verify('access', token);
    const userId = Number(subject);
    if (!Number.isSafeInteger(userId) || userId <= 0) throw tokenError('token invalid');
    const current = await this.users.getTokenVersion(userId);
    if (current === undefined || current !== claims.ver) throw tokenError('token invalid');
    return { userId, ip: requester.ip };
  }
}
