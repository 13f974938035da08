import type { Caller, Requester } from '../caller.js';
import type { LiveSessions } from './live-sessions.js';
import { tokenError, type SignedTokens } from './signed-tokens.js';

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/**
 * Access tokens: a short-lived JWT naming the user and their session. Every check asks
 * whether the session is still live, so ending one (logout, revocation, a password change
 * or reset, the account's deletion) ends its access tokens at once, on every instance.
 */
export class AccessTokens {
  constructor(
    private readonly signer: SignedTokens,
    private readonly sessions: LiveSessions,
    private readonly ttlSeconds: number,
  ) {}

  /** A token for the session, never outliving it (`sessionEndsIn` seconds from now). */
  issue(userId: number, sessionId: string, sessionEndsIn: number): IssuedToken {
    const ttl = Math.max(1, Math.min(this.ttlSeconds, Math.floor(sessionEndsIn)));
    const token = this.signer.sign('access', String(userId), ttl, { sid: sessionId });
    return { token, expiresIn: ttl };
  }

  /** The caller a token stands for; UNAUTHORIZED with the contract's reasons otherwise. */
  async authenticate(token: string | undefined, requester: Requester): Promise<Caller> {
    const { userId, sessionId } = this.verify(token);
    if ((await this.sessions.userOf(sessionId)) !== userId) throw tokenError('token invalid');
    return { userId, sessionId, ip: requester.ip };
  }

  /**
   * The same, with the moment the token expires (milliseconds since the epoch): a connection
   * that authenticates once must end when its token does.
   */
  async authenticateUntilExpiry(token: string | undefined, requester: Requester): Promise<{ caller: Caller; expiresAt: number }> {
    const caller = await this.authenticate(token, requester);
    return { caller, expiresAt: this.verify(token).expiresAt };
  }

  private verify(token: string | undefined): { userId: number; sessionId: string; expiresAt: number } {
    const { subject, claims } = this.signer.verify('access', token);
    const userId = Number(subject);
    const sessionId = claims.sid;
    if (!Number.isSafeInteger(userId) || userId <= 0 || typeof sessionId !== 'string') throw tokenError('token invalid');
    return { userId, sessionId, expiresAt: (claims.exp ?? 0) * 1000 };
  }
}
