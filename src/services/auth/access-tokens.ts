import type { Caller, Requester } from '../caller.js';
import { tokenError, type SignedTokens } from './signed-tokens.js';
import type { TokenVersions } from './token-versions.js';

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/**
 * Access tokens: a JWT naming the user and their token version. Every check compares it
 * with the user's current version, so a password reset (which bumps it) ends every earlier
 * session, on every instance.
 */
export class AccessTokens {
  constructor(
    private readonly signer: SignedTokens,
    private readonly versions: TokenVersions,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: number, tokenVersion: number): IssuedToken {
    const token = this.signer.sign('access', String(userId), this.ttlSeconds, { ver: tokenVersion });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The caller a token stands for; UNAUTHORIZED with the contract's reasons otherwise. */
  async authenticate(token: string | undefined, requester: Requester): Promise<Caller> {
    const { subject, claims } = this.signer.verify('access', token);
    const userId = Number(subject);
    if (!Number.isSafeInteger(userId) || userId <= 0) throw tokenError('token invalid');
    const current = await this.versions.current(userId);
    if (current === undefined || current !== claims.ver) throw tokenError('token invalid');
    return { userId, ip: requester.ip };
  }
}
