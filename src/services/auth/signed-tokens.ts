import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../../errors/app-error.js';
import type { Clock } from '../clock.js';

/** What a token is for; a token of one use is never accepted for another. */
export type TokenUse = 'access' | 'otp' | 'reset' | 'device';

export interface SignedTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  clock: Clock;
}

export interface VerifiedToken {
  subject: string;
  claims: jwt.JwtPayload;
}

// Pinned: jsonwebtoken would otherwise accept any HMAC algorithm signed with our secret.
const ALGORITHM = 'HS256';
/** How many verified tokens one instance remembers; the oldest makes room. */
const MAX_REMEMBERED = 10_000;

export const tokenError = (reason: 'token is missing' | 'token invalid' | 'token expired') => new AppError('UNAUTHORIZED', { message: 'Unauthorized', reason });

/** HS256 JWTs with issuer, audience, a `use` claim and expiry, on the injected clock. */
export class SignedTokens {
  // Made once: given the string, jsonwebtoken first tries (and fails) to parse it as a PEM
  // public key on every call, which cost more than the HMAC itself.
  private readonly key: KeyObject;
  /**
   * Tokens that passed verification, by their exact text (signature included, so nothing
   * forged can match), until they expire. A client sends the same token on every request,
   * and checking its signature and claims again cost a simple read measurably (BENCHMARKS.md).
   * Only the signature and claims are remembered: revocation is the live session check's job,
   * checked on every request.
   */
  private readonly verified = new Map<string, jwt.JwtPayload & { exp: number }>();

  constructor(private readonly options: SignedTokenOptions) {
    this.key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  }

  sign(use: TokenUse, subject: string, ttlSeconds: number, claims: Record<string, string | number> = {}): string {
    const { issuer, audience, clock } = this.options;
    const iat = Math.floor(clock.now().getTime() / 1000);
    return jwt.sign({ ...claims, use, iat }, this.key, {
      algorithm: ALGORITHM,
      subject,
      expiresIn: ttlSeconds,
      issuer,
      audience,
    });
  }

  /** The token's subject and claims; UNAUTHORIZED with the contract's reasons otherwise. */
  verify(use: TokenUse, token: string | undefined): VerifiedToken {
    if (!token) throw tokenError('token is missing');
    const now = Math.floor(this.options.clock.now().getTime() / 1000);
    const remembered = this.verified.get(token);
    const claims = remembered ?? this.verifySignature(token, now);
    // The one expiry check, for fresh and remembered tokens alike (as jsonwebtoken decides it).
    if (now >= claims.exp) {
      if (remembered) this.verified.delete(token);
      throw tokenError('token expired');
    }
    // Remembered once its signature and expiry have passed (an expired one never is); the use
    // is checked on every call, whoever presents the token for what.
    if (!remembered) this.remember(token, claims);
    if (claims.use !== use || typeof claims.sub !== 'string') throw tokenError('token invalid');
    return { subject: claims.sub, claims };
  }

  private verifySignature(token: string, now: number): jwt.JwtPayload & { exp: number } {
    const { issuer, audience } = this.options;
    let claims: jwt.JwtPayload | string;
    try {
      // Expiry is left to `verify`, which also applies it to remembered tokens.
      claims = jwt.verify(token, this.key, { algorithms: [ALGORITHM], issuer, audience, clockTimestamp: now, ignoreExpiration: true });
    } catch {
      throw tokenError('token invalid');
    }
    // Every token we sign expires; one that does not is not ours to remember.
    if (typeof claims !== 'object' || typeof claims.exp !== 'number') throw tokenError('token invalid');
    return claims as jwt.JwtPayload & { exp: number };
  }

  private remember(token: string, claims: jwt.JwtPayload & { exp: number }): void {
    if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
  }
}
