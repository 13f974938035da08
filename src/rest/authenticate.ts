import type { RequestHandler, Response } from 'express';
import { bearerTokenOf } from '../http/bearer-token.js';
import '../http/request-state.js';
import type { AccessTokens } from '../services/auth/access-tokens.js';
import type { Caller } from '../services/caller.js';

/** Verifies the bearer token before any route of the router runs; 401 in the envelope otherwise. */
export function authenticate(tokens: AccessTokens): RequestHandler {
  return async (req, res, next) => {
    res.locals.caller = await tokens.authenticate(bearerTokenOf(req), res.locals.requester);
    next();
  };
}

export function callerOf(res: Response): Caller {
  const { caller } = res.locals;
  if (!caller) throw new Error('callerOf() used on a route without authenticate()');
  return caller;
}
