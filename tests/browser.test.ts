import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, renderedDom } from './helpers/chromium.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

if (!CHROMIUM) console.warn('Skipping the browser tests: no Chromium at /usr/bin/chromium (apt-get install chromium).');

/** Serves the test pages (tests/browser/<name>) from an origin of their own (another port: another origin). */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const pages = new Map([
    ['/', await readFile('tests/browser/cross-origin-page.html')],
    ['/refresh-cookie', await readFile('tests/browser/refresh-cookie-page.html')],
  ]);
  const server: Server = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://page').pathname);
    if (page) res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function runPage(app: TestApp, origin: string, page = '/'): Promise<Record<string, any>> {
  const dom = await renderedDom(`${origin}${page}?api=${encodeURIComponent(app.url)}`);
  const text = /<pre id="result">([\s\S]*?)<\/pre>/.exec(dom)?.[1] ?? '';
  return JSON.parse(text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'));
}

describe.skipIf(!CHROMIUM)('a browser page on another origin', () => {
  let page: Awaited<ReturnType<typeof pageServer>>;
  beforeAll(async () => {
    page = await pageServer();
  });
  afterAll(() => page?.close());

  it('completes signup, login and tasks over GraphQL and REST, reading exposed headers', async () => {
    const app = await startTestApp({ CORS_ORIGINS: page.origin });
    try {
      const seen = await runPage(app, page.origin);
      expect(seen.error).toBeUndefined();
      expect(seen.gqlSignup.body.data.signup.id).toBeDefined();
      expect(seen.gqlTasks.body.data.tasks.edges).toEqual([{ node: { title: 'from the browser' } }]);
      expect(seen.restSignup.status).toBe(201);
      expect(seen.restCreate.status).toBe(201);
      expect(seen.restTasks.body.data.map((task: { title: string }) => task.title)).toEqual(['from the browser']);
      // X-Request-Id is exposed to scripts, so a frontend can quote it in a bug report.
      expect(seen.restTasks.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('is refused by the browser when its origin is not allowed (production lists origins exactly)', async () => {
    const app = await startTestApp({
      NODE_ENV: 'production',
      CORS_ORIGINS: 'https://app.example.com',
      DATABASE_URL: 'postgres://set-by-the-harness/x',
      SMTP_URL: 'smtp://127.0.0.1:1',
      JWT_SECRET: 'x'.repeat(40),
    });
    try {
      const seen = await runPage(app, page.origin);
      expect(seen.error).toMatch(/Failed to fetch/);
    } finally {
      await app.close();
    }
  }, 90_000);

  it('keeps the refresh token in a cookie no script can read, and refreshes on it alone', async () => {
    const app = await startTestApp({ CORS_ORIGINS: page.origin });
    try {
      const seen = await runPage(app, page.origin, '/refresh-cookie');
      expect(seen.error).toBeUndefined();
      expect(seen.login.status).toBe(200);
      expect(seen.login.body.token).toBeDefined();
      expect(seen.login.body.refresh_token).toBeUndefined();
      expect(seen.scriptCookies).not.toMatch(/refresh_token/);
      // Each refresh rotated the cookie: the second presented the first's successor.
      expect(seen.firstRefresh.status).toBe(200);
      expect(seen.secondRefresh.status).toBe(200);
      expect(seen.secondRefresh.body.session_id).toBe(seen.login.body.session_id);
      expect(seen.secondRefresh.body.refresh_token).toBeUndefined();
      expect(seen.tasks.status).toBe(200);
      expect(seen.refreshWithoutHeader).toMatchObject({ status: 400, body: { errors: { code: 'BAD_REQUEST' } } });
      expect(seen.logout.status).toBe(200);
      expect(seen.refreshAfterLogout).toMatchObject({ status: 401, body: { errors: { code: 'UNAUTHORIZED', reason: 'token is missing' } } });
    } finally {
      await app.close();
    }
  }, 90_000);
});

describe.skipIf(!CHROMIUM)('the REST docs in a browser', () => {
  it('render Swagger UI at a host name other than localhost, over plain HTTP', async () => {
    const app = await startTestApp();
    try {
      const { port } = new URL(app.url);
      // A LAN or VM host name: the browser resolves it to this machine, and it is no "potentially trustworthy" origin.
      const dom = await renderedDom(`http://api.lan.test:${port}/api/docs/`, ['--host-resolver-rules=MAP api.lan.test 127.0.0.1']);
      expect(dom).toContain('class="swagger-ui"');
      expect(dom).toMatch(/opblock-tag/);
      expect(dom).toContain('/auth/login');
    } finally {
      await app.close();
    }
  }, 90_000);
});

describe('CORS preflight', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => app?.close());

  const preflight = (path: string, origin: string) =>
    fetch(`${app.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  it('is answered before authentication and the CSRF check, for listed and loopback origins', async () => {
    for (const [path, origin] of [
      ['/graphql', 'https://app.example.com'],
      ['/api/tasks', 'https://app.example.com'],
      ['/api/tasks', 'http://localhost:5173'],
    ]) {
      const res = await preflight(path!, origin!);
      expect(res.status, `${path} ${origin}`).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    }
  });

  it('gives an unlisted origin no CORS headers', async () => {
    const res = await preflight('/api/tasks', 'https://evil.example.net');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
