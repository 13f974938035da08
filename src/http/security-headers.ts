import type { RequestHandler } from 'express';
import helmet from 'helmet';

// Where Apollo's embedded Sandbox (the development landing page on GET /graphql) loads from.
const SANDBOX_SCRIPTS = ['https://embeddable-sandbox.cdn.apollographql.com', 'https://apollo-server-landing-page.cdn.apollographql.com'];
const SANDBOX_FRAMES = ['https://sandbox.embed.apollographql.com'];

/**
 * helmet's security headers on every answer. Its default Content-Security-Policy fits the
 * JSON answers and the Swagger UI page (scripts from this origin only); the page at
 * `sandboxPath`, when given (the development landing page), also gets Apollo's Sandbox
 * scripts and frame.
 */
export function securityHeaders(sandboxPath: string | undefined): RequestHandler {
  const everywhere = helmet();
  if (!sandboxPath) return everywhere;
  const sandbox = helmet({
    contentSecurityPolicy: {
      directives: {
        scriptSrc: ["'self'", "'unsafe-inline'", ...SANDBOX_SCRIPTS],
        frameSrc: ["'self'", ...SANDBOX_FRAMES],
        connectSrc: ["'self'", ...SANDBOX_SCRIPTS, ...SANDBOX_FRAMES],
        manifestSrc: ["'self'", ...SANDBOX_SCRIPTS],
      },
    },
  });
  return (req, res, next) => (req.path === sandboxPath && req.method === 'GET' ? sandbox(req, res, next) : everywhere(req, res, next));
}
