import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

// Where Apollo's embedded Sandbox (the development landing page on GET /graphql) loads from.
const SANDBOX_SCRIPTS = ['https://embeddable-sandbox.cdn.apollographql.com', 'https://apollo-server-landing-page.cdn.apollographql.com'];
const SANDBOX_FRAMES = ['https://sandbox.embed.apollographql.com'];

/**
 * What a JSON answer needs, as the OWASP REST Security Cheat Sheet lists it: nothing in it
 * may run, load or be framed, nor be sniffed as another type or read by a page of another
 * site. helmet's other headers (the long page policy, prefetch, download and XSS-filter
 * switches) only mean something to an HTML page, and every answer would carry their bytes.
 */
const API_HEADERS = new Map([
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
]);

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

export interface HtmlPages {
  /** Where the docs pages (Swagger UI and its assets) are served. */
  docsPrefix: string;
  /** The development landing page with Apollo Sandbox, when it is on. */
  sandboxPath: string | undefined;
  /** Where GraphiQL (the page and its bundle) is served, when it is on. */
  idePrefix: string | undefined;
}

/**
 * Security headers on every answer: the API set on JSON, helmet's set on the HTML pages
 * (its default Content-Security-Policy fits the docs: scripts from this origin only), and
 * on the Sandbox page Apollo's scripts, frame and favicon as well. The pages ask the browser
 * to upgrade their requests to HTTPS only when they came over HTTPS (as the app sees it,
 * behind TRUST_PROXY): over plain HTTP (a VM, a LAN address, a Docker host name) an upgraded
 * script would not load, and the page would stay blank.
 */
export function securityHeaders({ docsPrefix, sandboxPath, idePrefix }: HtmlPages): RequestHandler {
  const overHttps = { pages: headersOf(helmet()), sandbox: headersOf(helmet(sandboxPolicy(true))), ide: headersOf(helmet(idePolicy(true))) };
  const overHttp = { pages: headersOf(helmet(pagePolicy(false))), sandbox: headersOf(helmet(sandboxPolicy(false))), ide: headersOf(helmet(idePolicy(false))) };
  return (req, res, next) => {
    const { path } = req;
    const set = req.secure ? overHttps : overHttp;
    if (path.startsWith(docsPrefix)) res.setHeaders(set.pages);
    else if (idePrefix && path.startsWith(idePrefix)) res.setHeaders(set.ide);
    else if (sandboxPath && path === sandboxPath && req.method === 'GET') res.setHeaders(set.sandbox);
    else res.setHeaders(API_HEADERS);
    next();
  };
}

type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

/** helmet's default page policy, with `upgrade-insecure-requests` only over HTTPS. */
const pagePolicy = (upgrade: boolean, directives: Record<string, string[]> = {}): HelmetOptions => ({
  contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: upgrade ? [] : null } },
});

/** GraphiQL from this origin: Monaco's workers, its inline styles and font, and the API over HTTP and WebSocket. */
const idePolicy = (upgrade: boolean): HelmetOptions =>
  pagePolicy(upgrade, {
    workerSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
  });

const sandboxPolicy = (upgrade: boolean): HelmetOptions =>
  pagePolicy(upgrade, {
    scriptSrc: ["'self'", "'unsafe-inline'", ...SANDBOX_SCRIPTS],
    frameSrc: ["'self'", ...SANDBOX_FRAMES],
    connectSrc: ["'self'", ...SANDBOX_SCRIPTS, ...SANDBOX_FRAMES],
    manifestSrc: ["'self'", ...SANDBOX_SCRIPTS],
    // The landing page's favicon comes from Apollo's CDN too.
    imgSrc: ["'self'", 'data:', ...SANDBOX_SCRIPTS],
  });
