import type { RequestHandler, Response } from 'express';
import { bearerToken } from '../http/bearer-token.js';
import { requesterOf } from '../http/request-guard.js';
import type { AccessTokens } from '../services/access-tokens.js';
import type { Caller } from '../services/caller.js';

/** Verifies the bearer token before any route of the router runs; 401 in the envelope otherwise. */
export function authenticate(tokens: AccessTokens): RequestHandler {
  return async (req, res, next) => {
    res.locals.caller = await tokens.authenticate(bearerToken(req.get('authorization')), requesterOf(res));
    next();
  };
}

export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('callerOf() used on a route without authenticate()');
  return caller;
}
