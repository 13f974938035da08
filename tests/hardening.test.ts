import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from './helpers/captured-logs.js';
import { ManualClock } from './helpers/manual-clock.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser, type TestUser } from './helpers/users.js';

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await startTestApp({ REQUEST_TIMEOUT: '1s', HEADERS_TIMEOUT: '1s' });
  user = await createUser(t);
});
afterAll(() => t?.close());

describe('slow clients', () => {
  it('are cut off after REQUEST_TIMEOUT with 408, however slowly the body trickles', async () => {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    // One more byte now and then, as a slow-loris client sends them.
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    const started = Date.now();
    await once(socket, 'close');
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('security headers', () => {
  it('are on every answer: JSON, errors, the docs page and health', async () => {
    for (const path of ['/health', '/api/tasks', '/api/docs/', '/graphql?query=%7B__typename%7D', '/no/such/route']) {
      const res = await fetch(`${t.url}${path}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('let nothing in a JSON answer run or be framed, and let the pages load their own scripts only', async () => {
    for (const path of ['/health', '/api/tasks', '/no/such/route']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    // The docs, and GET /graphql where the Sandbox page is served outside production.
    for (const path of ['/api/docs/', '/graphql?query=%7B__typename%7D']) {
      const res = await fetch(`${t.url}${path}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      // Over plain HTTP the browser must not be told to fetch the page's scripts over HTTPS.
      expect(res.headers.get('content-security-policy'), path).not.toContain('upgrade-insecure-requests');
    }
    // The Sandbox page may show Apollo's favicon.
    const sandbox = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(sandbox.headers.get('content-security-policy')).toMatch(/img-src 'self' data: https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
  });

  it('ask for HTTPS upgrades on the pages when they came over HTTPS (behind a trusted proxy)', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const over = async (proto: string) =>
        (await fetch(`${proxied.url}/api/docs/`, { headers: { 'x-forwarded-proto': proto } })).headers.get('content-security-policy');
      expect(await over('https')).toContain('upgrade-insecure-requests');
      expect(await over('http')).not.toContain('upgrade-insecure-requests');
    } finally {
      await proxied.close();
    }
  });
});

describe('dates', () => {
  it('refuse years outside 1 to 9999 on both transports, and answer in the Z form', async () => {
    for (const due_date of ['9999-12-31T23:59:59-23:59', '+010000-01-01T00:00:00Z', '0000-12-31T23:59:59Z']) {
      const rest = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'late', description: '', due_date } });
      expect(rest.status, due_date).toBe(400);
      expect(rest.body.errors.details.due_date).toBeDefined();
      const gql = await t.graphql(
        'mutation ($d: DateTimeISO) { createTask(input: { title: "late", description: "", dueDate: $d }) { id } }',
        { d: due_date },
        user.token,
      );
      expect(gql.errors?.[0]?.extensions.code, due_date).toBe('BAD_REQUEST');
    }
    const edge = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'edge', description: '', due_date: '9999-12-31T23:59:59Z' } });
    expect(edge.body.task.due_date).toBe('9999-12-31T23:59:59Z');
  });
});

describe('bans', () => {
  it('are logged at warn when they start and when they are lifted', async () => {
    const logs = capturedLogger();
    const clock = new ManualClock();
    const app = await startTestApp({ RATE_LIMIT_LOGIN_FAILURES_PER_IP: '1/15m' }, { logger: logs.logger, clock });
    try {
      expect((await app.request('POST', '/api/auth/login', { body: { username: 'amy', password: 'guess-one' } })).status).toBe(401);
      expect((await app.request('POST', '/api/auth/login', { body: { username: 'bob', password: 'guess-one' } })).status).toBe(403);
      const banned = logs.lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'address banned');
      expect(banned).toMatchObject({ level: 40, ip: '127.0.0.1', cause: 'loginFailuresPerIp limit exceeded', until: expect.any(String) });
    } finally {
      await app.close();
    }
  });
});

describe('field names a client chooses', () => {
  it('are named in details as sent, even __proto__ and constructor', async () => {
    const res = await t.request('POST', '/api/tasks', {
      token: user.token,
      rawBody: '{"title":"t","description":"","__proto__":{"x":1},"constructor":"c"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors.details).sort()).toEqual(['__proto__', 'constructor']);
    expect(res.body.errors.details.constructor).toEqual(['unknown field']);
  });
});

describe("a client's mistakes in the URL or the body's encoding", () => {
  it('are a 400 that says what is wrong, never a 500, and never an error in the log', async () => {
    const { logger, lines } = capturedLogger();
    const app = await startTestApp({ LOG_LEVEL: 'info' }, { logger });
    try {
      const malformed = await app.request('GET', '/api/tasks/%ff', { token: user.token });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toMatchObject({ code: 'BAD_REQUEST', reason: 'malformed url' });
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await app.request('POST', '/api/auth/login', {
          rawBody: '{"username":"x","password":"y"}',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        });
        expect(res.status, encoding).toBe(400);
        expect(res.body.errors, encoding).toMatchObject({ code: 'BAD_REQUEST', reason: 'malformed body encoding' });
      }
      const graphql = await app.request('POST', '/graphql', {
        rawBody: 'not gzip',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expect(graphql.status).toBe(400);
      // Logged as answered requests, not as failures with a stack.
      expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
