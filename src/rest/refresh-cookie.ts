import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error.js';

/**
 * Browsers may keep the refresh token in a cookie that no script can read, instead of in
 * the answer's body: a login or refresh sent with `X-Refresh-Cookie: 1` sets it.
 *
 * CSRF-safe twice over: SameSite=Strict keeps other sites' pages from sending it, and it is
 * only read from a request carrying that header, which no cross-origin page can send
 * without a CORS preflight that only allowed origins pass.
 */
export const REFRESH_COOKIE_HEADER = 'X-Refresh-Cookie';
const NAME = 'refresh_token';
// Only the routes that read or clear it ever receive it.
const PATH = '/api/auth';

export const wantsRefreshCookie = (req: Request): boolean => req.get(REFRESH_COOKIE_HEADER) === '1';

export function setRefreshCookie(res: Response, token: string, expiresAt: Date): void {
  res.cookie(NAME, token, { httpOnly: true, secure: true, sameSite: 'strict', path: PATH, expires: expiresAt });
}

export function clearRefreshCookie(res: Response): void {
  res.clearCookie(NAME, { httpOnly: true, secure: true, sameSite: 'strict', path: PATH });
}

/**
 * The body of a refresh: as sent, or in cookie mode the cookie's token (a token in the body
 * as well is refused: one request, one token).
 */
export function refreshInput(req: Request, body: Record<string, unknown>): Record<string, unknown> {
  if (!wantsRefreshCookie(req)) return body;
  if (body.refreshToken !== undefined) {
    throw new AppError('BAD_REQUEST', { message: 'Send the refresh token in the body or the cookie, not both', reason: 'two refresh tokens' });
  }
  const token = parse(req.get('cookie') ?? '')[NAME];
  if (token === undefined) throw new AppError('UNAUTHORIZED', { message: 'No refresh cookie', reason: 'token is missing' });
  return { ...body, refreshToken: token };
}
