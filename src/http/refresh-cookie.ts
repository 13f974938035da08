import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error.js';

/**
 * Browsers may keep the refresh token in a cookie that no script can read, instead of in
 * the answer's body: a login or refresh sent with `X-Refresh-Cookie: 1` sets it, over REST
 * (under either base, `/api` or `/api/v1`) or GraphQL.
 *
 * CSRF-safe twice over: SameSite=Strict keeps other sites' pages from sending it, and it is
 * only read from a request carrying that header, which no cross-origin page can send
 * without a CORS preflight that only allowed origins pass.
 */
export const REFRESH_COOKIE_HEADER = 'X-Refresh-Cookie';
const NAME = 'refresh_token';

/** One request's view of the refresh cookie. */
export interface RefreshCookie {
  /** Whether the client asked for cookie mode. */
  readonly wanted: boolean;
  /** The token the cookie holds; UNAUTHORIZED when there is none. */
  token(): string;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/**
 * The refresh cookie of a request, scoped to `path`: only the routes that read or clear it
 * ever receive it (a REST base's `/auth`, or the GraphQL endpoint).
 */
export function refreshCookieOf(req: Request, res: Response, path: string): RefreshCookie {
  const options = { httpOnly: true, secure: true, sameSite: 'strict', path } as const;
  return {
    wanted: req.get(REFRESH_COOKIE_HEADER) === '1',
    token() {
      const token = parse(req.get('cookie') ?? '')[NAME];
      if (token === undefined) throw new AppError('UNAUTHORIZED', { message: 'No refresh cookie', reason: 'token is missing' });
      return token;
    },
    set: (token, expiresAt) => void res.cookie(NAME, token, { ...options, expires: expiresAt }),
    clear: () => void res.clearCookie(NAME, options),
  };
}

/**
 * The refresh token a refresh presents: as sent, or in cookie mode the cookie's (a token sent
 * as well is refused: one request, one token).
 */
export function refreshTokenFrom(cookie: RefreshCookie | undefined, sent: unknown): unknown {
  if (!cookie?.wanted) return sent;
  if (sent !== undefined && sent !== null) {
    throw new AppError('BAD_REQUEST', { message: 'Send the refresh token in the body or the cookie, not both', reason: 'two refresh tokens' });
  }
  return cookie.token();
}
