import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../errors/app-error.js';
import type { Clock } from './clock.js';

/** What a token is for; a token of one use is never accepted for another. */
export type TokenUse = 'access' | 'otp' | 'reset';

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

export const tokenError = (reason: 'token is missing' | 'token invalid' | 'token expired') =>
  new AppError('UNAUTHORIZED', { message: 'Unauthorized', reason });

/** HS256 JWTs with issuer, audience, a `use` claim and expiry, on the injected clock. */
export class SignedTokens {
  // Made once: given the string, jsonwebtoken first tries (and fails) to parse it as a PEM
  // public key on every call, which cost more than the HMAC itself.
  private readonly key: KeyObject;

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
    const { issuer, audience, clock } = this.options;
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer,
        audience,
        clockTimestamp: Math.floor(clock.now().getTime() / 1000),
      });
    } catch (error) {
      throw tokenError(error instanceof jwt.TokenExpiredError ? 'token expired' : 'token invalid');
    }
    if (typeof claims !== 'object' || claims.use !== use || typeof claims.sub !== 'string') throw tokenError('token invalid');
    return { subject: claims.sub, claims };
  }
}
