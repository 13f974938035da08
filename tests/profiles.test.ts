import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from './helpers/users.js';

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('production profile', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://set-by-the-test-harness/x',
      SMTP_URL: 'smtp://127.0.0.1:1',
      // Production refuses every secret written in the repository, the tests' among them.
      JWT_SECRET: randomBytes(32).toString('base64'),
    });
  });
  afterAll(() => prod?.close());

  it('turns introspection off, saying which setting turns it on', async () => {
    const res = await prod.graphql(INTROSPECTION);
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(res.errors?.[0]?.message).toContain('GRAPHQL_INTROSPECTION=on');
    expect(res.data).toBeUndefined();
  });

  it('serves introspection and Sandbox when GRAPHQL_INTROSPECTION and GRAPHQL_SANDBOX say so (a Compose stack)', async () => {
    const open = await startTestApp({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://set-by-the-test-harness/x',
      SMTP_URL: 'smtp://127.0.0.1:1',
      JWT_SECRET: randomBytes(32).toString('base64'),
      GRAPHQL_INTROSPECTION: 'on',
      GRAPHQL_SANDBOX: 'on',
    });
    try {
      expect((await open.graphql(INTROSPECTION)).data.__schema.queryType.name).toBe('Query');
      const page = await open.request('GET', '/graphql', { headers: { accept: 'text/html' } });
      expect(String(page.body).toLowerCase()).toContain('sandbox');
    } finally {
      await open.close();
    }
  });

  it('gives no field suggestions', async () => {
    const res = await prod.graphql('{ tasx { edges { cursor } } }');
    expect(res.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('serves no Sandbox landing page, and no GraphiQL', async () => {
    const res = await prod.request('GET', '/graphql', { headers: { accept: 'text/html' } });
    expect(String(res.body)).not.toContain('sandbox');
    expect((await prod.request('GET', '/graphiql')).status).toBe(404);
    expect((await prod.request('GET', '/graphiql/assets/main.js')).status).toBe(404);
  });
});

describe('development profile', () => {
  let dev: TestApp;
  beforeAll(async () => {
    dev = await startTestApp({ NODE_ENV: 'development' });
  });
  afterAll(() => dev?.close());

  it('serves Apollo Sandbox at /graphql, GraphiQL at /graphiql (linking both), and allows introspection', async () => {
    const page = await dev.request('GET', '/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(String(page.body).toLowerCase()).toContain('sandbox');
    const graphiql = await dev.request('GET', '/graphiql');
    expect(graphiql.status).toBe(200);
    expect(String(graphiql.body)).toContain('<a href="/graphql">Apollo Sandbox</a>');
    expect((await dev.request('GET', '/graphiql/assets/main.js')).status).toBe(200);
    const res = await dev.graphql(INTROSPECTION);
    expect(res.data.__schema.queryType.name).toBe('Query');
  });

  it('suggests field names to developers', async () => {
    const res = await dev.graphql('{ tasx { edges { cursor } } }');
    expect(res.errors?.[0]?.message).toMatch(/Did you mean .*"tasks"/);
  });
});

describe('unexpected failures', () => {
  let broken: TestApp;
  let token: string;
  beforeAll(async () => {
    broken = await startTestApp();
    token = (await createUser(broken)).token;
    // A database that lost a table: every task query fails inside PostgreSQL.
    await sql`DROP TABLE tasks`.execute(broken.app.db);
  });
  afterAll(() => broken?.close());

  it('answers REST with a masked INTERNAL_ERROR: no SQL, no stack', async () => {
    const res = await broken.request('GET', '/api/tasks', { token });
    expect(res.status).toBe(500);
    expect(res.body.errors).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal server error', reason: null, details: null });
    expect(JSON.stringify(res.body)).not.toMatch(/relation|tasks"|SELECT|at /);
  });

  it('answers GraphQL with the same masked error in extensions', async () => {
    const res = await broken.graphql('{ tasks { edges { cursor } } }', {}, token);
    expect(res.errors?.[0]?.message).toBe('Internal server error');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, reason: null });
    expect(JSON.stringify(res.errors)).not.toMatch(/relation|SELECT|stacktrace/);
  });
});
