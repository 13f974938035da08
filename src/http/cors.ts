import type { RequestHandler } from 'express';
import cors from 'cors';

/** Which browser origins may call the API: exact origins, plus any loopback one when `loopback`. */
export interface CorsPolicy {
  origins: readonly string[];
  /** Development: a page on any port of localhost / 127.0.0.1 / [::1] may call. */
  loopback: boolean;
}

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

// What a browser script may read from an answer besides the safelisted headers.
const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'ETag'];

/**
 * CORS for browser frontends on other origins: allowed origins get credentials and the
 * exposed headers, and a preflight is answered here, before budgets, authentication and
 * GraphQL's CSRF check (which would each refuse a bare OPTIONS). Others get no CORS headers,
 * so the browser keeps the answer from the page.
 */
export function corsFor(policy: CorsPolicy): RequestHandler {
  const allowed = new Set(policy.origins);
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && (allowed.has(origin) || (policy.loopback && LOOPBACK_ORIGIN.test(origin)))),
    credentials: true,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
  // Most requests come from no browser page (servers, apps, scripts): nothing for CORS to
  // say, only that the answer depends on the Origin header, as a cache must know.
  return (req, res, next) => {
    if (req.headers.origin !== undefined) return handler(req, res, next);
    res.setHeader('Vary', 'Origin');
    next();
  };
}
