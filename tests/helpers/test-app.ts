import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import type { Clock } from '../../src/services/clock.js';
import type { Logger } from 'pino';
import { adminQuery, createDatabaseFromTemplate, databaseUrl } from './databases.js';
import { GENEROUS_LIMITS } from './generous-limits.js';
import { checkRestResponse } from './openapi-check.js';

export interface HttpResult<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResult<Data = any> {
  status: number;
  headers: Headers;
  data: Data | null | undefined;
  errors: Array<{ message: string; path?: string[]; extensions: Record<string, any> }> | undefined;
}

export interface TestApp {
  readonly url: string;
  readonly databaseName: string;
  readonly databaseUrl: string;
  /** The app's DATA_DIR (its mail outbox is `outbox/` in it). */
  readonly dataDir: string;
  readonly app: App;
  request<Body = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResult<Body>>;
  graphql<Data = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResult<Data>>;
  close(): Promise<void>;
}

/**
 * Starts the real app over real HTTP on its own database, copied from the migrated
 * template. `env` overrides the test profile's variables (e.g. TASK_QUOTA); mail goes to
 * an outbox in a per-app temporary folder unless `env.SMTP_URL` names a server.
 */
export interface TestAppOptions {
  clock?: Clock;
  logger?: Logger;
  /** Run on another test app's database (a restart, or a second instance); that app owns it. */
  databaseOf?: TestApp;
}

export async function startTestApp(env: Record<string, string | undefined> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const adminUrl = inject('adminDatabaseUrl');
  const ownsDatabase = options.databaseOf === undefined;
  const name = options.databaseOf?.databaseName ?? `task_api_test_${randomBytes(6).toString('hex')}`;
  if (ownsDatabase) await createDatabaseFromTemplate(adminUrl, inject('templateDatabase'), name);

  const dataDir = await mkdtemp(path.join(tmpdir(), 'task-api-app-'));
  const directUrl = databaseUrl(adminUrl, name);
  // The pooler pass (.ci/run): the app's statements go through PgBouncer in transaction mode,
  // its LISTEN session straight to PostgreSQL, as production behind a pooler runs.
  const poolerUrl = process.env.TEST_POOLER_URL ? databaseUrl(process.env.TEST_POOLER_URL, name) : undefined;
  // A test that sets DATABASE_POOLER itself runs on the database straight, as the pooler's settings.
  const pooled = poolerUrl
    ? { DATABASE_URL: poolerUrl, DATABASE_DIRECT_URL: directUrl, DATABASE_POOLER: 'transaction' }
    : env.DATABASE_POOLER
      ? { DATABASE_URL: directUrl }
      : {};
  // A production start needs what production requires: its database's URL and an SMTP server's.
  const production = env.NODE_ENV === 'production' ? { DATABASE_URL: directUrl, SMTP_URL: 'smtp://127.0.0.1:9', ...pooled } : {};
  const config = loadConfig({
    NODE_ENV: 'test',
    BCRYPT_ROUNDS: '4',
    JWT_SECRET: 'a-test-secret-of-at-least-32-bytes!!',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...GENEROUS_LIMITS,
    // The machine's Redis when the run names one; each app counts under its own prefix.
    REDIS_URL: process.env.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: `test-${name}:`,
    ...pooled,
    ...production,
    ...env,
  });
  const app = await createApp(config, {
    databaseUrl: poolerUrl ?? directUrl,
    databaseDirectUrl: directUrl,
    clock: options.clock,
    logger: options.logger,
  });
  const url = await app.listen(0, '127.0.0.1');

  const request = async (method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    const isJson = /[/+]json\b/.test(response.headers.get('content-type') ?? '');
    const parsed = isJson && text ? JSON.parse(text) : text;
    // Every REST answer any test sees must be one the OpenAPI document describes.
    if (path.startsWith('/api/')) {
      const problem = checkRestResponse(method, path, response.status, parsed);
      if (problem) throw new Error(`Undocumented REST response: ${method} ${path} → ${response.status}: ${problem}\n${text.slice(0, 500)}`);
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };

  return {
    url,
    databaseName: name,
    databaseUrl: directUrl,
    dataDir,
    app,
    request,
    async graphql(query, variables, token) {
      const { status, headers, body } = await request('POST', '/graphql', {
        body: { query, variables },
        token,
        // What current clients send; legacy `application/json` gets 200 for request errors.
        headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
      });
      // A document that ran must have run compiled (unless the app runs none so): else the
      // suite would test Apollo's pipeline twice, and the compiled path never.
      if (app.sentAsText && body.data !== undefined && !app.sentAsText.holds(query)) {
        throw new Error(`The compiled path could not compile a document Apollo runs: ${query}`);
      }
      return { status, headers, data: body.data, errors: body.errors };
    },
    async close() {
      await app.close();
      if (ownsDatabase) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
