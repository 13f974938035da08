import type { Request } from 'express';
import { AppError } from '../errors/app-error.js';

/**
 * The token of the request's `Authorization: Bearer <token>` header; undefined when there is
 * no such header. Another form (a bare token, another scheme) is UNAUTHORIZED with a message
 * that says what to send.
 */
export function bearerTokenOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new AppError('UNAUTHORIZED', { message: "Send the token as 'Authorization: Bearer <token>'", reason: 'token invalid' });
  }
  return match[1];
}
