import type { Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import { routeTemplate } from '../rest/route-templates.js';
import { operationNoteOf } from './graphql-operation-outcome.js';
import type { AppMetrics } from './metrics.js';
import { requestIdOf } from './request-context.js';

const levelOf = (status: number): Level => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * One log line per request (method, route, status, duration, request id, user, client
 * address, and a GraphQL request's operation and error codes) and its metrics. Query
 * strings are left out: they may carry search terms.
 *
 * Written here rather than with pino-http: that builds a child logger and runs its
 * serializers for every request, about a tenth of a simple read's CPU in the benchmark;
 * this is one `logger[level]()` call on a child made once.
 */
export function observeRequests(logger: Logger, metrics: AppMetrics | undefined): RequestHandler {
  // No redaction on this line: its fields are made here and none is secret, and the root
  // logger's wildcard paths ran a redactor over every field of it (~2% of a simple read's CPU).
  const log = logger.child({ module: 'http' }, { redact: [] });
  return (req, res, next) => {
    const started = performance.now();
    metrics?.requestStarted();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const fields = requestFields(req, res);
      const status = res.statusCode;
      metrics?.observeRequest(req.method, fields.route, status, ms / 1000);
      log[levelOf(status)]({ ...fields, res: { status }, responseTime: Math.round(ms) }, `${req.method} ${fields.route} ${status} ${Math.round(ms)}ms`);
    });
    res.once('close', () => {
      metrics?.requestEnded();
      if (res.writableFinished) return;
      const fields = requestFields(req, res);
      log.warn({ ...fields, responseTime: Math.round(performance.now() - started) }, `${req.method} ${fields.route} aborted by the client`);
    });
    next();
  };
}

function requestFields(req: Request, res: Response) {
  const path = req.originalUrl.split('?', 1)[0]!;
  const caller = res.locals.caller as { userId?: number } | undefined;
  const requester = res.locals.requester as { ip?: string } | undefined;
  return {
    requestId: requestIdOf(res),
    // Express forgets req.route when a router middleware fails (a 401), so the route
    // comes from the documented templates instead.
    route: routeTemplate(path),
    userId: caller?.userId,
    ip: requester?.ip ?? req.ip,
    req: { method: req.method, path },
    graphql: operationNoteOf(res),
  };
}
