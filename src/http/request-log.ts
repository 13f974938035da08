import type { Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import type { AppMetrics } from './metrics.js';
import './request-state.js';

/** Names the route a path belongs to (`/api/tasks/{id}`), so logs and metrics group by it. */
export type RouteLabeller = (path: string) => string;

// A 503 is a state the server is in (the database out of reach, its schema behind), logged
// once where it is detected; each request refused for it is a warning, not another error.
const levelOf = (status: number): Level => (status >= 500 && status !== 503 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * One log line per request (method, route, status, duration, request id, user, client
 * address, and a GraphQL request's operation and error codes) and its metrics. Query
 * strings are left out: they may carry search terms.
 *
 * Written here rather than with pino-http: that builds a child logger and runs its
 * serializers for every request (what that cost is in BENCHMARKS.md); this is one
 * `logger[level]()` call on a child made once.
 */
export function observeRequests(logger: Logger, metrics: AppMetrics | undefined, routeOf: RouteLabeller): RequestHandler {
  // No redaction on this line: its fields are made here and none is secret, and the root
  // logger's wildcard paths would run a redactor over every field of it on every request.
  const log = logger.child({ module: 'http' }, { redact: [] });
  return (req, res, next) => {
    const started = performance.now();
    metrics?.requestStarted();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const fields = requestFields(req, res, routeOf);
      const status = res.statusCode;
      metrics?.observeRequest(req.method, fields.route, status, ms / 1000);
      log[levelOf(status)]({ ...fields, res: { status }, responseTime: Math.round(ms) }, `${req.method} ${fields.route} ${status} ${Math.round(ms)}ms`);
    });
    res.once('close', () => {
      metrics?.requestEnded();
      if (res.writableFinished) return;
      const fields = requestFields(req, res, routeOf);
      log.warn({ ...fields, responseTime: Math.round(performance.now() - started) }, `${req.method} ${fields.route} aborted by the client`);
    });
    next();
  };
}

function requestFields(req: Request, res: Response, routeOf: RouteLabeller) {
  const path = req.originalUrl.split('?', 1)[0]!;
  const { requestId, caller, requester, graphqlOperation } = res.locals;
  return {
    requestId,
    // Express forgets req.route when a router middleware fails (a 401), so the route
    // comes from the documented templates instead.
    route: routeOf(path),
    userId: caller?.userId,
    // Unset when the request was refused before guardRequests ran (a ban).
    ip: requester?.ip ?? req.ip,
    req: { method: req.method, path },
    graphql: graphqlOperation,
  };
}
