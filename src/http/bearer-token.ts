import type { Request } from 'express';

/** The token of the request's `Authorization: Bearer <token>` header; undefined when absent or another scheme. */
export function bearerTokenOf(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
