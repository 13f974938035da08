import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

// Where Apollo's embedded Sandbox (the development landing page on GET /graphql) loads from.
const SANDBOX_SCRIPTS = ['https://embeddable-sandbox.cdn.apollographql.com', 'https://apollo-server-landing-page.cdn.apollographql.com'];
const SANDBOX_FRAMES = ['https://sandbox.embed.apollographql.com'];

/**
 * The headers a helmet middleware sets, worked out once: with no per-request directives
 * (nonces) they never change, and setting them from one map costs a request a fraction of
 * running helmet's dozen middlewares (BENCHMARKS.md).
 */
function headersOf(middleware: RequestHandler): Map<string, string> {
  const headers = new Map<string, string>();
  const recorder = { setHeader: (name: string, value: unknown) => headers.set(name, String(value)), removeHeader: () => {} };
  let done = false;
  void middleware({} as Request, recorder as unknown as Response, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be worked out once');
  return headers;
}

/**
 * helmet's security headers on every answer. Its default Content-Security-Policy fits the
 * JSON answers and the Swagger UI page (scripts from this origin only); the page at
 * `sandboxPath`, when given (the development landing page), also gets Apollo's Sandbox
 * scripts and frame.
 */
export function securityHeaders(sandboxPath: string | undefined): RequestHandler {
  const everywhere = headersOf(helmet());
  const sandbox = headersOf(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", "'unsafe-inline'", ...SANDBOX_SCRIPTS],
          frameSrc: ["'self'", ...SANDBOX_FRAMES],
          connectSrc: ["'self'", ...SANDBOX_SCRIPTS, ...SANDBOX_FRAMES],
          manifestSrc: ["'self'", ...SANDBOX_SCRIPTS],
        },
      },
    }),
  );
  return (req, res, next) => {
    res.setHeaders(sandboxPath && req.path === sandboxPath && req.method === 'GET' ? sandbox : everywhere);
    next();
  };
}
