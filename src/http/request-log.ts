import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { routeTemplate } from '../rest/route-templates.js';
import type { AppMetrics } from './metrics.js';
import { requestIdOf } from './request-context.js';

// Express forgets req.route and req.baseUrl when a router middleware fails (a 401), so the
// route comes from the documented templates instead.
const routeOf = (req: Request) => routeTemplate(req.originalUrl.split('?')[0] ?? '');

function requestFields(req: Request, res: Response) {
  const caller = res.locals.caller as { userId?: number } | undefined;
  const requester = res.locals.requester as { ip?: string } | undefined;
  return { requestId: requestIdOf(res), route: routeOf(req), userId: caller?.userId, ip: requester?.ip ?? req.ip };
}

/**
 * One log line per request (method, route, status, duration, request id, user, client
 * address) and its metrics. Query strings are left out: they may carry search terms.
 */
export function observeRequests(logger: Logger, metrics: AppMetrics | undefined): RequestHandler {
  const logRequests = pinoHttp({
    logger: logger.child({ module: 'http' }),
    genReqId: (_req, res) => requestIdOf(res as Response),
    quietReqLogger: true,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${routeOf(req as Request)} ${res.statusCode} ${Math.round(ms)}ms`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req as Request)} ${res.statusCode}`,
    customSuccessObject: (req, res, value: object) => ({ ...value, ...requestFields(req as Request, res as Response) }),
    customErrorObject: (req, res, _error, value: object) => ({ ...value, ...requestFields(req as Request, res as Response) }),
  });

  return (req, res, next) => {
    const started = process.hrtime.bigint();
    metrics?.requestStarted();
    res.on('close', () => metrics?.requestEnded());
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics?.observeRequest(req.method, routeOf(req), res.statusCode, seconds);
    });
    logRequests(req, res, next);
  };
}
