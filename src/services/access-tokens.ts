import jwt from 'jsonwebtoken';
import { AppError } from '../errors/app-error.js';
import type { Caller } from './caller.js';

export interface AccessTokenOptions {
  secret: string;
  expiresInSeconds: number;
  issuer: string;
  audience: string;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

// Pinned: jsonwebtoken would otherwise accept any HMAC algorithm signed with our secret.
const ALGORITHM = 'HS256';
// Marks access tokens apart from any other token signed with the same secret.
const TOKEN_USE = 'access';

const unauthorized = (reason: string) => new AppError('UNAUTHORIZED', { message: 'Unauthorized', reason });

/** Signs and verifies the JWTs that stand for a logged-in user. */
export class AccessTokens {
  constructor(private readonly options: AccessTokenOptions) {}

  issue(userId: number): IssuedToken {
    const { secret, expiresInSeconds, issuer, audience } = this.options;
    const token = jwt.sign({ use: TOKEN_USE }, secret, {
      algorithm: ALGORITHM,
      subject: String(userId),
      expiresIn: expiresInSeconds,
      issuer,
      audience,
    });
    return { token, expiresIn: expiresInSeconds };
  }

  /** The caller a token stands for; UNAUTHORIZED with the contract's reasons otherwise. */
  verify(token: string | undefined): Caller {
    if (!token) throw unauthorized('token is missing');
    const { secret, issuer, audience } = this.options;
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer, audience });
    } catch (error) {
      throw unauthorized(error instanceof jwt.TokenExpiredError ? 'token expired' : 'token invalid');
    }
    const userId = typeof claims === 'object' && claims.use === TOKEN_USE ? Number(claims.sub) : NaN;
    if (!Number.isSafeInteger(userId) || userId <= 0) throw unauthorized('token invalid');
    return { userId };
  }
}
