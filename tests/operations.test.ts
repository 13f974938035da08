import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { adminQuery, databaseUrl } from './helpers/databases.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { capturedLogger } from './helpers/captured-logs.js';
import { eventually } from './helpers/eventually.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logs', () => {
  const logs = capturedLogger();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { logger: logs.logger });
  });
  afterAll(() => t?.close());

  it('write one line per request with method, route, status, duration, request id, user and address', async () => {
    const user = await createUser(t);
    const created = await t.request('POST', '/api/tasks', { token: user.token, body: { title: 'log me', description: '' } });
    await t.request('GET', `/api/tasks/${created.body.task.id}?x=secret-search`, { token: user.token });
    const requestId = (await t.request('GET', `/api/tasks/${created.body.task.id}`, { token: user.token })).headers.get('x-request-id');
    const line = parse(logs.lines).find((entry) => entry.requestId === requestId && entry.module === 'http');
    expect(line).toMatchObject({ route: '/api/tasks/{id}', userId: user.id, ip: '127.0.0.1', req: { method: 'GET' }, res: { status: 200 } });
    expect(line?.responseTime).toEqual(expect.any(Number));
    expect(logs.lines.join('\n')).not.toContain('secret-search');
  });

  it("name a GraphQL request's operation and error codes on its line", async () => {
    await t.graphql('query WhoAmI { me { id } }');
    const lines = parse(logs.lines).filter((entry) => (entry.graphql as { operation?: string } | undefined)?.operation === 'WhoAmI');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ module: 'http', route: '/graphql', res: { status: 200 }, graphql: { errorCodes: ['UNAUTHORIZED'] } });
    expect(lines[0]?.responseTime).toEqual(expect.any(Number));
  });

  it('never contain passwords, tokens or Authorization headers', async () => {
    const user = await createUser(t);
    await t.graphql('mutation ($input: LoginInput!) { login(input: $input) { token } }', { input: { username: user.username, password: user.password } });
    await t.request('GET', '/api/tasks', { token: user.token });
    const all = logs.lines.join('\n');
    expect(all).not.toContain(user.password);
    expect(all).not.toContain(user.token);
    expect(all.toLowerCase()).not.toContain('bearer');
  });
});

describe('health, readiness and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_TASK_READS: '1/1m' });
  });
  afterAll(() => t?.close());

  it('/api/openapi.json serves the REST document and /api/docs/ its Swagger UI', async () => {
    const document = await t.request('GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({ openapi: expect.stringMatching(/^3\./), paths: expect.objectContaining({ '/tasks': expect.any(Object) }) });
    const ui = await t.request('GET', '/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    expect(ui.body).toContain('swagger-ui');
  });

  it('/health says the process is up, /ready that the database is reachable and migrated', async () => {
    expect((await t.request('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/ready')).body).toEqual({ status: 'ready' });

    // A deployment whose code is ahead of the database: not ready until migrated.
    const [latest] = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(t.app.db)).rows;
    await sql`DELETE FROM kysely_migration WHERE name = ${latest?.name}`.execute(t.app.db);
    const notReady = await t.request('GET', '/ready');
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${latest?.name}, now())`.execute(t.app.db);
    expect(notReady.status).toBe(503);
    expect(notReady.body.errors).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: `pending migrations: ${latest?.name}` });
    expect(notReady.headers.get('retry-after')).toBe('30');
  });

  it('/ready fails as soon as the instance is told to stop, while it goes on serving through SHUTDOWN_DRAIN_DELAY', async () => {
    // The drain delay only needs to outlast three requests on loopback.
    const stopping = await startTestApp({ SHUTDOWN_DRAIN_DELAY: '3s' });
    const user = await createUser(stopping);
    const closed = stopping.close();
    try {
      const ready = await stopping.request('GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.errors).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'shutting down' });
      // The balancer's cue only: the process is alive and answers what it is sent meanwhile.
      expect((await stopping.request('GET', '/health')).status).toBe(200);
      expect((await stopping.request('GET', '/api/tasks', { token: user.token })).status).toBe(200);
    } finally {
      await closed;
    }
  });

  it('/metrics exposes requests by route and status, GraphQL operations, the pool and refusals', async () => {
    const user = await createUser(t);
    await t.request('GET', '/api/tasks', { token: user.token });
    await t.request('GET', '/api/tasks', { token: user.token });
    await t.graphql('query Mine { me { id } }', {}, user.token);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/tasks",status="200"\} 1$/m);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/tasks",status="429"\} 1$/m);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/tasks",status="200"\}/);
    expect(text).toMatch(/graphql_operations_total\{operation="Mine",outcome="success"\} 1$/m);
    expect(text).toMatch(/db_pool_connections\{state="idle"\} \d+/);
    expect(text).toMatch(/rate_limit_rejections_total\{limit="taskReads"\} 1$/m);
  });

  it('/metrics can be protected by a token, or turned off', async () => {
    const token = 'a-metrics-token-of-some-length';
    const guarded = await startTestApp({ METRICS_TOKEN: token });
    const off = await startTestApp({ METRICS: 'off' });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await guarded.close();
      await off.close();
    }
  });
});

describe('without a database', () => {
  it('stays up: /health 200, /ready and every data route 503 with Retry-After, quickly', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    // Nothing listens on port 1: every connection is refused at once.
    const app = await createApp(config, { databaseUrl: 'postgres://nobody@127.0.0.1:1/none', logger: pino({ level: 'silent' }) });
    const url = await app.listen(0, '127.0.0.1');
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const login = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a', password: 'b' }) };
      for (const [route, init] of [
        ['/ready', {}],
        ['/api/auth/login', login],
      ] as const) {
        const res = await fetch(`${url}${route}`, init);
        expect(res.status, route).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(((await res.json()) as { errors: { code: string } }).errors.code).toBe('SERVICE_UNAVAILABLE');
      }
    } finally {
      await app.close();
    }
  });
});

describe('a production start on a database not yet migrated', () => {
  it('serves /health, answers every other request 503 naming the migrate command, says so in the log once, and serves once migrated', async () => {
    const adminUrl = inject('adminDatabaseUrl');
    const name = `task_api_unmigrated_${randomBytes(4).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    const url = databaseUrl(adminUrl, name);
    const { logger, lines } = capturedLogger();
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SMTP_URL: 'smtp://127.0.0.1:9',
      JWT_SECRET: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
    });
    const app = await createApp(config, { databaseUrl: url, logger });
    const base = await app.listen(0, '127.0.0.1');
    try {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const post = (path: string, body: unknown) =>
        fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const signup = { username: 'early_bird', email: 'early@example.com', password: 'a fine passphrase' };
      const answers = [
        await fetch(`${base}/ready`),
        await post('/api/auth/signup', signup),
        await post('/api/auth/login', { username: 'early_bird', password: 'a fine passphrase' }),
        await post('/graphql', { query: 'mutation { login(input: { username: "early_bird", password: "x" }) { token } }' }),
      ];
      for (const res of answers) {
        expect(res.status, res.url).toBe(503);
        const { errors } = (await res.json()) as { errors: { code: string; message: string; reason: string } };
        expect(errors.code).toBe('SERVICE_UNAVAILABLE');
        expect(errors.message).toContain('npm run migrate -- latest');
        expect(errors.reason).toMatch(/^pending migrations: /);
      }
      const errorLines = parse(lines).filter((line) => (line.level as number) >= 50);
      expect(
        errorLines.map((line) => line.msg),
        JSON.stringify(errorLines),
      ).toHaveLength(1);
      expect(errorLines[0]!.msg).toContain('npm run migrate -- latest');

      const db = createDatabase({ url, poolSize: 1, logger: pino({ level: 'silent' }) });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await eventually(async () => (await post('/api/auth/signup', signup)).status === 201, 10_000);
    } finally {
      await app.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});

/** What the app's metrics say it is serving now, the asking request included. */
async function requestsInFlight(t: TestApp): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return Number(/^http_requests_in_flight (\d+)$/m.exec(text)?.[1] ?? 0);
}

describe('closing the app', () => {
  it('finishes every request in flight, then refuses new connections', async () => {
    // Real bcrypt work keeps the signups in flight while close() starts.
    const t = await startTestApp({ BCRYPT_ROUNDS: '10' });
    const signups = Array.from({ length: 8 }, (_, i) =>
      t.request('POST', '/api/auth/signup', { body: { username: `drain_${i}`, email: `drain_${i}@example.com`, password: 'a fine passphrase' } }),
    );
    // Close only once the server holds all eight (plus this metrics request itself).
    await eventually(async () => (await requestsInFlight(t)) >= 9, 10_000);
    const closing = t.close();
    const results = await Promise.all(signups);
    await closing;
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    await expect(fetch(`${t.url}/health`)).rejects.toThrow();
  });
});

describe('the shutdown cut-off', () => {
  it('waits SHUTDOWN_TIMEOUT for a request still arriving, then cuts its connection', async () => {
    const t = await startTestApp({ SHUTDOWN_TIMEOUT: '1s' });
    const { port } = new URL(t.url);
    // A request whose body never finishes arriving: in flight for as long as the server lets it.
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user');
    const cut = once(socket, 'close');
    // The stop begins once the server holds the request (plus the metrics request asking).
    await eventually(async () => (await requestsInFlight(t)) >= 2);
    const started = Date.now();
    await t.close();
    const waited = Date.now() - started;
    await cut;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(5_000);
  });
});

describe('LOG_FILE', () => {
  it('receives the same JSON lines as stdout', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'task-api-logs-'));
    const logFile = path.join(dir, 'logs', 'api.log');
    const { createLogger } = await import('../src/logger.js');
    const logger = createLogger({ logLevel: 'info', logFile, profile: 'test' });
    logger.info({ password: 'hunter22', module: 'probe' }, 'probe line');
    // The file stream opens and writes in the background; wait for the line, not a fixed time.
    const written = () => readFile(logFile, 'utf8').catch(() => '');
    await eventually(async () => (await written()).endsWith('\n'));
    const [line] = (await written())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({ msg: 'probe line', module: 'probe', password: '[redacted]', service: 'task-manager-api' });
    await rm(dir, { recursive: true, force: true });
  });
});
