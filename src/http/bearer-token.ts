import type { Request } from 'express';
import { AppError } from '../errors/app-error.js';

/**
 * The token of an `Authorization: Bearer <token>` value (a header, or a WebSocket's
 * connection payload); undefined when there is none. Another form (a bare token, another
 * scheme) is UNAUTHORIZED with a message that says what to send.
 */
export function bearerTokenIn(authorization: unknown): string | undefined {
  if (authorization === undefined || authorization === null || authorization === '') return undefined;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!match) {
    throw new AppError('UNAUTHORIZED', { message: "Send the token as 'Authorization: Bearer <token>'", reason: 'token invalid' });
  }
  return match[1];
}

/** The token of the request's `Authorization` header (see {@link bearerTokenIn}). */
export const bearerTokenOf = (req: Request): string | undefined => bearerTokenIn(req.get('authorization'));
