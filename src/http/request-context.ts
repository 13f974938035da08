import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import './request-state.js';

// A caller's own id is kept (so logs can be joined across services) when it is safe to echo.
const VALID_INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Gives every request an id, sent back as `X-Request-Id` and used in error `instance`s. */
export function assignRequestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && VALID_INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    next();
  };
}
